"""Finding arc lines in a 1D profile and matching them to a line list."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

CORE_PX = 2  # half width of the centroid window [pix]: two sigma of the line profile


def robust_sigma(values: np.ndarray) -> float:
    return float(1.4826 * np.median(np.abs(values - np.median(values))))


def find_peaks(profile: np.ndarray, hsize: int, nsigma: float = 8.0) -> np.ndarray:
    """Centroids [row] of the local maxima standing ``nsigma`` above the background."""
    base = np.median(profile)
    noise = max(robust_sigma(profile), 1e-9)
    found = []
    for i in range(max(hsize, CORE_PX), profile.size - max(hsize, CORE_PX)):
        window = profile[i - hsize : i + hsize + 1]
        if profile[i] < base + nsigma * noise or profile[i] != window.max():
            continue
        core = profile[i - CORE_PX : i + CORE_PX + 1]  # a narrow core: neighbours do not pull it
        w = np.clip(core - base, 0.0, None)
        found.append(i - CORE_PX + float(np.sum(w * np.arange(w.size)) / w.sum()))
    return np.array(found)


def match(
    peaks: np.ndarray,
    catalogue: np.ndarray,
    predict_row: Callable[[np.ndarray], np.ndarray],
    tolerance: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (row, wavelength) where a catalogue line's predicted row lies within ``tolerance`` of a
    peak, each peak and line used once (unambiguous matches only)."""
    if peaks.size == 0:
        return np.array([]), np.array([])
    rows = predict_row(catalogue)
    pairs_row, pairs_lam = [], []
    for lam, row in zip(catalogue, rows, strict=True):
        if not np.isfinite(row):
            continue
        d = np.abs(peaks - row)
        near = np.flatnonzero(d < tolerance)
        if near.size == 1:
            pairs_row.append(peaks[near[0]])
            pairs_lam.append(lam)
    rows_out, lams_out = np.array(pairs_row), np.array(pairs_lam)
    unique = np.array([np.sum(rows_out == r) == 1 for r in rows_out], dtype=bool)
    return rows_out[unique], lams_out[unique]


def box_profile(image: np.ndarray, x_centre: np.ndarray, half: float) -> np.ndarray:
    """Per row, the sum of the pixels within ``half`` of ``x_centre[row]``."""
    ny, nx = image.shape
    cols = np.arange(nx)
    out = np.zeros(ny)
    for y in range(ny):
        sel = np.abs(cols - x_centre[y]) <= half
        out[y] = image[y, sel].sum()
    return out


def fwhm(profile: np.ndarray, centre: float, hsize: int) -> float:
    """FWHM [rows] of a line from its second moment above the local background."""
    i = round(centre)
    lo, hi = max(i - hsize, 0), min(i + hsize + 1, profile.size)
    w = profile[lo:hi] - min(profile[lo], profile[hi - 1])
    w = np.clip(w, 0.0, None)
    x = np.arange(lo, hi)
    if w.sum() <= 0:
        return float("nan")
    mean = np.sum(w * x) / w.sum()
    return float(2.3548 * np.sqrt(np.sum(w * (x - mean) ** 2) / w.sum()))
