"""The ``eso`` archive backend: TAP metadata, dataPortal downloads, calSelector, OIDC tokens."""

from phoenix.archive.eso.client import EsoArchive

__all__ = ["EsoArchive"]
