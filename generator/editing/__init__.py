"""The editors' commands: the command line and the preview."""
