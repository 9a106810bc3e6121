"""Is a fetched file whole and the one asked for? FITS files: whole blocks, every HDU's data present,
CHECKSUM/DATASUM where the file carries them, and ARCFILE naming the data product asked for."""

from __future__ import annotations

import warnings
from pathlib import Path

from astropy.io import fits
from astropy.utils.exceptions import AstropyUserWarning

from phoenix import keywords as kw
from phoenix.errors import FrameError
from phoenix.headers import check_complete


class VerificationError(Exception):
    """The file is not whole or not the one asked for."""


def verify_fits(path: Path, dp_id: str) -> None:
    """Raise :class:`VerificationError` unless ``path`` is the whole FITS file of ``dp_id``."""
    try:
        check_complete(path)
    except FrameError as exc:
        raise VerificationError(exc.reason) from exc
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AstropyUserWarning)
        # memory-mapped: the data sums are computed without reading a cube into memory
        with fits.open(path, checksum=True) as hdul:
            len(hdul)  # every HDU read, and so checked
            arcfile = str(hdul[0].header.get(kw.ARCFILE, "")).strip()
    failed = [str(w.message) for w in caught if "checksum" in str(w.message).lower()]
    if failed:
        raise VerificationError(f"checksum verification failed: {failed[0]}")
    if arcfile and arcfile.removesuffix(".fits") != dp_id:
        raise VerificationError(f"the server sent {arcfile}, not {dp_id}")


def verify_text(path: Path) -> None:
    """A night log: some text."""
    if not path.read_bytes().strip():
        raise VerificationError("empty file")
