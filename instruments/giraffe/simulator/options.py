"""The knobs of the GIRAFFE night simulator, read from the ``phoenix_simulate_night`` options."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from instruments.giraffe.keywords import SLIT_MEDUSA1, SLIT_MEDUSA2
from instruments.giraffe.setup import DETECTOR_ROWS, MAX_FIBRES, SETTINGS


@dataclass(frozen=True)
class SimulationOptions:
    """What one simulated night holds.

    ``science``: Medusa science frames; per frame ``science_fibres`` objects, ``sky_fibres`` sky
    fibres and ``unused_fibres`` unallocated (parked) fibres, at most 130 in all. ``exptimes``
    cycle over the frames; magnitudes are drawn from ``magnitudes`` (the user's fibre-table
    values). ``rows`` below 4096 gives a reduced detector for fast tests (gimasterbias needs the
    full frame, NOTES.md §4.2).
    """

    science: int = 10
    science_fibres: int = 14
    sky_fibres: int = 4
    unused_fibres: int = 2
    exp_mode: str = "L881.7"
    slit: str = SLIT_MEDUSA1
    rows: int = DETECTOR_ROWS
    biases: int = 3
    darks: int = 3
    exptimes: tuple[float, ...] = (600.0, 900.0, 1200.0, 1800.0, 2400.0)
    magnitudes: tuple[float, float] = (14.0, 18.0)
    seed: int | None = None

    def __post_init__(self) -> None:
        total = self.science_fibres + self.sky_fibres + self.unused_fibres
        if not 1 <= total <= MAX_FIBRES:
            raise ValueError(f"{total} fibres per frame; Medusa has at most {MAX_FIBRES}")
        if self.sky_fibres < 1:
            raise ValueError("sky subtraction needs at least one sky fibre")
        if self.exp_mode not in SETTINGS:
            raise ValueError(f"unknown setting {self.exp_mode!r}; known: {sorted(SETTINGS)}")
        if self.slit not in (SLIT_MEDUSA1, SLIT_MEDUSA2):
            raise ValueError(f"slit {self.slit!r}: the simulator writes Medusa1 or Medusa2 frames")
        if not 64 <= self.rows <= DETECTOR_ROWS:
            raise ValueError(f"rows must be within 64..{DETECTOR_ROWS}, got {self.rows}")
        if not self.exptimes or min(self.exptimes) <= 0:
            raise ValueError("exptimes must be positive")

    @classmethod
    def from_mapping(cls, options: Mapping[str, Any]) -> SimulationOptions:
        """Options from the hook's mapping; an unknown key is an error that lists the known ones."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ValueError(f"unknown GIRAFFE simulation option(s) {unknown}; known: {sorted(known)}")
        values = dict(options)
        for key in ("exptimes", "magnitudes"):
            if key in values:
                values[key] = tuple(float(v) for v in values[key])
        return cls(**values)
