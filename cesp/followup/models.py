"""Facts of the followup app."""
