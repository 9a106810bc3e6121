"""Reading raw-frame headers, refusing files that are not whole."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from astropy.io import fits
from astropy.utils.exceptions import AstropyUserWarning

from phoenix.errors import FrameError


def check_complete(path: Path) -> None:
    """Raise FrameError unless every HDU's data is fully present in the file."""
    size = path.stat().st_size
    if size == 0 or size % 2880:
        raise FrameError(
            path.name, f"truncated FITS file: {size} bytes is not a whole number of 2880-byte blocks"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", AstropyUserWarning)
        try:
            with fits.open(path, memmap=False, lazy_load_hdus=False) as hdul:
                info = hdul.fileinfo(len(hdul) - 1)
        except (OSError, AstropyUserWarning, ValueError, IndexError) as exc:
            raise FrameError(path.name, f"unreadable FITS file: {exc}") from exc
    if info is None or info["datLoc"] + info["datSpan"] > size:
        raise FrameError(path.name, f"truncated FITS file: data run past the end of the file ({size} bytes)")


def read_primary_header(path: Path) -> dict[str, Any]:
    """The primary header as a plain dict (astropy key names: ``ESO DPR CATG``), after a completeness check.

    For a file with an empty primary HDU (e.g. UVES red), keywords of the first extension are
    not merged: instrument rules read the primary header, as ESO's OCA rules do.
    """
    check_complete(path)
    with fits.open(path, memmap=False) as hdul:
        header = hdul[0].header
        return {key: header[key] for key in header if key not in ("COMMENT", "HISTORY", "")}
