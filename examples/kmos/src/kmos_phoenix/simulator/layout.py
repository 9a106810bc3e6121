"""The simulated instrument: where each IFU's slitlets fall on the detector cut-out, and which
wavelength each row sees. Fixed for the instrument (its own seed), not drawn per night.

Real KMOS: a spectrograph images 8 IFUs x 14 slitlets, each slitlet 14 pixels long, side by
side along the 2048 columns of its Hawaii-2RG; wavelength runs along the rows (K: 1.934-2.460
um over 2048 rows, R ~ 4200). Simulated: the first ``n`` IFUs of spectrograph 1 on a cut-out of
512 rows (2.050-2.181 um). Simplified: the slitlets are straight and 2 pixels apart (real ones
abut and curve), each has one smooth wavelength solution (no variation along the slitlet).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

SPAXELS = 14  # spaxels per slitlet = pixels across a slitlet; slitlets per IFU
SPAXEL_ARCSEC = 0.2
SLITLET_GAP = 2
IFU_GAP = 6
MARGIN = 8
ROWS = 512
FIRST_ROW = 450  # the cut-out's first row on the 2048-row detector (0-based)
DETECTOR_ROWS = 2048
K_BAND_NM = (1934.0, 2460.0)
RESOLVING_POWER = 4200.0
INSTRUMENT_SEED = 2013  # KMOS's first light: the instrument's fixed properties


@dataclass(frozen=True)
class Slitlet:
    ifu: int  # 1-based, as KMOS numbers IFUs
    index: int  # 0..13 within the IFU: the spatial row of the IFU's field it sees
    left: int  # first column on the cut-out
    throughput: float
    wave_offset_nm: float  # this slitlet's shift from the nominal solution

    @property
    def columns(self) -> slice:
        return slice(self.left, self.left + SPAXELS)


def ifu_width() -> int:
    return SPAXELS * SPAXELS + (SPAXELS - 1) * SLITLET_GAP


def columns_for(ifus: int) -> int:
    return 2 * MARGIN + ifus * ifu_width() + (ifus - 1) * IFU_GAP


def nominal_wavelength_nm(rows: np.ndarray) -> np.ndarray:
    """The band's linear solution over the full detector, at cut-out rows ``rows``."""
    lo, hi = K_BAND_NM
    return lo + (np.asarray(rows, dtype=float) + FIRST_ROW) * (hi - lo) / DETECTOR_ROWS


CURVATURE_NM = 0.4  # how far the true solution bends from the linear one at the cut-out's ends


def true_wavelength_nm(slitlet: Slitlet, rows: np.ndarray) -> np.ndarray:
    """The wavelength the slitlet's pixels see at ``rows``: nominal + offset + a gentle bend."""
    t = (np.asarray(rows, dtype=float) - ROWS / 2) / (ROWS / 2)
    return nominal_wavelength_nm(rows) + slitlet.wave_offset_nm + CURVATURE_NM * t**2


@functools.cache
def slitlets(ifus: int) -> tuple[Slitlet, ...]:
    """Every slitlet of IFUs 1..ifus with its place, throughput and wavelength offset."""
    rng = np.random.default_rng(INSTRUMENT_SEED)
    out = []
    left = MARGIN
    for ifu in range(1, ifus + 1):
        for index in range(SPAXELS):
            out.append(
                Slitlet(ifu, index, left, float(rng.uniform(0.85, 1.15)), float(rng.normal(0.0, 0.25)))
            )
            left += SPAXELS + SLITLET_GAP
        left += IFU_GAP - SLITLET_GAP
    return tuple(out)


def pixel_response(ifus: int) -> np.ndarray:
    """The detector's fixed pixel-to-pixel response (2 % rms), rows x columns."""
    rng = np.random.default_rng([INSTRUMENT_SEED, 1])
    return 1.0 + 0.02 * rng.standard_normal((ROWS, columns_for(ifus)))


def hot_pixels(ifus: int) -> np.ndarray:
    """The detector's fixed hot pixels (0.2 %), as a boolean mask."""
    rng = np.random.default_rng([INSTRUMENT_SEED, 2])
    return rng.random((ROWS, columns_for(ifus))) < 0.002
