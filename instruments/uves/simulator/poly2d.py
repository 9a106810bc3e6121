"""A two-dimensional polynomial in (x, order), fitted by least squares on normalised variables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Poly2D:
    """``v(x, m) = sum_ij c_ij * u**i * w**j`` with ``u = (x - x0) / xs`` and ``w = (m - m0) / ms``."""

    coeffs: tuple[float, ...]
    deg_x: int
    deg_m: int
    x0: float
    xs: float
    m0: float
    ms: float
    rms: float  # residual RMS of the fit, in the unit of v
    npoints: int

    @classmethod
    def fit(cls, x: np.ndarray, m: np.ndarray, v: np.ndarray, deg_x: int, deg_m: int) -> Poly2D:
        """Least-squares fit of ``v`` over the points ``(x, m)``."""
        x, m, v = (np.asarray(a, dtype=float) for a in (x, m, v))
        nterms = (deg_x + 1) * (deg_m + 1)
        if x.size <= nterms:
            raise ValueError(f"a ({deg_x}, {deg_m}) polynomial needs more than {nterms} points, got {x.size}")
        x0, xs = float(x.mean()), float(x.std()) or 1.0
        m0, ms = float(m.mean()), float(m.std()) or 1.0
        design = _design((x - x0) / xs, (m - m0) / ms, deg_x, deg_m)
        coeffs, *_ = np.linalg.lstsq(design, v, rcond=None)
        residual = v - design @ coeffs
        rms = float(np.sqrt(np.mean(residual**2)))
        return cls(tuple(float(c) for c in coeffs), deg_x, deg_m, x0, xs, m0, ms, rms, int(x.size))

    def __call__(self, x: np.ndarray | float, m: np.ndarray | float) -> np.ndarray:
        """The polynomial at ``(x, m)`` (broadcast)."""
        u = (np.asarray(x, dtype=float) - self.x0) / self.xs
        w = (np.asarray(m, dtype=float) - self.m0) / self.ms
        u, w = np.broadcast_arrays(u, w)
        return _design(u.ravel(), w.ravel(), self.deg_x, self.deg_m).dot(self.coeffs).reshape(u.shape)


def _design(u: np.ndarray, w: np.ndarray, deg_x: int, deg_m: int) -> np.ndarray:
    return np.stack([u**i * w**j for i in range(deg_x + 1) for j in range(deg_m + 1)], axis=-1)
