"""Reading the static tables a recipe is given: the band limits and the arc line list."""

from __future__ import annotations

import numpy as np
from astropy.io import fits

NM_PER_MICRON = 1000.0
DETECTOR_ROWS = 2048


def band_limits_nm(path: str, band: str) -> tuple[float, float]:
    """(min, max) of ``band`` in nm, from a WAVE_BAND table (micron)."""
    rows = fits.getdata(path, 1)
    for row in rows:
        if str(row["BAND"]).strip() == band:
            return float(row["MIN"]) * NM_PER_MICRON, float(row["MAX"]) * NM_PER_MICRON
    raise ValueError(f"{path}: no band {band!r}")


def arc_lines_nm(path: str) -> np.ndarray:
    return np.sort(np.asarray(fits.getdata(path, 1)["WAVELENGTH"], dtype=float) * NM_PER_MICRON)


def first_guess_nm(band: tuple[float, float], first_row: int, rows: int) -> np.ndarray:
    """The band spread linearly over the detector's rows, at the rows of a read-out window.

    ``first_row`` is 1-based (the header's window start).
    """
    lo, hi = band
    return lo + (np.arange(rows, dtype=float) + first_row - 1) * (hi - lo) / DETECTOR_ROWS
