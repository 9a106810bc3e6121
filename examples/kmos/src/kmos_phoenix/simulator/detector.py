"""Turning photo-electron rates into raw ADU: dark current, hot pixels, shot and read noise.

Approximate Hawaii-2RG figures for KMOS (not taken from a header here): gain 2.1 e-/ADU, read
noise 10 e- for a long up-the-ramp exposure, dark current 0.02 e-/s, hot pixels 5 e-/s.
"""

from __future__ import annotations

import numpy as np

GAIN = 2.1  # e-/ADU
READ_NOISE = 10.0  # e-
DARK_RATE = 0.02  # e-/s
HOT_RATE = 5.0  # e-/s


def expose(rate: np.ndarray, seconds: float, hot: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Raw ADU of one exposure of ``seconds`` to ``rate`` (e-/s per pixel, dark excluded)."""
    electrons = (rate + np.where(hot, HOT_RATE, DARK_RATE)) * seconds
    counts = rng.poisson(np.clip(electrons, 0.0, None)).astype(float)
    counts += rng.normal(0.0, READ_NOISE, counts.shape)
    return (counts / GAIN).astype(np.float32)
