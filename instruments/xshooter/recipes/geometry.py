"""The recipes' model of an echellogram: order traces and edges x(y), and wavelengths lambda(y).

Polynomials are in the normalised row ``u = y / (ny - 1)``, highest power first (numpy's
convention), one per order, stored as table rows. A flexure solution adds a shift: the AFC tables
carry ``XSHIFT``/``YSHIFT`` and every evaluation applies them (x(y) = x0(y - dy) + dx).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from instruments.xshooter import keywords as kw
from instruments.xshooter.recipes.frames import read_table

XSHIFT, YSHIFT, NY = kw.PRO_XSHIFT, kw.PRO_YSHIFT, kw.PRO_NY


@dataclass(frozen=True)
class Orders:
    """Per order: centre polynomial, and (when known) lower/upper slit-edge polynomials."""

    ny: int
    centre: tuple[np.ndarray, ...]
    lower: tuple[np.ndarray, ...] = ()
    upper: tuple[np.ndarray, ...] = ()
    shift: tuple[float, float] = (0.0, 0.0)

    @property
    def count(self) -> int:
        return len(self.centre)

    def _u(self, y: np.ndarray | float) -> np.ndarray:
        return (np.asarray(y, dtype=float) - self.shift[1]) / (self.ny - 1)

    def x_centre(self, m: int, y: np.ndarray | float) -> np.ndarray:
        return np.polyval(self.centre[m], self._u(y)) + self.shift[0]

    def half_length(self, m: int) -> float:
        """Half the slit length [pix]: the median distance of the edges from the centre."""
        u = np.linspace(0.1, 0.9, 9)
        return float(np.median(np.polyval(self.upper[m], u) - np.polyval(self.lower[m], u)) / 2.0)

    def columns(self) -> dict[str, np.ndarray]:
        cols = {"ORDER": np.arange(self.count), "CENTER": np.array(self.centre)}
        if self.lower:
            cols |= {"LOWER": np.array(self.lower), "UPPER": np.array(self.upper)}
        return cols

    def cards(self) -> dict[str, float]:
        return {NY: self.ny, XSHIFT: self.shift[0], YSHIFT: self.shift[1]}

    @classmethod
    def read(cls, path: str) -> Orders:
        header, rows = read_table(path)
        names = rows.columns.names
        return cls(
            int(header[NY]),
            tuple(np.array(c) for c in rows["CENTER"]),
            tuple(np.array(c) for c in rows["LOWER"]) if "LOWER" in names else (),
            tuple(np.array(c) for c in rows["UPPER"]) if "UPPER" in names else (),
            (float(header.get(XSHIFT, 0.0)), float(header.get(YSHIFT, 0.0))),
        )


@dataclass(frozen=True)
class Dispersion:
    """Per order: lambda(u) [nm], with the fit's RMS [nm] and number of lines."""

    ny: int
    coeffs: tuple[np.ndarray, ...]
    rms: tuple[float, ...] = field(default=())
    nlines: tuple[int, ...] = field(default=())
    yshift: float = 0.0
    # per order the rows (before the shift) between which arc lines constrain the solution
    valid: tuple[tuple[float, float], ...] = field(default=())

    @property
    def count(self) -> int:
        return len(self.coeffs)

    def wavelength(self, m: int, y: np.ndarray | float) -> np.ndarray:
        return np.polyval(self.coeffs[m], (np.asarray(y, dtype=float) - self.yshift) / (self.ny - 1))

    def per_pixel(self, m: int, y: np.ndarray | float) -> np.ndarray:
        """d lambda / d y [nm per pixel]."""
        u = (np.asarray(y, dtype=float) - self.yshift) / (self.ny - 1)
        return np.polyval(np.polyder(self.coeffs[m]), u) / (self.ny - 1)

    def constrained(self, m: int, y: np.ndarray) -> np.ndarray:
        """True where the solution of order ``m`` is interpolated between lines, not extrapolated."""
        if not self.valid:
            return np.ones(np.shape(y), dtype=bool)
        lo, hi = self.valid[m]
        shifted = np.asarray(y, dtype=float) - self.yshift
        return (shifted >= lo) & (shifted <= hi)

    def row_of(self, m: int, lam: np.ndarray | float) -> np.ndarray:
        """The row where order ``m`` has wavelength ``lam`` (NaN outside the order)."""
        grid = np.linspace(0.0, self.ny - 1.0, 4 * self.ny)
        return np.interp(lam, self.wavelength(m, grid), grid, left=np.nan, right=np.nan)

    def row_of_extrapolated(self, m: int, lam: np.ndarray | float) -> np.ndarray:
        """As :meth:`row_of`, on the solution extended 30 rows beyond the detector (line matching)."""
        grid = np.linspace(-30.0, self.ny + 29.0, 4 * self.ny)
        return np.interp(lam, self.wavelength(m, grid), grid, left=np.nan, right=np.nan)

    def columns(self) -> dict[str, np.ndarray]:
        return {
            "ORDER": np.arange(self.count),
            "COEFFS": np.array(self.coeffs),
            "RMS": np.array(self.rms or [np.nan] * self.count, dtype=float),
            "NLINES": np.array(self.nlines or [0] * self.count, dtype=int),
            "YMIN": np.array([v[0] for v in self.valid] or [0.0] * self.count, dtype=float),
            "YMAX": np.array([v[1] for v in self.valid] or [self.ny - 1.0] * self.count, dtype=float),
        }

    def cards(self) -> dict[str, float]:
        return {NY: self.ny, YSHIFT: self.yshift}

    @classmethod
    def read(cls, path: str) -> Dispersion:
        header, rows = read_table(path)
        return cls(
            int(header[NY]),
            tuple(np.array(c) for c in rows["COEFFS"]),
            tuple(float(r) for r in rows["RMS"]),
            tuple(int(n) for n in rows["NLINES"]),
            float(header.get(YSHIFT, 0.0)),
            tuple(zip((float(v) for v in rows["YMIN"]), (float(v) for v in rows["YMAX"]), strict=True)),
        )


def fit(
    y: np.ndarray, values: np.ndarray, degree: int, ny: int, clip: float = 3.0, floor: float = 1e-6
) -> tuple[np.ndarray, np.ndarray]:
    """A polynomial of ``degree`` in u = y/(ny-1), sigma-clipped (never tighter than ``clip`` x
    ``floor``, the measurement's expected precision); returns (coeffs, kept mask)."""
    u = np.asarray(y, dtype=float) / (ny - 1)
    keep = np.isfinite(values)
    coeffs = np.polyfit(u[keep], values[keep], degree)
    for _ in range(3):
        resid = values - np.polyval(coeffs, u)
        scale = 1.4826 * np.median(np.abs(resid[keep])) + 1e-12
        new = keep & (np.abs(resid) < clip * max(scale, floor))
        if new.sum() <= degree + 1 or (new == keep).all():
            break
        keep = new
        coeffs = np.polyfit(u[keep], values[keep], degree)
    return coeffs, keep
