"""What the simulated light is: target and standard spectra, the sky, the atmosphere's telluric
absorption, the arms' throughput, the lamps and the arc line list.

Fluxes in erg/s/cm2/Angstrom (as xshoo's fluxed products), wavelengths in nm (air). The
telluric absorption is a set of smooth bands at the real wavelengths of the O2 and H2O bands;
it is applied to every object seen through the atmosphere and *not* removed by the reduction
(PHOENIX leaves it in, as the paper's Figure 2 shows). Atmospheric extinction and slit losses are
not simulated, so the standard star and the targets see the same instrument.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from instruments.xshooter.simulator.layout import LAYOUTS

H_C_ERG_NM = 1.98645e-9  # h c in erg nm
VLT_AREA_CM2 = 5.1e5
ANGSTROM_PER_NM = 10.0
# (lambda_min, lambda_max, depth) of the telluric bands simulated (O2 B and A, H2O, CO2)
TELLURIC_BANDS: tuple[tuple[float, float, float], ...] = (
    (686.0, 695.0, 0.5),
    (716.0, 734.0, 0.3),
    (759.0, 770.0, 0.7),
    (813.0, 835.0, 0.3),
    (895.0, 985.0, 0.45),
    (1110.0, 1165.0, 0.5),
    (1340.0, 1480.0, 0.95),
    (1800.0, 1960.0, 0.97),
    (2000.0, 2070.0, 0.3),
)
TELLURIC_EDGE_NM = 3.0
# dichroic cross-overs between the arms and their width (logistic) [nm]
DICHROIC_UVB_VIS, DICHROIC_VIS_NIR, DICHROIC_WIDTH = 556.0, 1005.0, 3.0
PEAK_EFFICIENCY = {"UVB": 0.18, "VIS": 0.24, "NIR": 0.20}


def telluric(lam: np.ndarray) -> np.ndarray:
    """The atmosphere's transmission (1 outside the bands)."""
    lam = np.asarray(lam, dtype=float)
    t = np.ones_like(lam)
    for lo, hi, depth in TELLURIC_BANDS:
        inside = _step(lam, lo, TELLURIC_EDGE_NM) * (1.0 - _step(lam, hi, TELLURIC_EDGE_NM))
        t *= 1.0 - depth * inside
    return t


def _step(lam: np.ndarray, at: float, width: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(lam - at) / width))


def efficiency(arm: str, lam: np.ndarray) -> np.ndarray:
    """Telescope + instrument + detector efficiency of ``arm`` (dichroics at the arm boundaries)."""
    layout = LAYOUTS[arm]
    lam = np.asarray(lam, dtype=float)
    centre = 0.5 * (layout.lam_min + layout.lam_max)
    half = 0.5 * (layout.lam_max - layout.lam_min)
    bell = np.clip(1.0 - 0.5 * ((lam - centre) / half) ** 2, 0.2, None)
    eff = PEAK_EFFICIENCY[arm] * bell
    if arm in ("VIS", "NIR"):
        eff = eff * _step(lam, DICHROIC_UVB_VIS if arm == "VIS" else DICHROIC_VIS_NIR, DICHROIC_WIDTH)
    if arm in ("UVB", "VIS"):
        eff = eff * (1.0 - _step(lam, DICHROIC_UVB_VIS if arm == "UVB" else DICHROIC_VIS_NIR, DICHROIC_WIDTH))
    return eff


def photons_per_nm(flux: np.ndarray, lam: np.ndarray, arm: str) -> np.ndarray:
    """Detected electrons per second per nm for a flux density [erg/s/cm2/A] at ``lam`` [nm]."""
    return flux * ANGSTROM_PER_NM * VLT_AREA_CM2 * lam / H_C_ERG_NM * efficiency(arm, lam)


def blackbody_shape(lam: np.ndarray, temperature: float) -> np.ndarray:
    """B_lambda(T), normalised to 1 at 550 nm."""
    c2 = 1.4388e7  # h c / k in nm K

    def planck(x: np.ndarray | float) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        return x**-5 / np.expm1(c2 / (x * temperature))

    return planck(lam) / planck(550.0)


