"""The git layer: the only code that runs git. Everything is bytes in, bytes out."""
