"""Reading simulated raw frames back (test support)."""

from __future__ import annotations

import warnings
from pathlib import Path

from astropy.io import fits

from instruments.uves import keywords as kw


def readable(path: str | Path) -> bool:
    """True when every HDU of the file, data included, can be read."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # astropy warns before it fails on a truncated file
        try:
            with fits.open(path, memmap=False) as hdul:
                hdul.verify("exception")
                for hdu in hdul:
                    _ = hdu.data
        except (OSError, ValueError, TypeError):
            return False
    return True


def primary(path: str | Path) -> fits.Header:
    """The primary header."""
    return fits.getheader(path, 0)


def chip_headers(path: str | Path) -> list[fits.Header]:
    """Per chip, the primary header merged with its extension header, as the pipeline sees it."""
    with fits.open(path, memmap=False) as hdul:
        head = hdul[0].header.copy()
        if len(hdul) == 1:
            return [head]
        merged = []
        for hdu in hdul[1:]:
            h = head.copy()
            h.update(hdu.header)
            merged.append(h)
        return merged


def frames_of(paths: list[str], dpr_type: str, arm: str | None = None) -> list[str]:
    """The readable frames of one DPR TYPE (and arm: DET CHIPS 1 = BLUE, 2 = RED)."""
    chips = {kw.ARM_BLUE: 1, kw.ARM_RED: 2}
    out = []
    for p in paths:
        if not readable(p):
            continue
        h = primary(p)
        if h.get(kw.DPR_TYPE) == dpr_type and (arm is None or h.get(kw.DET_CHIPS) == chips[arm]):
            out.append(p)
    return out
