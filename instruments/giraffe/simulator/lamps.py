"""The lamps and the sky: the arc's line list (also the static LINE_CATALOG), the flat lamp, sky lines.

The line list is this simulator's own synthetic "ThAr": 40 lines per setting on a jittered grid
(no two closer than 0.6 of the grid step, so every line is resolved even on a reduced detector),
the same every night so that the catalogue is a static calibration. It is not ESO's catalogue.
"""

from __future__ import annotations

import zlib

import numpy as np

from instruments.giraffe.setup import Setting
from instruments.giraffe.simulator.model import Sky

ARC_LINES_PER_SETTING = 40
FLAT_LEVEL_E_PER_ROW = 20000.0  # photo-electrons per row and fibre in a flat of FLAT_EXPTIME
FLAT_EXPTIME = 10.0
ARC_EXPTIME = 20.0


def arc_lines(setting: Setting) -> tuple[tuple[float, float], ...]:
    """``(wavelength nm, e-/s)`` of the arc lines in ``setting``'s range (deterministic)."""
    rng = np.random.default_rng(zlib.crc32(setting.exp_mode.encode()))
    step = (setting.wmax_nm - setting.wmin_nm) / ARC_LINES_PER_SETTING
    k = np.arange(ARC_LINES_PER_SETTING)
    waves = setting.wmin_nm + (k + 0.5 + rng.uniform(-0.2, 0.2, k.size)) * step
    fluxes = rng.uniform(150.0, 2500.0, k.size)
    return tuple((float(w), float(f)) for w, f in zip(waves, fluxes, strict=True))


def flat_density(setting: Setting, rows: int):  # type: ignore[no-untyped-def]
    """The flat lamp's e-/s/nm: smooth, giving about FLAT_LEVEL_E_PER_ROW per row in FLAT_EXPTIME."""
    level = FLAT_LEVEL_E_PER_ROW / (setting.dispersion(rows) * FLAT_EXPTIME)
    centre = 0.5 * (setting.wmin_nm + setting.wmax_nm)
    half = 0.5 * (setting.wmax_nm - setting.wmin_nm)
    return lambda wave: level * (1.0 - 0.15 * ((wave - centre) / half) ** 2)


def night_sky(setting: Setting, rng: np.random.Generator) -> Sky:
    """A faint continuum and 25 emission lines across the setting."""
    waves = np.sort(rng.uniform(setting.wmin_nm, setting.wmax_nm, 25))
    fluxes = rng.uniform(2.0, 30.0, waves.size)
    return Sky(continuum=1.5, lines=tuple((float(w), float(f)) for w, f in zip(waves, fluxes, strict=True)))
