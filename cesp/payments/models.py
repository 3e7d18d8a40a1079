"""Facts of the payments app."""
