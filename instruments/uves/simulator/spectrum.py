"""The true spectrum of a simulated point source: a Planck continuum times Gaussian absorption lines.

Wavelengths are air wavelengths in nm, on the same scale as the arc line list (the pipeline's
wavelength solution is therefore in the same air scale). Fluxes are relative: the continuum is 1
at ``REFERENCE_NM``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

REFERENCE_NM = 550.0
HC_OVER_K_NM_K = 1.4387769e7  # h c / k  [nm K]
LINE_WINDOW_SIGMA = 6.0
LINE_SPACING_NM = 2.0
LINE_JITTER = 0.2  # fraction of the spacing
MAX_LINE_GAP_NM = LINE_SPACING_NM * (1 + 2 * LINE_JITTER)


@dataclass(frozen=True)
class AbsorptionLine:
    """A Gaussian absorption line: ``1 - depth * exp(-(lambda - wave)^2 / (2 sigma^2))``."""

    wave_nm: float
    depth: float
    sigma_nm: float

    def as_dict(self) -> dict[str, float]:
        """For the truth file."""
        return {"wave_nm": self.wave_nm, "depth": self.depth, "sigma_nm": self.sigma_nm}


@dataclass(frozen=True)
class StarSpectrum:
    """A source's intrinsic spectrum and its brightness (as the peak S/N the exposures reach)."""

    teff_k: float
    lines: tuple[AbsorptionLine, ...]
    peak_snr: float  # S/N per pixel at the blaze peak of each arm's central order

    def continuum(self, wave_nm: np.ndarray) -> np.ndarray:
        """Planck curve B_lambda(T), normalised to 1 at REFERENCE_NM."""
        return _planck(np.asarray(wave_nm, float), self.teff_k) / _planck(np.array(REFERENCE_NM), self.teff_k)

    def transmission(self, wave_nm: np.ndarray) -> np.ndarray:
        """The product of all line profiles (1 = no absorption)."""
        wave_nm = np.asarray(wave_nm, float)
        flat = wave_nm.ravel()
        order = np.argsort(flat, kind="stable")
        sorted_wave = flat[order]
        result = np.ones_like(sorted_wave)
        for line in self.lines:
            lo, hi = np.searchsorted(
                sorted_wave,
                [
                    line.wave_nm - LINE_WINDOW_SIGMA * line.sigma_nm,
                    line.wave_nm + LINE_WINDOW_SIGMA * line.sigma_nm,
                ],
            )
            if hi > lo:
                d = (sorted_wave[lo:hi] - line.wave_nm) / line.sigma_nm
                result[lo:hi] *= 1.0 - line.depth * np.exp(-0.5 * d * d)
        out = np.empty_like(result)
        out[order] = result
        return out.reshape(wave_nm.shape)

    def flux(self, wave_nm: np.ndarray) -> np.ndarray:
        """Continuum times lines."""
        return self.continuum(wave_nm) * self.transmission(wave_nm)

    def continuum_parameters(self) -> dict[str, float | str]:
        """For the truth file."""
        return {"model": "planck", "teff_k": self.teff_k, "normalised_at_nm": REFERENCE_NM}


def _planck(wave_nm: np.ndarray, teff_k: float) -> np.ndarray:
    return wave_nm**-5.0 / np.expm1(HC_OVER_K_NM_K / (wave_nm * teff_k))


def draw_star(rng: np.random.Generator, coverage_nm: tuple[float, float]) -> StarSpectrum:
    """A star with a random temperature, brightness and line list covering ``coverage_nm``.

    Lines sit on a jittered grid every LINE_SPACING_NM, never more than MAX_LINE_GAP_NM apart, so
    every echelle order (the smallest free spectral range here, order 124 at 376 nm, is 3.03 nm)
    holds at least one, with depths 0.15-0.7 and widths sigma = 0.006-0.02 nm (resolved: the
    instrumental sigma is ~0.004 nm).
    """
    teff = float(rng.uniform(4500.0, 9500.0))
    peak_snr = float(rng.uniform(60.0, 120.0))
    lo, hi = coverage_nm
    n = int(np.ceil((hi - lo) / LINE_SPACING_NM))
    step = (hi - lo) / n
    centres = lo + step * (np.arange(n) + 0.5 + rng.uniform(-LINE_JITTER, LINE_JITTER, n))
    depths = rng.uniform(0.15, 0.7, n)
    sigmas = rng.uniform(0.006, 0.02, n)
    lines = tuple(
        AbsorptionLine(round(float(w), 5), round(float(d), 4), round(float(s), 5))
        for w, d, s in zip(centres, depths, sigmas, strict=True)
    )
    return StarSpectrum(round(teff, 1), lines, round(peak_snr, 1))
