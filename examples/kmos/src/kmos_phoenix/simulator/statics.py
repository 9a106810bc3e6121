"""The static calibrations: the argon line list (ARC_LIST) and the band limits (WAVE_BAND).

They have the shape of the kmos pipeline's own static tables (lines: wavelength in micron,
relative strength, gas; bands: name, minimum and maximum in micron). The lines are the strong
Ar I lines of the K band, air wavelengths; the simulator draws the arcs from this same list and
the wavelength recipe calibrates against it, so the reduction is consistent whatever their last
digit. (KMOS's lamps also carry neon; only argon is simulated.)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from astropy.io import fits

from kmos_phoenix import keywords as kw
from kmos_phoenix.simulator.layout import K_BAND_NM

AR_LINES_NM = (2061.62, 2098.61, 2133.29, 2153.42, 2207.71, 2313.32, 2396.65)
AR_STRENGTHS = (0.55, 1.0, 0.6, 0.8, 0.7, 0.9, 0.5)
ARC_LIST_FILE = "kmos_ar_list_k.fits"
WAVE_BAND_FILE = "kmos_wave_band.fits"
UM_PER_NM = 1e-3


def write_arc_list(path: Path) -> Path:
    columns = [
        fits.Column(name="WAVELENGTH", format="D", unit="um", array=np.array(AR_LINES_NM) * UM_PER_NM),
        fits.Column(name="STRENGTH", format="D", array=np.array(AR_STRENGTHS)),
        fits.Column(name="GAS", format="2A", array=np.array(["Ar"] * len(AR_LINES_NM))),
    ]
    return _write(path, columns, "ARC_LIST")


def write_wave_band(path: Path) -> Path:
    columns = [
        fits.Column(name="BAND", format="2A", array=np.array([kw.BAND_K])),
        fits.Column(name="MIN", format="D", unit="um", array=np.array([K_BAND_NM[0] * UM_PER_NM])),
        fits.Column(name="MAX", format="D", unit="um", array=np.array([K_BAND_NM[1] * UM_PER_NM])),
    ]
    return _write(path, columns, "WAVE_BAND")


def _write(path: Path, columns: list[fits.Column], category: str) -> Path:
    primary = fits.PrimaryHDU()
    primary.header[kw.card(kw.INSTRUME)] = kw.INSTRUMENT
    primary.header[kw.card(kw.PRO_CATG)] = category
    fits.HDUList([primary, fits.BinTableHDU.from_columns(columns)]).writeto(path)
    return path
