"""Rendering light into an arm's echellogram: electrons per second per pixel, before the detector.

A source is given as electrons per second per nm along the dispersion (a callable of lambda) or
as emission lines, and a profile along the slit (the slit's illumination, the seeing profile of a
star at an offset, or pinholes). Each order's rows get the source integrated over the row's
wavelength extent, convolved with the instrumental profile (:data:`LSF_SIGMA_PX`), and spread in
x along the slit around the order's centre. ``shift`` = (dx, dy) is the flexure the night adds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from instruments.xshooter.simulator.layout import LSF_SIGMA_PX, ArmLayout

Spectrum = Callable[[np.ndarray], np.ndarray]


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to 1.5e-7 (Abramowitz & Stegun 7.1.26); numpy has none and scipy is not a dependency."""
    x = np.asarray(x, dtype=float)
    t = 1.0 / (1.0 + 0.3275911 * np.abs(x))
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return np.sign(x) * (1.0 - poly * np.exp(-x * x))


def _cdf(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + _erf(np.asarray(z) / np.sqrt(2.0)))


def slit_profile(layout: ArmLayout, s_edges: np.ndarray) -> np.ndarray:
    """Fraction of a uniformly lit slit falling between pixel edges ``s_edges``."""
    half = layout.slit_px / 2.0
    inside = np.clip(np.minimum(s_edges[1:], half) - np.maximum(s_edges[:-1], -half), 0.0, None)
    return inside / layout.slit_px


def gaussian_profile(centre: float, sigma: float) -> Callable[[np.ndarray], np.ndarray]:
    """A star at slit position ``centre`` [pix] with seeing ``sigma`` [pix]: fraction per pixel."""

    def profile(s_edges: np.ndarray) -> np.ndarray:
        return _cdf((s_edges[1:] - centre) / sigma) - _cdf((s_edges[:-1] - centre) / sigma)

    return profile


def pinholes(positions: Sequence[float], sigma: float = 1.2) -> Callable[[np.ndarray], np.ndarray]:
    """Light through pinholes at slit positions ``positions`` [pix], equal shares."""
    parts = [gaussian_profile(p, sigma) for p in positions]

    def profile(s_edges: np.ndarray) -> np.ndarray:
        return sum((p(s_edges) for p in parts), np.zeros(s_edges.size - 1)) / len(parts)

    return profile


def _spread(
    layout: ArmLayout,
    m: int,
    row_rate: np.ndarray,
    profile: Callable[[np.ndarray], np.ndarray],
    shift: tuple[float, float],
    image: np.ndarray,
) -> None:
    """Add ``row_rate`` (e-/s per row of order m) into ``image`` with the slit ``profile``."""
    dx, dy = shift
    x_edges = np.arange(layout.nx + 1, dtype=float) - 0.5
    for y in np.flatnonzero(row_rate > 0):
        s_edges = x_edges - (layout.centre(m, y - dy) + dx)
        image[y] += row_rate[y] * profile(s_edges)


def continuum(
    layout: ArmLayout,
    rate_per_nm: Spectrum,
    profile: Callable[[np.ndarray], np.ndarray],
    shift: tuple[float, float] = (0.0, 0.0),
    blaze: bool = True,
) -> np.ndarray:
    """e-/s per pixel of a continuum source; ``rate_per_nm`` is already convolved to the LSF."""
    image = np.zeros((layout.ny, layout.nx))
    dy = shift[1]
    y = np.arange(layout.ny, dtype=float)
    for m in range(layout.n_orders):
        lam = layout.wavelength(m, y - dy)
        rate = rate_per_nm(lam) * layout.dispersion(m, y - dy)
        if blaze:
            rate = rate * blaze_function(layout, y - dy)
        _spread(layout, m, rate, profile, shift, image)
    return image


def lines(
    layout: ArmLayout,
    centres: np.ndarray,
    rates: np.ndarray,
    profile: Callable[[np.ndarray], np.ndarray],
    shift: tuple[float, float] = (0.0, 0.0),
) -> np.ndarray:
    """e-/s per pixel of emission lines (centres [nm], e-/s each), each a Gaussian of the LSF."""
    image = np.zeros((layout.ny, layout.nx))
    dy = shift[1]
    edges = np.arange(layout.ny + 1, dtype=float) - 0.5
    for m in range(layout.n_orders):
        rows = layout.row_of(m, centres) + dy
        row_rate = np.zeros(layout.ny)
        for row, rate in zip(rows, rates, strict=True):
            if not np.isfinite(row):
                continue
            share = _cdf((edges[1:] - row) / LSF_SIGMA_PX) - _cdf((edges[:-1] - row) / LSF_SIGMA_PX)
            row_rate += rate * share * blaze_function(layout, np.arange(layout.ny) - dy)
        _spread(layout, m, row_rate, profile, shift, image)
    return image


def blaze_function(layout: ArmLayout, y: np.ndarray) -> np.ndarray:
    """The echelle blaze along an order: brightest in the middle, ~40 % at the ends."""
    u = np.asarray(y, dtype=float) / (layout.ny - 1)
    return 0.4 + 0.6 * np.cos(np.pi * 0.9 * (u - 0.5)) ** 2


def convolve_to_lsf(layout: ArmLayout, lam: np.ndarray, values: np.ndarray) -> Spectrum:
    """``values`` sampled at ``lam`` [nm], smoothed to the arm's LSF, as a callable of lambda."""
    pixel = (layout.lam_max - layout.lam_min) / layout.n_orders / layout.ny
    step = float(np.median(np.diff(lam)))
    sigma = LSF_SIGMA_PX * pixel / step
    half = int(np.ceil(4 * sigma))
    kernel = np.exp(-0.5 * (np.arange(-half, half + 1) / sigma) ** 2)
    kernel /= kernel.sum()
    padded = np.pad(values, half, mode="edge")
    smooth = np.convolve(padded, kernel, mode="valid")

    def spectrum(x: np.ndarray) -> np.ndarray:
        return np.interp(x, lam, smooth)

    return spectrum
