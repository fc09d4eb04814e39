"""callqa's outer layer: the command line (and later the web app)."""
