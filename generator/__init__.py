"""A public register of coordination agreements, built as a static site."""
