"""Archive backends: where raw frames, master calibrations and products live."""

from phoenix.archive.files import sha256_of
from phoenix.archive.local import LocalArchive

__all__ = ["LocalArchive", "sha256_of"]
