"""The pure model: patch files, series files, mboxes and diff analysis (bytes in, values out)."""
