"""The echelle format of one chip: order traces, dispersion relation and blaze.

Everything is in the pipeline's standard (rotated) frame with 1-based pixel coordinates:
x along the dispersion (``columns`` pixels), y across the orders (``rows`` pixels). The format is
fitted to the pipeline's own prediction (uves_cal_predict): the traces as y(x, m) and the
dispersion as m * lambda(x, m), both two-dimensional polynomials in x and the absolute order m.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from instruments.uves.simulator.poly2d import Poly2D

FORMAT_DEGREES = (6, 5)  # (x, order): ~0.001 px residuals on the CD#2/CD#3 predictions
BLAZE_BROADENING = 0.7  # sinc^2 argument scale: order ends on the detector keep ~25-35 % of the peak


@dataclass(frozen=True)
class PredictedLines:
    """Where the physical model puts the arc lines of one chip (LINE_GUESS_TAB / ORDER_GUESS_TAB)."""

    chip: str
    x: np.ndarray  # X [px]
    y: np.ndarray  # YNEW [px]
    order: np.ndarray  # absolute order
    wave_a: np.ndarray  # WAVEC [Angstrom]

    def __post_init__(self) -> None:
        n = self.x.size
        if n == 0 or any(a.size != n for a in (self.y, self.order, self.wave_a)):
            raise ValueError(
                f"chip {self.chip}: predicted line columns must be non-empty and of equal length"
            )

    def as_dict(self) -> dict[str, list[float]]:
        """Plain lists for the JSON cache."""
        return {
            "x": self.x.tolist(),
            "y": self.y.tolist(),
            "order": self.order.tolist(),
            "wave_a": self.wave_a.tolist(),
        }

    @classmethod
    def from_dict(cls, chip: str, data: dict[str, list[float]]) -> PredictedLines:
        """Inverse of :meth:`as_dict`."""
        return cls(
            chip,
            np.asarray(data["x"], dtype=float),
            np.asarray(data["y"], dtype=float),
            np.asarray(data["order"], dtype=int),
            np.asarray(data["wave_a"], dtype=float),
        )


@dataclass(frozen=True)
class EchelleFormat:
    """Traces, wavelengths and blaze of every order of one chip."""

    chip: str
    rows: int
    columns: int
    orders: tuple[int, ...]
    trace: Poly2D  # y [px]
    dispersion: Poly2D  # m * lambda [Angstrom]
    lines: PredictedLines
    blaze_constant: float  # m * lambda at the blaze peak [Angstrom]

    @classmethod
    def from_prediction(cls, lines: PredictedLines, rows: int, columns: int) -> EchelleFormat:
        """Fit the format to the predicted line positions."""
        deg_x, deg_m = FORMAT_DEGREES
        trace = Poly2D.fit(lines.x, lines.order, lines.y, deg_x, deg_m)
        dispersion = Poly2D.fit(lines.x, lines.order, lines.order * lines.wave_a, deg_x, deg_m)
        orders = tuple(int(m) for m in np.unique(lines.order))
        centre = float(np.median(dispersion(0.5 * (columns + 1), np.asarray(orders))))
        return cls(lines.chip, rows, columns, orders, trace, dispersion, lines, centre)

    @property
    def x(self) -> np.ndarray:
        """Pixel centres along the dispersion, 1 .. columns."""
        return np.arange(1, self.columns + 1, dtype=float)

    def wavelength(self, x: np.ndarray | float, m: int | np.ndarray) -> np.ndarray:
        """Air wavelength [Angstrom] at pixel x of order m."""
        return self.dispersion(x, m) / np.asarray(m, dtype=float)

    def dispersion_per_pixel(self, x: np.ndarray | float, m: int | np.ndarray) -> np.ndarray:
        """d lambda / dx [Angstrom/px]."""
        return 0.5 * (self.wavelength(np.asarray(x) + 0.5, m) - self.wavelength(np.asarray(x) - 0.5, m))

    def blaze(self, x: np.ndarray, m: int) -> np.ndarray:
        """Relative blaze efficiency, 1 at m * lambda = blaze_constant."""
        phase = m - self.blaze_constant / self.wavelength(x, m)
        return np.sinc(BLAZE_BROADENING * phase) ** 2

    def dispersion_rms_a(self) -> float:
        """RMS of the dispersion fit, in Angstrom (residuals of m*lambda divided by m)."""
        resid = self.lines.wave_a - self.wavelength(self.lines.x, self.lines.order)
        return float(np.sqrt(np.mean(resid**2)))

    def dispersion_rms_px(self) -> float:
        """RMS of the dispersion fit, in pixels along the dispersion."""
        resid = self.lines.wave_a - self.wavelength(self.lines.x, self.lines.order)
        per_px = np.abs(self.dispersion_per_pixel(self.lines.x, self.lines.order))
        return float(np.sqrt(np.mean((resid / per_px) ** 2)))

    def fit_summary(self) -> dict[str, float | int | list[int]]:
        """The dispersion/trace fit quality, for the truth file."""
        return {
            "n_lines": int(self.lines.x.size),
            "orders": [min(self.orders), max(self.orders)],
            "degree_x_order": list(FORMAT_DEGREES),
            "dispersion_rms_angstrom": self.dispersion_rms_a(),
            "dispersion_rms_px": self.dispersion_rms_px(),
            "trace_rms_px": self.trace.rms,
        }
