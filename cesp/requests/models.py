"""Facts of the requests app."""
