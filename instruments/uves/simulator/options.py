"""The simulator's knobs: the keyword arguments of ``simulate_night``, validated once."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from instruments.uves import keywords as kw

ARMS: tuple[str, ...] = (kw.ARM_BLUE, kw.ARM_RED)
FAULT_TRUNCATED = "truncated"
FAULT_NO_DPR = "no_dpr"
FAULTS: tuple[str, ...] = (FAULT_TRUNCATED, FAULT_NO_DPR)


@dataclass(frozen=True)
class SimulationOptions:
    """What one simulated night contains.

    ``sources`` point sources (one OB each, observing every arm of ``arms`` at once), ``n_bias`` biases
    and ``n_flat`` lamp flats per arm, ``faults`` extra broken frames, all drawn from ``seed``.
    """

    sources: int = 3
    arms: tuple[str, ...] = ARMS
    seed: int = 0
    n_bias: int = 5
    n_flat: int = 5
    faults: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("sources", "seed", "n_bias", "n_flat"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"option {name!r} must be an integer, got {value!r}")
        if self.sources < 1:
            raise ValueError(f"option 'sources' must be >= 1, got {self.sources}")
        if self.seed < 0:
            raise ValueError(f"option 'seed' must be >= 0, got {self.seed}")
        for name in ("n_bias", "n_flat"):
            if getattr(self, name) < 1:
                raise ValueError(f"option {name!r} must be >= 1, got {getattr(self, name)}")
        arms = _strings("arms", self.arms)
        arms = tuple(a.upper() for a in arms)
        unknown = [a for a in arms if a not in ARMS]
        if not arms or unknown or len(set(arms)) != len(arms):
            raise ValueError(f"option 'arms' must be distinct values out of {ARMS}, got {self.arms!r}")
        faults = _strings("faults", self.faults)
        bad = [f for f in faults if f not in FAULTS]
        if bad or len(set(faults)) != len(faults):
            raise ValueError(f"option 'faults' must be distinct values out of {FAULTS}, got {self.faults!r}")
        object.__setattr__(self, "arms", tuple(a for a in ARMS if a in arms))
        object.__setattr__(self, "faults", tuple(f for f in FAULTS if f in faults))

    @classmethod
    def from_mapping(cls, options: Mapping[str, Any]) -> SimulationOptions:
        """Options from a hook's ``options`` mapping; unknown keys are a ValueError naming them."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ValueError(f"unknown UVES simulator option(s) {unknown}; known options: {sorted(known)}")
        return cls(**dict(options))

    def as_dict(self) -> dict[str, Any]:
        """The options as plain JSON-able values (for the truth file)."""
        return {
            "sources": self.sources,
            "arms": list(self.arms),
            "seed": self.seed,
            "n_bias": self.n_bias,
            "n_flat": self.n_flat,
            "faults": list(self.faults),
        }


def _strings(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, Iterable) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"option {name!r} must be a sequence of strings, got {value!r}")
    return tuple(v.strip() for v in value)
