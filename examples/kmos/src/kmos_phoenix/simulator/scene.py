"""What falls on the detector, in photo-electrons per second per pixel, before the detector.

* targets: star-forming galaxies at z ~ 2.2 (the kind KMOS surveys observe), a faint continuum
  and H-alpha redshifted into the K band, seen through 0.6" seeing;
* sky: the K band's thermal continuum, rising to the red (no OH lines are simulated);
* lamps: a smooth flat-field lamp and the argon arc lines through the instrumental profile.
Each scene is multiplied by the slitlet's throughput and the pixel response.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kmos_phoenix.simulator import layout
from kmos_phoenix.simulator.layout import ROWS, SPAXEL_ARCSEC, SPAXELS, Slitlet
from kmos_phoenix.simulator.statics import AR_LINES_NM, AR_STRENGTHS

H_ALPHA_AIR_NM = 656.28
SEEING_FWHM_ARCSEC = 0.6
FWHM_PER_SIGMA = 2.3548
LAMP_RATE = 400.0  # e-/s per pixel of the flat lamp at its peak
ARC_PEAK_RATE = 300.0  # e-/s at the peak of the strongest arc line


@dataclass(frozen=True)
class Target:
    """A galaxy in one IFU: where, how bright, at which redshift (the injected truth)."""

    ifu: int
    name: str
    ra_deg: float
    dec_deg: float
    x_spaxel: float  # centroid in the IFU's 14 x 14 field, spaxel units
    y_spaxel: float
    redshift: float
    line_rate: float  # H-alpha, e-/s summed over the source
    line_sigma_kms: float
    continuum_rate: float  # e-/s per nm summed over the source

    @property
    def line_nm(self) -> float:
        return H_ALPHA_AIR_NM * (1.0 + self.redshift)


def draw_targets(count: int, ra0: float, dec0: float, rng: np.random.Generator) -> tuple[Target, ...]:
    targets = []
    for ifu in range(1, count + 1):
        targets.append(
            Target(
                ifu=ifu,
                name=f"KMOS-SIM-{ifu:02d}",
                ra_deg=round(ra0 + rng.uniform(-0.05, 0.05), 6),
                dec_deg=round(dec0 + rng.uniform(-0.05, 0.05), 6),
                x_spaxel=float(rng.uniform(5.5, 7.5)),
                y_spaxel=float(rng.uniform(5.5, 7.5)),
                redshift=round(float(rng.uniform(2.16, 2.26)), 5),
                line_rate=float(rng.uniform(30.0, 50.0)),
                line_sigma_kms=float(rng.uniform(60.0, 120.0)),
                continuum_rate=float(rng.uniform(1.0, 2.0)),
            )
        )
    return tuple(targets)


def _gauss(x: np.ndarray, centre: float, sigma: float) -> np.ndarray:
    return np.exp(-0.5 * ((x - centre) / sigma) ** 2) / (sigma * np.sqrt(2.0 * np.pi))


def instrumental_sigma_nm(wave_nm: float) -> float:
    return wave_nm / layout.RESOLVING_POWER / FWHM_PER_SIGMA


def target_rate(target: Target, wave_nm: np.ndarray, dwave_nm: np.ndarray) -> np.ndarray:
    """The source's e-/s per detector pixel along one column, summed over the source."""
    sigma = np.hypot(
        target.line_nm * target.line_sigma_kms / 299792.458, instrumental_sigma_nm(target.line_nm)
    )
    line = target.line_rate * _gauss(wave_nm, target.line_nm, sigma) * dwave_nm
    return line + target.continuum_rate * dwave_nm


def psf_weight(target: Target, spaxel_x: int, spaxel_y: int) -> float:
    """Fraction of the source in one spaxel (a Gaussian seeing disc sampled at the spaxel centre)."""
    sigma = SEEING_FWHM_ARCSEC / FWHM_PER_SIGMA / SPAXEL_ARCSEC
    r2 = (spaxel_x - target.x_spaxel) ** 2 + (spaxel_y - target.y_spaxel) ** 2
    return float(np.exp(-0.5 * r2 / sigma**2) / (2.0 * np.pi * sigma**2))


def sky_rate(wave_nm: np.ndarray, dwave_nm: np.ndarray) -> np.ndarray:
    """Thermal K-band sky per pixel: ~0.6 e-/s/nm at 2.05 um, doubling every ~150 nm."""
    return 0.6 * np.exp((wave_nm - 2050.0) / 215.0) * dwave_nm


def lamp_rate(wave_nm: np.ndarray) -> np.ndarray:
    return LAMP_RATE * (1.0 - 0.3 * ((wave_nm - 2115.0) / 150.0) ** 2)


def arc_rate(wave_nm: np.ndarray) -> np.ndarray:
    """Argon lines per pixel: peak rate x strength, Gaussian instrumental profile."""
    out = np.zeros_like(wave_nm)
    for line, strength in zip(AR_LINES_NM, AR_STRENGTHS, strict=True):
        out += ARC_PEAK_RATE * strength * np.exp(-0.5 * ((wave_nm - line) / instrumental_sigma_nm(line)) ** 2)
    return out


def column_waves(slitlet: Slitlet) -> tuple[np.ndarray, np.ndarray]:
    rows = np.arange(ROWS)
    wave = layout.true_wavelength_nm(slitlet, rows)
    return wave, np.gradient(wave)


def render(ifus: int, kind: str, targets: tuple[Target, ...] = ()) -> np.ndarray:
    """e-/s per pixel of the cut-out for ``kind``: 'dark', 'flat', 'arc', 'sky' or 'object'."""
    image = np.zeros((ROWS, layout.columns_for(ifus)))
    if kind == "dark":
        return image
    by_ifu = {t.ifu: t for t in targets}
    for slitlet in layout.slitlets(ifus):
        wave, dwave = column_waves(slitlet)
        if kind == "flat":
            column = lamp_rate(wave)
        elif kind == "arc":
            column = arc_rate(wave)
        else:
            column = sky_rate(wave, dwave)
        block = np.repeat(column[:, None], SPAXELS, axis=1)
        target = by_ifu.get(slitlet.ifu) if kind == "object" else None
        if target is not None:
            spectrum = target_rate(target, wave, dwave)
            weights = np.array([psf_weight(target, x, slitlet.index) for x in range(SPAXELS)])
            block += spectrum[:, None] * weights[None, :]
        image[:, slitlet.columns] = block * slitlet.throughput
    return image * layout.pixel_response(ifus)
