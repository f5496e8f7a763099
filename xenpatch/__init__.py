"""xenpatch: manage an out-of-tree kernel patch queue against a fast-moving upstream."""

__version__ = "0.1.0"
