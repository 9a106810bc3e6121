"""The dispersion solution of each fibre from an arc: lines found, identified, and a polynomial fit.

Per fibre, the extracted arc is cross-correlated with the catalogue lines placed at their
nominal rows (the setting's linear first guess, :mod:`instruments.giraffe.setup`) to find the
fibre's shift; then each catalogue line is searched within a window (0.4 of the smallest line
spacing, at most 10 rows) around its predicted row, its centre measured by a Gaussian-windowed
centroid of the background-subtracted peak, and wavelength is fitted as a cubic in the row
coordinate with 3-sigma clipping. The residual RMS is reported in rows (pixels).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from instruments.giraffe.recipes.localise import row_coordinate
from instruments.giraffe.setup import Setting

DEGREE = 3
MAX_SHIFT = 24
MIN_PEAK_SNR = 10.0


@dataclass(frozen=True)
class Solution:
    """One fibre's wavelength [nm] as a polynomial in the row coordinate (numpy order)."""

    fps: int
    coeffs: tuple[float, ...]
    rms_px: float
    n_lines: int

    def wave(self, rows: np.ndarray, n_rows: int) -> np.ndarray:
        return np.polyval(self.coeffs, row_coordinate(rows, n_rows))


def solve(
    fps: int, counts: np.ndarray, variance: np.ndarray, catalogue: np.ndarray, mode: Setting
) -> Solution:
    """The dispersion solution of one fibre's extracted arc (``counts`` per row)."""
    n_rows = counts.size
    lines = np.sort(catalogue[(catalogue > mode.wmin_nm) & (catalogue < mode.wmax_nm)])
    if lines.size < DEGREE + 3:
        raise ValueError(f"fibre {fps}: only {lines.size} catalogue lines in {mode.name}")
    nominal = (lines - mode.wmin_nm) / mode.dispersion(n_rows) - 0.5
    shift = _shift(counts, nominal)
    spacing = float(np.min(np.diff(nominal))) if lines.size > 1 else float(n_rows)
    window = max(2, int(min(0.4 * spacing, 10.0)))
    rows, waves = [], []
    for wave, y0 in zip(lines, nominal + shift, strict=True):
        centre = _centroid(counts, variance, y0, window)
        if centre is not None:
            rows.append(centre)
            waves.append(wave)
    if len(rows) < DEGREE + 3:
        raise ValueError(f"fibre {fps}: only {len(rows)} arc lines found")
    y, lam = np.array(rows), np.array(waves)
    keep = np.ones(y.size, dtype=bool)
    for _ in range(3):
        coeffs = np.polyfit(row_coordinate(y[keep], n_rows), lam[keep], DEGREE)
        resid_px = (lam - np.polyval(coeffs, row_coordinate(y, n_rows))) / mode.dispersion(n_rows)
        rms = float(np.sqrt(np.mean(resid_px[keep] ** 2)))
        new = np.abs(resid_px) < max(3.0 * rms, 0.05)
        if new.sum() < DEGREE + 3 or (new == keep).all():
            break
        keep = new
    return Solution(fps, tuple(float(c) for c in coeffs), rms, int(keep.sum()))


def _shift(counts: np.ndarray, nominal: np.ndarray) -> float:
    """The row shift that best aligns catalogue lines at ``nominal`` rows with the arc."""
    rows = np.arange(counts.size, dtype=float)
    signal = counts - np.median(counts)
    lags = np.arange(-MAX_SHIFT, MAX_SHIFT + 1)
    template = np.exp(-0.5 * ((rows[:, None] - nominal[None, :]) / 2.0) ** 2).sum(axis=1)
    scores = [float(signal @ np.roll(template, lag)) for lag in lags]
    best = int(np.argmax(scores))
    if 0 < best < lags.size - 1:  # parabola through the peak and its neighbours
        a, b, c = scores[best - 1], scores[best], scores[best + 1]
        denom = a - 2 * b + c
        return float(lags[best] + (0.5 * (a - c) / denom if denom else 0.0))
    return float(lags[best])


def _centroid(counts: np.ndarray, variance: np.ndarray, guess: float, window: int) -> float | None:
    """The centre of the strongest peak within ``window`` rows of ``guess``, or None."""
    middle = round(guess)
    lo, hi = middle - window, middle + window + 1
    if lo < 0 or hi > counts.size:
        return None
    peak = lo + int(np.argmax(counts[lo:hi]))
    a, b = peak - 6, peak + 7
    if a < 0 or b > counts.size:
        return None
    x = np.arange(a, b, dtype=float)
    background = float(np.median(np.concatenate((counts[max(0, a - 4) : a], counts[b : b + 4]))))
    w = np.clip(counts[a:b] - background, 0.0, None)
    if w.sum() <= 0 or counts[peak] - background < MIN_PEAK_SNR * np.sqrt(variance[peak]):
        return None
    centre = float(peak)
    for _ in range(10):  # windowed centroid: converges to the centre of a symmetric line
        g = w * np.exp(-0.5 * ((x - centre) / 2.0) ** 2)
        centre = float((x * g).sum() / g.sum())
    return centre
