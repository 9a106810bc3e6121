"""What a spectrum preview shows: a rebinned overview, and windows at full resolution."""

from __future__ import annotations

import math

import numpy as np

MIN_WINDOW = 16  # pixels: narrower than this is not worth a panel
MAX_WINDOW = 400  # pixels: wider than this is no longer "full resolution" on a third of a PNG


def zoom_windows(flux: np.ndarray, count: int) -> list[tuple[int, int]]:
    """``count`` pixel ranges ``[start, stop)``, one in each equal part of the spectrum.

    In each part the window is centred on the strongest feature: the largest departure of the
    3-pixel running mean (so a single hot pixel does not win) from the local continuum (medians
    of window-wide blocks, interpolated). A spectrum too short for ``count`` windows of
    :data:`MIN_WINDOW` pixels gets one window over all of it.
    """
    npix = len(flux)
    if count < 1 or npix < 2:
        return []
    if npix < count * MIN_WINDOW * 2:
        return [(0, npix)]
    width = min(MAX_WINDOW, max(MIN_WINDOW, npix // (4 * count)))
    smooth = _running_mean(np.asarray(flux, float), 3)
    departure = np.abs(smooth - _continuum(smooth, width))
    departure[~np.isfinite(departure)] = -1.0
    windows = []
    for index in range(count):
        first, stop = index * npix // count, (index + 1) * npix // count
        centre = first + int(np.argmax(departure[first:stop]))
        start = min(max(centre - width // 2, first), stop - width)
        windows.append((start, start + width))
    return windows


def _continuum(values: np.ndarray, block: int) -> np.ndarray:
    """A smooth continuum: the median of each ``block`` pixels, interpolated back to every pixel."""
    n = len(values)
    edges = np.arange(0, n, block)
    centres, medians = [], []
    for start in edges:
        chunk = values[start : start + block]
        finite = chunk[np.isfinite(chunk)]
        if finite.size:
            centres.append(start + len(chunk) / 2.0)
            medians.append(float(np.median(finite)))
    if not centres:
        return np.full(n, np.nan)
    return np.interp(np.arange(n, dtype=float), centres, medians)


def _running_mean(values: np.ndarray, n: int) -> np.ndarray:
    good = np.isfinite(values)
    kernel = np.ones(n)
    sums = np.convolve(np.where(good, values, 0.0), kernel, mode="same")
    counts = np.convolve(good.astype(float), kernel, mode="same")
    return np.divide(sums, counts, out=np.full(len(values), np.nan), where=counts > 0)


def overview(wave: np.ndarray, flux: np.ndarray, max_points: int) -> tuple[np.ndarray, np.ndarray, int]:
    """``(wave, flux, factor)``: the mean of every ``factor`` pixels, so at most ``max_points`` remain.

    NaN pixels are left out of their bin's mean; a bin of NaN only stays NaN (a gap in the line).
    """
    factor = max(1, math.ceil(len(wave) / max_points))
    if factor == 1:
        return wave, flux, 1
    bins = math.ceil(len(wave) / factor)
    pad = bins * factor - len(wave)
    w = np.concatenate([wave, np.full(pad, np.nan)]).reshape(bins, factor)
    f = np.concatenate([flux, np.full(pad, np.nan)]).reshape(bins, factor)
    good = np.isfinite(f)
    counts = good.sum(axis=1)
    sums = np.where(good, f, 0.0).sum(axis=1)
    mean_flux = np.divide(sums, counts, out=np.full(bins, np.nan), where=counts > 0)
    mean_wave = np.nanmean(w, axis=1)
    return mean_wave, mean_flux, factor