@dataclass(frozen=True)
class Line:
    """A Gaussian emission line of the target: centre [nm], sigma [nm], peak over the continuum."""

    centre: float
    sigma: float
    peak: float


@dataclass(frozen=True)
class Target:
    """A science target: a blackbody continuum scaled to ``flux550`` plus emission lines."""

    name: str
    temperature: float
    flux550: float  # erg/s/cm2/A at 550 nm
    lines: tuple[Line, ...]

    def flux(self, lam: np.ndarray) -> np.ndarray:
        lam = np.asarray(lam, dtype=float)
        cont = self.flux550 * blackbody_shape(lam, self.temperature)
        emission = sum(
            (line.peak * np.exp(-0.5 * ((lam - line.centre) / line.sigma) ** 2) for line in self.lines),
            np.zeros_like(lam),
        )
        return cont * (1.0 + emission)


# emission lines put into every target, away from telluric bands and arm overlaps
LINE_CENTRES = (372.7, 434.0, 486.1, 500.7, 656.3, 671.6, 849.8, 866.2, 1083.0, 1282.0, 1644.0, 2166.0)


def draw_target(name: str, rng: np.random.Generator) -> Target:
    """A target with a random temperature and brightness and the :data:`LINE_CENTRES` lines."""
    lines = []
    for centre in LINE_CENTRES:
        arm = next(a for a, lay in LAYOUTS.items() if lay.lam_min < centre < lay.lam_max)
        pixel = (LAYOUTS[arm].lam_max - LAYOUTS[arm].lam_min) / LAYOUTS[arm].n_orders / LAYOUTS[arm].ny
        lines.append(Line(centre, 1.2 * pixel, float(rng.uniform(1.5, 3.0))))
    return Target(name, float(rng.uniform(4500.0, 7500.0)), float(rng.uniform(1.5e-15, 3e-15)), tuple(lines))


def standard_star() -> Target:
    """The flux standard: a hot, line-free continuum (its tabulated spectrum is FLUX_STD_CATALOG)."""
    return Target("SIM-STD-1", 12000.0, 1.2e-14, ())


def sky_per_arcsec(lam: np.ndarray) -> np.ndarray:
    """Sky emission [erg/s/cm2/A per arcsec along the slit]: a faint continuum plus OH-like lines."""
    lam = np.asarray(lam, dtype=float)
    sky = 2e-18 * np.ones_like(lam)
    for centre in np.arange(1000.0, 2400.0, 37.0):
        sky += 4e-17 * np.exp(-0.5 * ((lam - centre) / 0.4) ** 2)
    return sky


def arc_lines(arm: str) -> tuple[np.ndarray, np.ndarray]:
    """The arc lamp's lines on ``arm``: wavelengths [nm] and electrons per second (fixed, seeded)."""
    layout = LAYOUTS[arm]
    rng = np.random.default_rng(sum(map(ord, arm)))  # the same list every night
    lams = []
    for m in range(layout.n_orders):
        lo, hi = layout.order_range(m)
        span = hi - lo
        # one line per 1/24 of the order, placed at random within its share: no order end without lines
        edges = np.linspace(lo + 0.01 * span, hi - 0.01 * span, 25)
        lams.append(edges[:-1] + rng.uniform(0.1, 0.9, 24) * np.diff(edges))
    lam = np.unique(np.round(np.concatenate(lams), 4))
    pixel = (layout.lam_max - layout.lam_min) / layout.n_orders / layout.ny
    keep = np.concatenate(([True], np.diff(lam) > 6 * pixel))  # resolved lines only
    lam = lam[keep]
    return lam, rng.uniform(2000.0, 20000.0, lam.size)


def lamp_continuum(arm: str, lam: np.ndarray) -> np.ndarray:
    """The flat-field lamp's electrons per second per nm through the arm (smooth, positive)."""
    layout = LAYOUTS[arm]
    lam = np.asarray(lam, dtype=float)
    x = (lam - layout.lam_min) / (layout.lam_max - layout.lam_min)
    pixel = (layout.lam_max - layout.lam_min) / layout.n_orders / layout.ny
    return 4.0e4 / pixel * (0.6 + 0.4 * np.sin(2.0 + 2.5 * x))
