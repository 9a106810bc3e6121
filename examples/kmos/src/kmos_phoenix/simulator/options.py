"""The simulator's knobs, validated once: unknown or bad options are errors naming them."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MAX_IFUS = 8  # the IFUs of one spectrograph (detector 1 sees IFUs 1-8)
FAULTS = ("truncated", "no_dpr")


@dataclass(frozen=True)
class SimulationOptions:
    """``sources`` targets (one IFU each, IFUs 1..sources, observed in one OB), ``pairs``
    object/sky exposure pairs in its nod-to-sky template, ``faults`` extra broken frames.
    """

    sources: int = 2
    pairs: int = 1
    seed: int = 0
    faults: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("sources", "pairs", "seed"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"KMOS simulator option {name!r} must be an integer, got {value!r}")
        if not 1 <= self.sources <= MAX_IFUS:
            raise ValueError(
                f"option 'sources' must be 1..{MAX_IFUS} (the IFUs of detector 1), got {self.sources}"
            )
        if self.pairs < 1 or self.seed < 0:
            raise ValueError(f"options 'pairs' >= 1 and 'seed' >= 0, got {self.pairs} and {self.seed}")
        faults = (self.faults,) if isinstance(self.faults, str) else tuple(self.faults)
        bad = [f for f in faults if f not in FAULTS]
        if bad:
            raise ValueError(f"option 'faults': {bad} not among {FAULTS}")
        object.__setattr__(self, "faults", faults)

    @classmethod
    def from_mapping(cls, options: Mapping[str, Any]) -> SimulationOptions:
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ValueError(f"unknown KMOS simulator option(s) {unknown}; known: {sorted(known)}")
        return cls(**dict(options))
