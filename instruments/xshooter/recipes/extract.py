"""Optimal extraction of one order, and the merging of the orders into one spectrum.

Per order the flat-fielded frame is rectified along the order's centre (linear interpolation
across x, one pixel per slit step), the object found on the collapsed profile, and extracted by
Horne's (1986) variance-weighted method: the spatial profile is the running median of the data
along the dispersion, normalised per row; f = sum(P D / V) / sum(P^2 / V) with variance
1 / sum(P^2 / V). Sky (STARE) is the median of each row outside the object's window. Spectra are
converted to per-nm densities with the dispersion solution and merged onto one linear grid with
inverse-variance weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from instruments.xshooter.recipes.geometry import Dispersion, Orders

WINDOW_PX = 7.0  # half width of the extraction window around the object [slit pixels]
PROFILE_ROWS = 15  # half width of the running median that estimates the profile [rows]
END_TRIM_ROWS = 3  # rows dropped at both ends of each order


@dataclass(frozen=True)
class OrderSpectrum:
    """One order's extracted spectrum: wavelength [nm], flux density per nm and its variance."""

    lam: np.ndarray
    flux: np.ndarray
    var: np.ndarray


def rectify(
    image: np.ndarray, var: np.ndarray, orders: Orders, m: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The order as rows x slit positions s (pixels from the centre), data and variance."""
    half = int(np.floor(orders.half_length(m))) - 1
    s = np.arange(-half, half + 1, dtype=float)
    ny, nx = image.shape
    x = orders.x_centre(m, np.arange(ny))[:, None] + s[None, :]
    i0 = np.clip(np.floor(x).astype(int), 0, nx - 2)
    frac = np.clip(x - i0, 0.0, 1.0)
    rows = np.arange(ny)[:, None]
    data = (1 - frac) * image[rows, i0] + frac * image[rows, i0 + 1]
    variance = (1 - frac) ** 2 * var[rows, i0] + frac**2 * var[rows, i0 + 1]
    return data, variance, s


def locate(data: np.ndarray, s: np.ndarray) -> float:
    """The slit position of the brightest source: the peak of the collapsed profile, refined."""
    collapsed = np.nanmedian(data, axis=0)
    i = int(np.nanargmax(collapsed))
    lo, hi = max(i - 2, 0), min(i + 3, s.size)
    w = np.clip(collapsed[lo:hi] - np.nanmin(collapsed), 0.0, None)
    return float(np.sum(w * s[lo:hi]) / w.sum()) if w.sum() > 0 else float(s[i])


def _running_median(values: np.ndarray, half: int) -> np.ndarray:
    padded = np.pad(values, ((half, half), (0, 0)), mode="edge")
    return np.median(sliding_window_view(padded, 2 * half + 1, axis=0), axis=-1)


def optimal(
    data: np.ndarray, var: np.ndarray, s: np.ndarray, centre: float, sky: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Horne extraction of the source at ``centre``: flux per row and its variance."""
    inside = np.abs(s - centre) <= WINDOW_PX
    if sky:
        outside = (np.abs(s - centre) > WINDOW_PX + 2) & (np.abs(s) < s.max() - 1)
        background = np.median(data[:, outside], axis=1)
        data = data - background[:, None]
        var = var + (np.pi / 2) * np.var(data[:, outside], axis=1)[:, None] / max(int(outside.sum()), 1)
    d, v = data[:, inside], np.where(var[:, inside] > 0, var[:, inside], np.inf)
    profile = np.clip(_running_median(d, PROFILE_ROWS), 0.0, None)
    total = profile.sum(axis=1, keepdims=True)
    profile = np.where(total > 0, profile / np.where(total > 0, total, 1.0), 1.0 / d.shape[1])
    weight = np.sum(profile**2 / v, axis=1)
    flux = np.sum(profile * d / v, axis=1) / weight
    return flux, 1.0 / weight


def extract(
    image: np.ndarray, var: np.ndarray, orders: Orders, disp: Dispersion, sky: bool, sign: float = 1.0
) -> list[OrderSpectrum]:
    """Every order's spectrum of the brightest source (of ``sign`` x image), per nm."""
    out = []
    for m in range(orders.count):
        data, variance, s = rectify(sign * image, var, orders, m)
        flux, fvar = optimal(data, variance, s, locate(data, s), sky)
        y = np.arange(image.shape[0], dtype=float)
        per_nm = disp.per_pixel(m, y)
        keep = disp.constrained(m, y) & (y >= END_TRIM_ROWS) & (y < image.shape[0] - END_TRIM_ROWS)
        out.append(
            OrderSpectrum(disp.wavelength(m, y)[keep], (flux / per_nm)[keep], (fvar / per_nm**2)[keep])
        )
    return out


def combine(spectra: list[list[OrderSpectrum]]) -> list[OrderSpectrum]:
    """Inverse-variance weighted mean, order by order, of several exposures' spectra."""
    out = []
    for parts in zip(*spectra, strict=True):
        w = np.array([1.0 / p.var for p in parts])
        flux = np.sum(w * np.array([p.flux for p in parts]), axis=0) / w.sum(axis=0)
        out.append(OrderSpectrum(parts[0].lam, flux, 1.0 / w.sum(axis=0)))
    return out


def merge(spectra: list[OrderSpectrum], step: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The orders on one linear grid of ``step`` nm (<= 0: the median dispersion), weighted by 1/var."""
    if step <= 0:
        step = float(np.median(np.concatenate([np.diff(o.lam) for o in spectra])))
    lo = min(float(o.lam.min()) for o in spectra)
    hi = max(float(o.lam.max()) for o in spectra)
    grid = lo + step * np.arange(int((hi - lo) / step) + 1)
    num, den = np.zeros_like(grid), np.zeros_like(grid)
    for o in spectra:
        f = np.interp(grid, o.lam, o.flux, left=np.nan, right=np.nan)
        v = np.interp(grid, o.lam, o.var, left=np.nan, right=np.nan)
        ok = np.isfinite(f) & np.isfinite(v) & (v > 0)
        num[ok] += f[ok] / v[ok]
        den[ok] += 1.0 / v[ok]
    good = den > 0
    flux = np.where(good, num / np.where(good, den, 1.0), np.nan)
    var = np.where(good, 1.0 / np.where(good, den, 1.0), np.nan)
    return grid, flux, var
