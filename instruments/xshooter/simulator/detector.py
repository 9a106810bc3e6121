"""The arms' detectors: two CCDs with a bias (UVB, VIS) and the NIR Hawaii-2RG without one.

Photon noise, read noise, a fixed pixel-to-pixel sensitivity pattern per arm, then ADU. Values
after the real headers in ``shared/reference/product_headers/xshooter`` (UVB: RON 2.4 e-,
CONAD 0.63 e-/ADU); the NIR read noise is that of a non-destructive read-out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Detector:
    bias_adu: float  # 0 on NIR
    ron_e: float
    conad: float  # e- per ADU
    dark_e_s: float
    pixel_rms: float  # pixel-to-pixel sensitivity scatter

    @property
    def has_bias(self) -> bool:
        return self.bias_adu > 0


DETECTORS = {
    "UVB": Detector(bias_adu=180.0, ron_e=2.4, conad=0.63, dark_e_s=0.0, pixel_rms=0.01),
    "VIS": Detector(bias_adu=210.0, ron_e=3.1, conad=0.59, dark_e_s=0.0, pixel_rms=0.01),
    "NIR": Detector(bias_adu=0.0, ron_e=8.0, conad=2.12, dark_e_s=0.05, pixel_rms=0.02),
}


def pixel_flat(arm: str, shape: tuple[int, int]) -> np.ndarray:
    """The arm's fixed pixel sensitivity pattern (the same in every frame of the arm)."""
    rng = np.random.default_rng([sum(map(ord, arm)), 7])
    return 1.0 + DETECTORS[arm].pixel_rms * rng.standard_normal(shape)


def expose(arm: str, rate_e_s: np.ndarray, seconds: float, rng: np.random.Generator) -> np.ndarray:
    """A raw frame [ADU, float32] of ``seconds`` with the e-/s ``rate_e_s`` falling on ``arm``."""
    det = DETECTORS[arm]
    mean_e = (rate_e_s * pixel_flat(arm, rate_e_s.shape) + det.dark_e_s) * seconds
    electrons = rng.poisson(np.clip(mean_e, 0.0, None)).astype(float)
    electrons += det.ron_e * rng.standard_normal(rate_e_s.shape)
    return (det.bias_adu + electrons / det.conad).astype(np.float32)
