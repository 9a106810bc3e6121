"""Cosmic-ray hits: short tracks of a few pixels, at a rate proportional to the time exposed.

The rate is ground-level: ~1.5 events per cm^2 per minute, counted over the exposure plus the
read-out (a bias still collects hits while the chip is read). Per-pixel deposits are log-normal
around ~1500 e-; a few per cent of the events are bright enough to saturate the 16-bit converter.
"""

from __future__ import annotations

import numpy as np

RATE_PER_CM2_MIN = 1.5
MEDIAN_PEAK_E = 1500.0
SATURATING_FRACTION = 0.04
SATURATING_PEAK_E = 2.0e5  # > 65535 ADU for every UVES CONAD
MAX_TRACK_PX = 6


def expected_hits(area_cm2: float, exposed_s: float) -> float:
    """Mean number of events on a chip of ``area_cm2`` exposed for ``exposed_s`` seconds."""
    return RATE_PER_CM2_MIN * area_cm2 * exposed_s / 60.0


def add_cosmic_rays(
    electrons: np.ndarray, area_cm2: float, exposed_s: float, rng: np.random.Generator
) -> int:
    """Add hits to ``electrons`` (raw data section, modified in place); return the number of events."""
    rows, cols = electrons.shape
    n = int(rng.poisson(expected_hits(area_cm2, exposed_s)))
    if n == 0:
        return 0
    y0 = rng.uniform(0, rows, n)
    x0 = rng.uniform(0, cols, n)
    length = rng.integers(1, MAX_TRACK_PX + 1, n)
    angle = rng.uniform(0.0, np.pi, n)
    peak = MEDIAN_PEAK_E * np.exp(rng.normal(0.0, 0.7, n))
    peak[rng.random(n) < SATURATING_FRACTION] = SATURATING_PEAK_E
    for k in range(n):
        steps = np.arange(length[k])
        ys = np.clip((y0[k] + steps * np.sin(angle[k])).astype(int), 0, rows - 1)
        xs = np.clip((x0[k] + steps * np.cos(angle[k])).astype(int), 0, cols - 1)
        # brightest in the middle of the track
        np.add.at(electrons, (ys, xs), peak[k] * np.exp(-0.1 * (steps - steps.mean()) ** 2))
    return n
