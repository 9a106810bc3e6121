"""The simulated detector geometry of each arm: a scaled-down echellogram.

The real arms are 2048x3000 (UVB), 2048x4000 (VIS) and 2048x1100 (NIR, after rotation) pixels
with 12, 15 and 16 orders. A night of those frames would take far longer than the tests and
benchmarks allow, so the simulator lays out each arm on a small detector with a few orders,
the dispersion running along +y and the orders side by side in x; products made from these
frames say so (``ESO OCS SIMU GEOMETRY`` in the raw headers, a COMMENT in the products).
Wavelength coverage, the overlap of the arms around 550 nm and 1000 nm and the slit length in
arcsec are the real instrument's; the sampling (nm per pixel) is coarser.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GEOMETRY = "PHOENIX scaled-down echellogram"
ARCSEC_PER_PIXEL = 0.25
SLIT_LENGTH_ARCSEC = 11.0
ORDER_SPACING_PX = 60.0
MARGIN_PX = 20
NY = 480
ORDER_OVERLAP = 0.06  # fraction of an order's span shared with its neighbour
QUADRATIC, CUBIC = 0.08, 0.02  # the non-linear terms of lambda(y)
TRACE_CURVE_PX, TRACE_TILT_PX = 5.0, -2.0  # x(y) - x0 = CURVE (u - 1/2)^2 + TILT (u - 1/2)
LSF_SIGMA_PX = 1.0  # the instrumental profile along the dispersion, in pixels


@dataclass(frozen=True)
class ArmLayout:
    """One arm: wavelength range [nm], number of orders, detector size."""

    arm: str
    lam_min: float
    lam_max: float
    n_orders: int

    @property
    def nx(self) -> int:
        return int(2 * MARGIN_PX + ORDER_SPACING_PX * self.n_orders)

    @property
    def ny(self) -> int:
        return NY

    @property
    def slit_px(self) -> float:
        return SLIT_LENGTH_ARCSEC / ARCSEC_PER_PIXEL

    def order_range(self, m: int) -> tuple[float, float]:
        """The wavelengths at the first and last row of order ``m`` (0 = bluest)."""
        step = (self.lam_max - self.lam_min) / self.n_orders
        pad = ORDER_OVERLAP * step / 2.0
        lo = self.lam_min + m * step - (pad if m > 0 else 0.0)
        hi = self.lam_min + (m + 1) * step + (pad if m < self.n_orders - 1 else 0.0)
        return lo, hi

    def wavelength(self, m: int, y: np.ndarray | float) -> np.ndarray:
        """lambda [nm] at row ``y`` of order ``m`` (y may be fractional)."""
        lo, hi = self.order_range(m)
        u = np.asarray(y, dtype=float) / (self.ny - 1)
        return lo + (hi - lo) * (u + QUADRATIC * u * (1.0 - u) + CUBIC * (u - 0.5) ** 3 + CUBIC / 8.0)

    def dispersion(self, m: int, y: np.ndarray | float) -> np.ndarray:
        """d lambda / d y [nm per pixel]."""
        lo, hi = self.order_range(m)
        u = np.asarray(y, dtype=float) / (self.ny - 1)
        return (hi - lo) / (self.ny - 1) * (1.0 + QUADRATIC * (1.0 - 2.0 * u) + 3.0 * CUBIC * (u - 0.5) ** 2)

    def row_of(self, m: int, lam: np.ndarray | float) -> np.ndarray:
        """The (fractional) row where order ``m`` has wavelength ``lam``."""
        grid = np.linspace(-5.0, self.ny + 4.0, 4 * self.ny)
        return np.interp(lam, self.wavelength(m, grid), grid, left=np.nan, right=np.nan)

    def centre(self, m: int, y: np.ndarray | float) -> np.ndarray:
        """The x of the slit centre of order ``m`` at row ``y``."""
        u = np.asarray(y, dtype=float) / (self.ny - 1) - 0.5
        x0 = MARGIN_PX + ORDER_SPACING_PX * (m + 0.5)
        return x0 + TRACE_CURVE_PX * u**2 + TRACE_TILT_PX * u


LAYOUTS = {
    "UVB": ArmLayout("UVB", 300.0, 565.0, 4),
    "VIS": ArmLayout("VIS", 540.0, 1025.0, 4),
    "NIR": ArmLayout("NIR", 990.0, 2480.0, 5),
}
