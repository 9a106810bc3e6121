"""Noise-free scenes in electrons, drawn in the pipeline's standard frame of one chip.

Rows are the cross-dispersion direction (y), columns the dispersion (x); pixel (x, y) with 1-based
coordinates is ``image[y - 1, x - 1]``. Each scene follows the chip's :class:`EchelleFormat`:

* arc lines (format check and ThAr) at the predicted (X, YNEW) of every catalogue line;
* the order-definition flat: narrow traces along every order;
* the lamp flat: the full slit along every order;
* a point source: the true spectrum along every order through the dispersion relation, convolved
  with the instrumental profile, times the blaze, spread over a Gaussian seeing profile.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from instruments.uves.simulator.echelle import EchelleFormat
from instruments.uves.simulator.linecat import intensity_of
from instruments.uves.simulator.spectrum import StarSpectrum

LSF_SIGMA_PX = 1.5  # instrumental profile along the dispersion (arc lines and science)
SLIT_EDGE_PX = 0.7  # softness of the slit image edges
FMTCHK_LINE_HEIGHT_PX = 8.0  # the format check uses a short slit
ORDERDEF_SIGMA_PX = 1.5  # the order-definition flat: a narrow trace
ARC_PEAK_E = 30000.0  # brightest arc line, peak electrons per pixel
FLAT_PEAK_E = 30000.0
ORDERDEF_PEAK_E = 25000.0

Profile = Callable[[np.ndarray], np.ndarray]


def slit_profile(height_px: float) -> Profile:
    """A slit image of ``height_px`` with soft edges, 1 inside."""
    half = 0.5 * height_px

    def profile(d: np.ndarray) -> np.ndarray:
        return 0.5 * (np.tanh((d + half) / SLIT_EDGE_PX) - np.tanh((d - half) / SLIT_EDGE_PX))

    return profile


def gaussian_profile(sigma_px: float, *, normalised: bool) -> Profile:
    """A Gaussian across the order: peak 1, or unit sum when ``normalised``."""
    scale = 1.0 / (sigma_px * np.sqrt(2.0 * np.pi)) if normalised else 1.0

    def profile(d: np.ndarray) -> np.ndarray:
        return scale * np.exp(-0.5 * (d / sigma_px) ** 2)

    return profile


def paint_along_order(
    image: np.ndarray, yc: np.ndarray, amplitude: np.ndarray, profile: Profile, half: int
) -> None:
    """Add ``amplitude(x) * profile(y - yc(x))`` for the rows within ``half`` pixels of the trace."""
    rows, columns = image.shape
    cols = np.arange(columns)
    base = np.floor(yc).astype(int)
    for k in range(-half, half + 2):
        y = base + k
        inside = (y >= 1) & (y <= rows)
        if inside.any():
            image[y[inside] - 1, cols[inside]] += amplitude[inside] * profile(y[inside] - yc[inside])


def _visible(fmt: EchelleFormat, yc: np.ndarray, half: float) -> bool:
    return bool(np.any((yc > -half) & (yc < fmt.rows + half)))


def order_scene(fmt: EchelleFormat, profile: Profile, half_px: float, peak_e: float) -> np.ndarray:
    """Every order filled with ``peak_e * blaze`` and spread across by ``profile``."""
    image = np.zeros((fmt.rows, fmt.columns), dtype=np.float32)
    x = fmt.x
    for m in fmt.orders:
        yc = fmt.trace(x, m)
        if _visible(fmt, yc, half_px):
            paint_along_order(image, yc, peak_e * fmt.blaze(x, m), profile, int(np.ceil(half_px)))
    return image


def flat_scene(fmt: EchelleFormat, slit_px: float, peak_e: float = FLAT_PEAK_E) -> np.ndarray:
    """A slit-filling continuum lamp (flat lamp spectrum) through the blaze."""
    return order_scene(fmt, slit_profile(slit_px), 0.5 * slit_px + 3.0, peak_e)


def orderdef_scene(fmt: EchelleFormat, peak_e: float = ORDERDEF_PEAK_E) -> np.ndarray:
    """Narrow continuum traces along every order."""
    return order_scene(
        fmt, gaussian_profile(ORDERDEF_SIGMA_PX, normalised=False), 5 * ORDERDEF_SIGMA_PX, peak_e
    )


def arc_scene(fmt: EchelleFormat, line_height_px: float, peak_e: float = ARC_PEAK_E) -> np.ndarray:
    """Arc lines of ``line_height_px`` at the predicted positions, with catalogue intensities and blaze."""
    image = np.zeros((fmt.rows, fmt.columns), dtype=np.float32)
    lines = fmt.lines
    amplitudes = peak_e * intensity_of(lines.wave_a)
    across = slit_profile(line_height_px)
    half_x = int(np.ceil(4 * LSF_SIGMA_PX))
    half_y = int(np.ceil(0.5 * line_height_px + 3))
    for x0, y0, m, amp in zip(lines.x, lines.y, lines.order, amplitudes, strict=True):
        xs = np.arange(round(x0) - half_x, round(x0) + half_x + 1)
        ys = np.arange(round(y0) - half_y, round(y0) + half_y + 1)
        xs, ys = xs[(xs >= 1) & (xs <= fmt.columns)], ys[(ys >= 1) & (ys <= fmt.rows)]
        if xs.size == 0 or ys.size == 0:
            continue
        along = np.exp(-0.5 * ((xs - x0) / LSF_SIGMA_PX) ** 2)
        weight = amp * float(fmt.blaze(np.array([x0]), int(m))[0])
        image[ys[0] - 1 : ys[-1], xs[0] - 1 : xs[-1]] += weight * np.outer(across(ys - y0), along)
    return image


def lsf_kernel(sigma_px: float = LSF_SIGMA_PX) -> np.ndarray:
    """Unit-sum Gaussian kernel of the instrumental profile."""
    half = int(np.ceil(5 * sigma_px))
    k = np.exp(-0.5 * (np.arange(-half, half + 1) / sigma_px) ** 2)
    return k / k.sum()


def science_scene(
    fmt: EchelleFormat, star: StarSpectrum, column_e: float, seeing_sigma_px: float, offset_px: float = 0.0
) -> np.ndarray:
    """A point source: ``column_e * F(lambda) * blaze`` electrons per column, over a Gaussian profile.

    ``column_e`` is the number of electrons a column of the order receives at the blaze peak
    where the relative flux F is 1.
    """
    image = np.zeros((fmt.rows, fmt.columns), dtype=np.float32)
    x = fmt.x
    kernel = lsf_kernel()
    pad = kernel.size // 2
    profile = gaussian_profile(seeing_sigma_px, normalised=True)
    half = int(np.ceil(5 * seeing_sigma_px + abs(offset_px)))
    for m in fmt.orders:
        yc = fmt.trace(x, m) + offset_px
        if not _visible(fmt, yc, half):
            continue
        # the spectrum seen by the pixels, extended by the kernel half-width to avoid edge effects
        xe = np.arange(1 - pad, fmt.columns + pad + 1, dtype=float)
        flux = star.flux(fmt.wavelength(xe, m) / 10.0)
        seen = np.convolve(flux, kernel, mode="valid")
        paint_along_order(image, yc, column_e * seen * fmt.blaze(x, m), profile, half)
    return image
