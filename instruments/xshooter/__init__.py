"""The XSHOOTER plugin: three-arm (UVB, VIS, NIR) echelle spectra, with Python reference recipes."""

__version__ = "0.1.0"
