"""The injected truth of a simulated GIRAFFE night, as functions the renderer and the tests share.

* A source's spectrum is a smooth continuum scaled by the fibre-table magnitude, with a few broad
  absorption features (much wider than the resolution element, so the extracted spectrum can
  be compared to the truth without convolving it): photo-electrons per second per nm entering
  a fibre of median transmission.
* The sky is a faint continuum plus narrow emission lines, the same in every fibre.
* The optics: per night and setting, the true wavelength of row ``y`` in fibre ``f`` is the
  nominal one of row ``y + a + b_f + c u²`` (``u`` the row from the centre in half-heights);
  fibre traces sit at the nominal slit position plus ``dx + cx u² + e_f``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from instruments.giraffe.setup import Setting, nominal_fibre_x

ZERO_POINT_MAG = 15.0
ZERO_POINT_FLUX = 100.0  # e-/s/nm of a ZERO_POINT_MAG source at median fibre transmission


@dataclass(frozen=True)
class Source:
    """The spectrum of the object in one science fibre."""

    magnitude: float
    slope: float  # continuum power-law index around the central wavelength
    features: tuple[tuple[float, float, float], ...] = ()  # (centre nm, depth 0..1, sigma nm)

    def density(self, wave_nm: np.ndarray, centre_nm: float) -> np.ndarray:
        """Photo-electrons per second per nm at ``wave_nm``."""
        wave = np.asarray(wave_nm, dtype=float)
        level = ZERO_POINT_FLUX * 10.0 ** (-0.4 * (self.magnitude - ZERO_POINT_MAG))
        out = level * (wave / centre_nm) ** self.slope
        for mu, depth, sigma in self.features:
            out = out * (1.0 - depth * np.exp(-0.5 * ((wave - mu) / sigma) ** 2))
        return out


@dataclass(frozen=True)
class Sky:
    """The sky seen by every fibre: continuum (e-/s/nm) and emission lines (nm, e-/s)."""

    continuum: float
    lines: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Optics:
    """The true trace and dispersion of one night's setting (see the module docstring)."""

    rows: int
    shift_a: float
    curve_c: float
    fibre_shift: Mapping[int, float]  # b_f per fibre number
    trace_dx: float
    trace_cx: float
    trace_offset: Mapping[int, float]  # e_f
    width: Mapping[int, float]  # profile sigma [px]
    transmission: Mapping[int, float]  # relative, median 1 over the illuminated fibres
    line_sigma_px: float  # line-spread sigma along the dispersion [rows]

    def _u(self, rows: np.ndarray) -> np.ndarray:
        half = self.rows / 2.0
        return (rows + 0.5 - half) / half

    def wave(self, setting: Setting, fps: int, rows: np.ndarray) -> np.ndarray:
        """True wavelength [nm] of (fractional) rows of fibre ``fps``."""
        rows = np.asarray(rows, dtype=float)
        shifted = rows + self.shift_a + self.fibre_shift[fps] + self.curve_c * self._u(rows) ** 2
        return setting.wmin_nm + (shifted + 0.5) / self.rows * (setting.wmax_nm - setting.wmin_nm)

    def trace(self, fps: int, rows: np.ndarray) -> np.ndarray:
        """True trace centre (column of the trimmed image) of fibre ``fps`` on ``rows``."""
        rows = np.asarray(rows, dtype=float)
        base = nominal_fibre_x(fps) + self.trace_dx + self.trace_offset[fps]
        return base + self.trace_cx * self._u(rows) ** 2


@dataclass(frozen=True)
class FibreTruth:
    """One fibre of one science frame as the OzPoz table and the truth file describe it."""

    fps: int
    type: str
    object: str = ""
    ra: float = 0.0
    dec: float = 0.0
    magnitude: float = 0.0
    source: Source | None = None


@dataclass(frozen=True)
class FrameTruth:
    """A science frame: its file, setting, exposure time and fibres."""

    filename: str
    exp_mode: str
    exptime: float
    fibres: tuple[FibreTruth, ...] = field(default_factory=tuple)


def optics_to_json(optics: Optics) -> dict[str, Any]:
    out = asdict(optics)
    for key in ("fibre_shift", "trace_offset", "width", "transmission"):
        out[key] = {str(k): v for k, v in getattr(optics, key).items()}
    return out


def optics_from_json(data: Mapping[str, Any]) -> Optics:
    values = dict(data)
    for key in ("fibre_shift", "trace_offset", "width", "transmission"):
        values[key] = {int(k): float(v) for k, v in data[key].items()}
    return Optics(**values)


def source_from_json(data: Mapping[str, Any] | None) -> Source | None:
    if data is None:
        return None
    features = tuple(tuple(float(v) for v in f) for f in data.get("features", ()))
    return Source(float(data["magnitude"]), float(data["slope"]), features)  # type: ignore[arg-type]


def fibres_from_json(rows: Sequence[Mapping[str, Any]]) -> tuple[FibreTruth, ...]:
    return tuple(
        FibreTruth(**{**row, "source": source_from_json(row.get("source"))})  # type: ignore[arg-type]
        for row in rows
    )
