"""What a ``SCIENCE.CUBE.IFS`` header states about its data, measured on the data.

The white-light image (the mean over wavelength, its variance from STAT), the pixel-to-pixel
noise PIXNOISE, the spatial resolution SKY_RES (FWHM of the brightest point source, measured by
second moments) and the 5σ point-source limiting AB magnitude ABMAGLIM in an aperture of
diameter 2×SKY_RES. Nothing here is typed in.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from phoenix.types import Cube

C_ANGSTROM_PER_S = 2.99792458e18
FWHM_PER_SIGMA = 2.0 * math.sqrt(2.0 * math.log(2.0))
MIN_PEAK_SNR = 10.0  # a SKY_RES measurement needs a source at least this significant
_UNIT_SCALE = re.compile(r"^\s*10\*\*\(?\s*([+-]?\d+)\s*\)?\s*\*?")


@dataclass(frozen=True)
class PointSource:
    """The brightest compact source of an image: centroid (0-based pixels), FWHM and total flux."""

    x: float
    y: float
    fwhm_px: float
    fwhm_err_px: float
    flux: float
    peak_snr: float


@dataclass(frozen=True)
class CubeMeasures:
    wavelmin_nm: float
    wavelmax_nm: float
    pixnoise: float
    spaxel_arcsec: float
    source: PointSource | None
    noise_whitelight: float  # per spaxel, in the cube's unit


def white_light(cube: Cube) -> tuple[np.ndarray, np.ndarray]:
    """The mean image over wavelength and its variance (from STAT), NaN where no plane is valid."""
    data = np.asarray(cube.data, dtype=np.float64)
    stat = np.asarray(cube.stat, dtype=np.float64)
    valid = np.isfinite(data) & np.isfinite(stat)
    n = valid.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        image = np.where(n > 0, np.where(valid, data, 0.0).sum(axis=0) / n, np.nan)
        variance = np.where(n > 0, np.where(valid, stat, 0.0).sum(axis=0) / n.astype(float) ** 2, np.nan)
    return image, variance


def spaxel_arcsec(wcs: dict | object) -> float:
    cards = dict(wcs)  # type: ignore[call-overload]
    cd = np.array(
        [
            [cards.get("CD1_1", 0.0), cards.get("CD1_2", 0.0)],
            [cards.get("CD2_1", 0.0), cards.get("CD2_2", 0.0)],
        ]
    )
    return float(math.sqrt(abs(np.linalg.det(cd))) * 3600.0)


def unit_scale(unit: str) -> float:
    """The numeric factor of a unit such as ``10**(-20)*erg/s/cm**2/Angstrom`` (1 when none)."""
    match = _UNIT_SCALE.match(unit)
    return 10.0 ** int(match.group(1)) if match else 1.0


def brightest_source(image: np.ndarray, variance: np.ndarray, box: int = 8) -> PointSource | None:
    """Centroid, FWHM (second moments) and flux of the brightest compact source above the background."""
    finite = np.isfinite(image)
    if finite.sum() < 9:
        return None
    background = float(np.nanmedian(image))
    noise = float(np.sqrt(np.nanmedian(variance))) if np.isfinite(variance).any() else float("nan")
    residual = np.where(finite, image - background, 0.0)
    y0, x0 = np.unravel_index(int(np.argmax(residual)), residual.shape)
    peak_snr = float(residual[y0, x0] / noise) if noise > 0 else 0.0
    ny, nx = residual.shape
    ys = slice(max(0, y0 - box), min(ny, y0 + box + 1))
    xs = slice(max(0, x0 - box), min(nx, x0 + box + 1))
    window = residual[ys, xs]
    yy, xx = np.mgrid[ys, xs]
    weight = np.clip(window, 0.0, None)
    total = float(weight.sum())
    if total <= 0:
        return None
    cx, cy = float((weight * xx).sum() / total), float((weight * yy).sum() / total)
    # the half-maximum core sets the width; the wings of a noisy window would inflate the moments
    core = weight * (window > 0.5 * window.max())
    csum = float(core.sum())
    var_x = float((core * (xx - cx) ** 2).sum() / csum)
    var_y = float((core * (yy - cy) ** 2).sum() / csum)
    # a Gaussian truncated at half maximum has variance 0.2795·σ² per axis (∫ over |x| < 1.177σ)
    sig_x, sig_y = math.sqrt(var_x / TRUNCATED_VARIANCE), math.sqrt(var_y / TRUNCATED_VARIANCE)
    fwhm = FWHM_PER_SIGMA * math.sqrt(sig_x * sig_y)
    return PointSource(cx, cy, fwhm, FWHM_PER_SIGMA * abs(sig_x - sig_y) / 2.0, float(window.sum()), peak_snr)


def _truncated_variance() -> float:
    # variance of a unit 2-D Gaussian's marginal, restricted to where the 2-D profile exceeds 1/2
    r = np.linspace(-4, 4, 801)
    x, y = np.meshgrid(r, r)
    g = np.exp(-0.5 * (x**2 + y**2))
    w = g * (g > 0.5)
    return float((w * x**2).sum() / w.sum())


TRUNCATED_VARIANCE = _truncated_variance()


def measure_cube(cube: Cube) -> CubeMeasures:
    """WAVELMIN/MAX, PIXNOISE and the brightest point source of ``cube``'s white-light image."""
    n = int(np.asarray(cube.data).shape[0])
    stat = np.asarray(cube.stat, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        pixnoise = float(np.nanmedian(np.sqrt(stat[stat > 0])))
    image, variance = white_light(cube)
    source = brightest_source(image, variance)
    return CubeMeasures(
        wavelmin_nm=float(cube.wave0_nm),
        wavelmax_nm=float(cube.wave0_nm + (n - 1) * cube.dwave_nm),
        pixnoise=pixnoise,
        spaxel_arcsec=spaxel_arcsec(cube.celestial_wcs),
        source=source if source is not None and source.peak_snr >= MIN_PEAK_SNR else None,
        noise_whitelight=float(np.sqrt(np.nanmedian(variance))),
    )


def ab_mag_limit(
    noise_per_spaxel: float, fwhm_arcsec: float, spaxel: float, unit: str, wave_nm: float
) -> float:
    """5σ AB magnitude of a point source in an aperture of diameter 2×FWHM, from the white-light noise."""
    n_spaxels = math.pi * (fwhm_arcsec / spaxel) ** 2
    f_lambda = 5.0 * noise_per_spaxel * math.sqrt(n_spaxels) * unit_scale(unit)  # erg/s/cm²/Å
    wave_a = wave_nm * 10.0
    f_nu = f_lambda * wave_a**2 / C_ANGSTROM_PER_S
    return -2.5 * math.log10(f_nu) - 48.6
