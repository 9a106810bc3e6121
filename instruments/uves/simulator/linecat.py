"""A synthetic ThAr-like arc line list: the static LINE_REFER_TABLE and the lines' brightness.

The list is a static calibration, so it depends on a fixed seed of its own and not on the night's.
Lines are at least ``MIN_SEPARATION_A`` apart (no blends) with a density of a few tenths of a line
per Angstrom, which puts 20-40 lines into every UVES order.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import numpy as np
from astropy.io import fits

from instruments.uves import keywords as kw
from instruments.uves.simulator.fitsio import card, write_hdul_atomic

CATALOGUE_SEED = 19990927
WAVE_MIN_A = 3000.0
WAVE_MAX_A = 11000.0
N_CANDIDATES = 4000
MIN_SEPARATION_A = 0.5
INTENSITY_RANGE = (0.03, 1.0)  # relative peak brightness, drawn log-uniform
LINE_REFER_TABLE = "LINE_REFER_TABLE"
WAVE_COLUMN = "WAVE"


@functools.cache
def thar_lines() -> tuple[np.ndarray, np.ndarray]:
    """Air wavelengths [Angstrom] and relative intensities of the synthetic arc lines (read-only)."""
    rng = np.random.default_rng(CATALOGUE_SEED)
    candidates = np.sort(rng.uniform(WAVE_MIN_A, WAVE_MAX_A, N_CANDIDATES))
    kept = [candidates[0]]
    for w in candidates[1:]:
        if w - kept[-1] >= MIN_SEPARATION_A:
            kept.append(w)
    wave = np.array(kept)
    lo, hi = np.log(INTENSITY_RANGE[0]), np.log(INTENSITY_RANGE[1])
    intensity = np.exp(rng.uniform(lo, hi, wave.size))
    wave.flags.writeable = False
    intensity.flags.writeable = False
    return wave, intensity


def intensity_of(wave_a: np.ndarray) -> np.ndarray:
    """Relative intensity of catalogue lines given by wavelength (as the pipeline reports them)."""
    wave, intensity = thar_lines()
    idx = np.clip(np.searchsorted(wave, wave_a), 1, wave.size - 1)
    nearer = np.where(np.abs(wave[idx - 1] - wave_a) < np.abs(wave[idx] - wave_a), idx - 1, idx)
    return intensity[nearer]


def catalogue_digest() -> str:
    """A short digest of the line list, part of the physical-model cache key."""
    wave, _ = thar_lines()
    return hashlib.sha256(wave.tobytes()).hexdigest()[:16]


def write_line_refer_table(path: Path) -> Path:
    """Write the LINE_REFER_TABLE: extension 1 with one column WAVE [Angstrom]."""
    wave, _ = thar_lines()
    primary = fits.Header(
        [
            card(kw.INSTRUME, "UVES", "Instrument used."),
            card(kw.PRO_CATG, LINE_REFER_TABLE, "Category of pipeline product frame"),
        ]
    )
    table = fits.BinTableHDU.from_columns(
        [fits.Column(name=WAVE_COLUMN, format="D", unit="Angstrom", array=np.asarray(wave))]
    )
    return write_hdul_atomic(fits.HDUList([fits.PrimaryHDU(header=primary), table]), path)
