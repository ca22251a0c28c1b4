"""One module per format: only what is specific to that format's syntax lives there."""
