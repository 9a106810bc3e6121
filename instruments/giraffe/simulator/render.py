"""Rendering a Medusa frame: photo-electrons per fibre and row, spread across the columns, plus noise.

The raw frame is ``rows x (50 + 2048 + 50)`` pixels: prescan, the 2048 light-sensitive columns,
overscan (NOTES.md §4.2). Photon noise is Poisson on the electrons; read noise and the bias
level are added in ADU after the gain (``DET.OUT1.CONAD`` e-/ADU), everywhere including the
pre/overscan; dark current only where there is silicon under light.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from instruments.giraffe.profile import erf, pixel_fractions
from instruments.giraffe.setup import DETECTOR_COLUMNS, OVERSCAN_X, PRESCAN_X, Setting
from instruments.giraffe.simulator.model import Optics

BIAS_ADU = 200.0
GAIN_E_PER_ADU = 0.6
RON_E = 3.0
DARK_E_PER_S = 0.5 / 3600.0
_HALF_WINDOW = 9  # columns each side of a trace that receive light (> 5 sigma of the widest fibre)


def row_counts(
    optics: Optics,
    setting: Setting,
    fps: int,
    exptime: float,
    continuum_of: Callable[[np.ndarray], np.ndarray] | None = None,
    lines: Sequence[tuple[float, float]] = (),
) -> np.ndarray:
    """Electrons per row entering fibre ``fps``'s trace during ``exptime``.

    :param continuum_of: callable wave_nm -> e-/s/nm (the smooth part), evaluated at row centres
        and multiplied by each row's wavelength width.
    :param lines: narrow lines ``(wave_nm, e-/s)`` spread over rows with the line-spread sigma.
    """
    rows = np.arange(optics.rows, dtype=float)
    scale = optics.transmission[fps] * exptime
    out = np.zeros(optics.rows)
    if continuum_of is not None:
        centre = optics.wave(setting, fps, rows)
        width = optics.wave(setting, fps, rows + 0.5) - optics.wave(setting, fps, rows - 0.5)
        out += continuum_of(centre) * width * scale
    if lines:
        grid = optics.wave(setting, fps, rows)
        sig = optics.line_sigma_px * np.sqrt(2.0)
        for wave, flux in lines:
            if not grid[0] < wave < grid[-1]:
                continue
            y = float(np.interp(wave, grid, rows))
            lo, hi = (
                int(max(0, y - 8 * optics.line_sigma_px)),
                int(min(optics.rows, y + 8 * optics.line_sigma_px + 2)),
            )
            r = rows[lo:hi]
            out[lo:hi] += flux * scale * 0.5 * (erf((r + 0.5 - y) / sig) - erf((r - 0.5 - y) / sig))
    return out


def render(
    optics: Optics,
    fibre_counts: Mapping[int, np.ndarray],
    exptime: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """The raw uint16 frame: every fibre's row counts spread by its profile, then noise and bias."""
    rows = np.arange(optics.rows, dtype=float)
    light = np.zeros((optics.rows, DETECTOR_COLUMNS))
    for fps, counts in fibre_counts.items():
        centre = optics.trace(fps, rows)
        first = max(0, int(np.floor(centre.min())) - _HALF_WINDOW)
        last = min(DETECTOR_COLUMNS, int(np.ceil(centre.max())) + _HALF_WINDOW + 1)
        columns = np.arange(first, last, dtype=float)
        light[:, first:last] += counts[:, None] * pixel_fractions(columns, centre, optics.width[fps])
    electrons = rng.poisson(np.clip(light, 0.0, None) + DARK_E_PER_S * exptime).astype(float)
    frame = np.empty((optics.rows, PRESCAN_X + DETECTOR_COLUMNS + OVERSCAN_X))
    frame[:] = BIAS_ADU
    frame[:, PRESCAN_X : PRESCAN_X + DETECTOR_COLUMNS] += electrons / GAIN_E_PER_ADU
    frame += rng.normal(0.0, RON_E / GAIN_E_PER_ADU, frame.shape)
    return np.clip(np.rint(frame), 0, 65535).astype(np.uint16)
