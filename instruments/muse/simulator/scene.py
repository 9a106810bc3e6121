"""What falls on a MUSE CCD: the 48 slices, arc and sky lines, and point sources from the sky.

Wavelength runs along CCD rows, λ(y) = 4600 Å + 1.25 Å·(y − 1) on the trimmed CCD (the pattern
muse_wavecal matches); the slices are 77 px wide with 6 px gaps from x = 30 (muse_flat accepts
72.2–82.2 px), so the full 4096 px width is needed (NOTES.md §4.3).

A point source is drawn through the synthetic GEOMETRY_TABLE: slice ``s`` covers field row
``y(s)`` and field columns ``x(s) ± 37.5`` spaxels, CCD column ``c`` of the slice seeing field
column ``x(s) + SLICE_X_SIGN·(c − centre)·75/77``. The sky-to-field transform
(:func:`field_position`) is the one muse_scipost applies: east to the left, north up at position
angle 0, the field rotated by INS.DROT.POSANG; both were measured on the real recipe's output
(tests/muse/test_point_source.py checks them).
"""

from __future__ import annotations

import math

import numpy as np

from instruments.muse import keywords as kw
from instruments.muse.simulator import statics

LAMBDA0, DISPERSION = 4600.0, 1.25  # Å at trimmed row 1, Å per row
SLICE_WIDTH, SLICE_GAP, SLICE_X0 = 77, 6, 30
SLICE_X_SIGN = -1.0  # CCD columns run against field x within a slice (measured)
N_SLICES = statics.STACKS * statics.SLICES_PER_STACK
SKY_LINES = (5577.3, 6300.3, 6363.8, 7341.0, 7913.7, 8344.6, 8827.1)


def slice_edges(slice_no: int) -> tuple[float, float]:
    lo = SLICE_X0 + (slice_no - 1) * (SLICE_WIDTH + SLICE_GAP)
    return float(lo), float(lo + SLICE_WIDTH)


def slice_row(nx: int, flux: float = 1.0) -> np.ndarray:
    """One CCD row of the 48 slices with soft edges, ``flux`` inside."""
    x = np.arange(nx, dtype=float)
    row = np.zeros(nx)
    for s in range(1, N_SLICES + 1):
        lo, hi = slice_edges(s)
        row += flux * 0.25 * (1 + np.tanh(x - lo)) * (1 - np.tanh(x - hi))
    return row


def line_profile(ny: int, lines: tuple[float, ...] | np.ndarray, amplitude: float) -> np.ndarray:
    """A column vector of Gaussian lines (σ = 0.9 rows) at the rows of ``lines`` (Å)."""
    y = np.arange(1, ny + 1, dtype=float)[:, None]
    out = np.zeros((ny, 1))
    for lam in lines:
        out += amplitude * np.exp(-0.5 * ((y - (1 + (lam - LAMBDA0) / DISPERSION)) / 0.9) ** 2)
    return out


def flat_signal(ny: int, nx: int, flux: float = 20000.0) -> np.ndarray:
    return np.tile(slice_row(nx, flux).astype(np.float32), (ny, 1))


def arc_signal(ny: int, nx: int, lines: np.ndarray, amplitude: float = 5000.0) -> np.ndarray:
    return (line_profile(ny, lines, amplitude) * slice_row(nx)[None, :]).astype(np.float32)


def field_position(ra: float, dec: float, ra0: float, dec0: float, posang_deg: float) -> tuple[float, float]:
    """Field offset (x, y) in spaxels of sky position (ra, dec) from the pointing (ra0, dec0)."""
    east = (ra - ra0) * math.cos(math.radians(dec0)) * 3600.0 / kw.SPAXEL_ARCSEC
    north = (dec - dec0) * 3600.0 / kw.SPAXEL_ARCSEC
    x, y = -east, north
    theta = math.radians(posang_deg)
    return (
        x * math.cos(theta) - y * math.sin(theta),
        x * math.sin(theta) + y * math.cos(theta),
    )


def source_row(nx: int, x0: float, y0: float, sigma: float, ifu: int = 1) -> np.ndarray:
    """One CCD row of a Gaussian point source of unit total flux at field offset (x0, y0) spaxels.

    The field offset is from the field centre (geometry x = 0, y = the IFU's middle row).
    """
    row = np.zeros(nx)
    centre_y = statics.SLICES_PER_STACK * (ifu - 1) + (statics.SLICES_PER_STACK - 1) / 2.0
    norm = 1.0 / (2.0 * math.pi * sigma**2)
    scale = statics.SLICE_SKY_WIDTH / SLICE_WIDTH  # spaxels per CCD column
    for s in range(1, N_SLICES + 1):
        xs, ys = statics.slice_centre(s, ifu)
        wy = math.exp(-0.5 * ((ys - centre_y - y0) / sigma) ** 2)
        if wy < 1e-6:
            continue
        lo, hi = slice_edges(s)
        cols = np.arange(int(lo), int(hi) + 1)
        xf = xs + SLICE_X_SIGN * (cols + 0.5 - (lo + hi) / 2.0) * scale
        row[cols] += norm * wy * np.exp(-0.5 * ((xf - x0) / sigma) ** 2) * scale
    return row


def science_signal(
    ny: int,
    nx: int,
    sources: tuple[tuple[float, float, float], ...],
    continuum: float,
    sigma: float,
) -> np.ndarray:
    """Sky continuum and lines inside the slices plus point sources ``(x, y, counts per row)``."""
    slices = slice_row(nx)
    sky = continuum + line_profile(ny, SKY_LINES, 2000.0)
    signal = sky * slices[None, :]
    for x0, y0, counts in sources:
        signal += counts * source_row(nx, x0, y0, sigma)[None, :]
    return signal.astype(np.float32)
