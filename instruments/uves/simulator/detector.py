"""From electrons on the chip to the 16-bit numbers a UVES raw frame holds.

Per pixel: Poisson photon noise on the signal, cosmic rays, conversion to ADU with the chip's
CONAD [e-/ADU], a bias level with a little fixed structure, Gaussian read-out noise of
``RON / CONAD`` ADU, rounding and clipping to 0..65535 (saturation). Dark current is negligible
and left out. Pre- and overscan carry bias and read-out noise only.
"""

from __future__ import annotations

import functools
import zlib

import numpy as np

from instruments.uves.simulator.cosmics import add_cosmic_rays
from instruments.uves.simulator.setups import ChipSetup

ADU_MAX = 65535
BIAS_RAMP_ADU = 1.5  # a smooth ramp along the read direction
BIAS_COLUMN_ADU = 0.5  # fixed column-to-column pattern
BIAS_FRAME_ADU = 0.3  # frame-to-frame level jitter


@functools.cache
def bias_structure(chip: ChipSetup) -> np.ndarray:
    """The fixed bias pattern of a chip's data section [ADU] (the same every night; read-only)."""
    rng = np.random.default_rng(zlib.crc32(chip.chip_id.encode()))
    ramp = BIAS_RAMP_ADU * np.linspace(-0.5, 0.5, chip.ny)[:, None]
    columns = rng.normal(0.0, BIAS_COLUMN_ADU, chip.nx)[None, :]
    pattern = (ramp + columns).astype(np.float32)
    pattern.flags.writeable = False
    return pattern


def read_out(
    signal_e: np.ndarray | None, chip: ChipSetup, exposed_s: float, rng: np.random.Generator
) -> np.ndarray:
    """The raw image (ny x (prscx + nx + ovscx), uint16) of a chip that collected ``signal_e``.

    ``signal_e`` is the expected number of electrons in the data section (raw orientation) or
    None for a bias; ``exposed_s`` is exposure plus read-out time (for the cosmic rays).
    """
    shape = (chip.ny, chip.nx)
    if signal_e is None:
        electrons = np.zeros(shape, dtype=np.float64)
    else:
        if signal_e.shape != shape:
            raise ValueError(f"chip {chip.name}: signal has shape {signal_e.shape}, expected {shape}")
        electrons = rng.poisson(np.clip(signal_e, 0.0, None)).astype(np.float64)
    add_cosmic_rays(electrons, chip.area_cm2, exposed_s, rng)
    level = chip.bias_adu + rng.normal(0.0, BIAS_FRAME_ADU)
    adu = np.full((chip.ny, chip.raw_width), level, dtype=np.float64)
    data = slice(chip.prscx, chip.prscx + chip.nx)
    adu[:, data] += electrons / chip.conad + bias_structure(chip)
    adu += rng.normal(0.0, chip.ron_adu, adu.shape)
    return np.clip(np.rint(adu), 0, ADU_MAX).astype(np.uint16)
