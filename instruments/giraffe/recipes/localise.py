"""Fibre localisation on a fibre flat: where each lit fibre's trace runs, and how wide it is.

The flat is cut into bands of rows; in each band's median profile across the columns, every
peak well above the noise is a fibre, measured by its first and second moments within ±5
columns (the pixel's own width, 1/12, taken out of the variance). Peaks are named by the nearest
nominal Medusa slit position (:func:`instruments.giraffe.setup.nominal_fibre_x`) after the
median offset between found and nominal positions is removed. Per fibre, the centres are fitted
with a quadratic in the row coordinate ``u`` (-1..1) and the width is the median over bands.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from instruments.giraffe.setup import FIBRE_PITCH_PX, FIRST_FIBRE_PX, MAX_FIBRES

BANDS = 16
HALF_WINDOW = 5
CENTROID_DEGREE = 2


@dataclass(frozen=True)
class Trace:
    """One fibre's trace: centre polynomial in ``u`` (numpy order, highest first) and sigma."""

    fps: int
    coeffs: tuple[float, ...]
    sigma: float
    rms: float  # of the band centres about the fit [px]

    def centre(self, rows: np.ndarray, n_rows: int) -> np.ndarray:
        return np.polyval(self.coeffs, row_coordinate(rows, n_rows))


def row_coordinate(rows: np.ndarray, n_rows: int) -> np.ndarray:
    """Rows mapped onto -1..1 (pixel centres)."""
    half = n_rows / 2.0
    return (np.asarray(rows, dtype=float) + 0.5 - half) / half


def _peaks(profile: np.ndarray, threshold: float) -> list[tuple[float, float]]:
    """(centre, sigma) of every local maximum above ``threshold``, by moments within ±HALF_WINDOW."""
    found = []
    inner = profile[1:-1]
    maxima = np.flatnonzero((inner > profile[:-2]) & (inner >= profile[2:]) & (inner > threshold)) + 1
    for m in maxima:
        lo, hi = m - HALF_WINDOW, m + HALF_WINDOW + 1
        if lo < 0 or hi > profile.size:
            continue
        x = np.arange(lo, hi, dtype=float)
        w = np.clip(profile[lo:hi], 0.0, None)
        total = w.sum()
        centre = float((x * w).sum() / total)
        variance = float(((x - centre) ** 2 * w).sum() / total) - 1.0 / 12.0
        found.append((centre, float(np.sqrt(max(variance, 0.05)))))
    return found


def localise(flat: np.ndarray, min_level: float = 50.0) -> tuple[Trace, ...]:
    """The traces of the lit fibres of a calibrated flat (electrons), by fibre number."""
    n_rows = flat.shape[0]
    edges = np.linspace(0, n_rows, BANDS + 1).astype(int)
    bands: list[tuple[float, list[tuple[float, float]]]] = []
    for lo, hi in itertools.pairwise(edges):
        profile = np.median(flat[lo:hi], axis=0)
        noise = 1.4826 * np.median(np.abs(profile - np.median(profile)))
        threshold = max(min_level, 10.0 * noise, 0.1 * float(np.percentile(profile, 99.5)))
        bands.append((0.5 * (lo + hi) - 0.5, _peaks(profile, threshold)))
    offset = _slit_offset([c for _, peaks in bands for c, _ in peaks])
    per_fibre: dict[int, list[tuple[float, float, float]]] = {}
    for row, peaks in bands:
        for centre, sigma in peaks:
            fps = round((centre - offset - FIRST_FIBRE_PX) / FIBRE_PITCH_PX) + 1
            if 1 <= fps <= MAX_FIBRES:
                per_fibre.setdefault(fps, []).append((row, centre, sigma))
    traces = []
    for fps, points in sorted(per_fibre.items()):
        if len(points) < max(3, BANDS // 2):
            continue  # seen in too few bands to be a fibre
        rows, centres, sigmas = (np.array(v) for v in zip(*points, strict=True))
        u = row_coordinate(rows, n_rows)
        coeffs = np.polyfit(u, centres, CENTROID_DEGREE)
        rms = float(np.sqrt(np.mean((np.polyval(coeffs, u) - centres) ** 2)))
        traces.append(Trace(fps, tuple(float(c) for c in coeffs), float(np.median(sigmas)), rms))
    if not traces:
        raise ValueError("no fibre found on the flat")
    return tuple(traces)


def _slit_offset(centres: list[float]) -> float:
    """The median offset of the found peaks from the nearest nominal fibre positions."""
    if not centres:
        raise ValueError("no fibre found on the flat")
    c = np.asarray(centres)
    phase = (c - FIRST_FIBRE_PX) / FIBRE_PITCH_PX
    return float(np.median((phase - np.round(phase)) * FIBRE_PITCH_PX))
