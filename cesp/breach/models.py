"""Facts of the breach app."""
