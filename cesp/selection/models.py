"""Facts of the selection app."""
