"""What the validator reports: one :class:`Problem` per broken rule."""

from __future__ import annotations

from dataclasses import dataclass

PRIMARY = 0
EXTENSION = 1


@dataclass(frozen=True)
class Problem:
    """One violation of the Phase 3 standard (or of PHOENIX's stricter gate) in one HDU.

    Every problem blocks ingestion; there are no warnings. ``keyword`` is the card (or column)
    at fault, ``message`` says what was found and what was expected, ``hdu`` is the HDU index
    (0 = primary, 1 = spectrum extension).
    """

    keyword: str
    message: str
    hdu: int = PRIMARY

    def __str__(self) -> str:
        return f"HDU {self.hdu} {self.keyword}: {self.message}"
