"""What a night log says about one OB, and the interface every night-log source offers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

# ESO's OB grades: A fully within constraints, B mostly (~10 % violated), C out of constraints
# (to be repeated), D out of constraints (considered completed), X uncertain / not applicable.
GRADES = frozenset({"A", "B", "C", "D", "X"})
NO_GRADE = "_"  # ESO's "no grade assigned"


@dataclass(frozen=True)
class Constraint:
    """One observing constraint of an OB: what was requested and what was achieved, as logged."""

    name: str
    requested: str | None = None
    fulfilled: str | None = None

    def as_record(self) -> dict[str, str | None]:
        return {"requested": self.requested, "fulfilled": self.fulfilled}


@dataclass(frozen=True)
class NightLogRecord:
    """One OB's entry: grade (A-D, X, or None when none was assigned), comment, constraints."""

    ob_id: int
    grade: str | None
    ob_name: str = ""
    comment: str = ""
    constraints: tuple[Constraint, ...] = ()
    files: tuple[str, ...] = ()  # archive file names of the OB's exposures, where the log lists them
    source: str = ""  # the file the entry was read from

    def __post_init__(self) -> None:
        if isinstance(self.ob_id, bool) or not isinstance(self.ob_id, int):
            raise TypeError(f"ob_id must be an int, got {self.ob_id!r}")
        if self.grade is not None and self.grade not in GRADES:
            raise ValueError(f"grade {self.grade!r} is not one of {sorted(GRADES)} (or None)")
        object.__setattr__(self, "constraints", tuple(self.constraints))
        object.__setattr__(self, "files", tuple(self.files))

    def constraints_record(self) -> dict[str, Any]:
        return {c.name: c.as_record() for c in self.constraints}


def parse_grade(text: str) -> str | None:
    """``A``..``D``/``X`` as is, ``_`` as None; anything else is a ValueError naming the grades."""
    grade = text.strip().upper()
    if grade == NO_GRADE:
        return None
    if grade not in GRADES:
        raise ValueError(f"grade {text.strip()!r} is not one of {sorted(GRADES)} or {NO_GRADE!r} (none)")
    return grade


class NightLogSource(Protocol):
    """Where OB grades come from (a file import by default; ESO's night-log reports; ...)."""

    def entries(self, instrument: str, night: str) -> list[NightLogRecord]:
        """Every OB entry of the instrument's night; an empty list when there is no log."""
        ...
