"""Facts of the offers app."""
