"""What a fetch reports, and the tally it keeps while fetching."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phoenix.archive.source import FetchOutcome
from phoenix.errors import ArchiveError, FrameError


@dataclass(frozen=True)
class MissingFile:
    name: str
    kind: str  # raw, master, nightlog
    reason: str
    status: int | None = None  # the HTTP status that decided, if any


@dataclass(frozen=True)
class FetchReport:
    """What a fetch did: files fetched now, skipped as present and verified, and missing ones, with why."""

    instrument: str
    night: str
    source: str
    listed: int  # raw frames the archive lists for the night
    fetched: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    missing: tuple[MissingFile, ...] = ()
    masters: tuple[str, ...] = ()  # masters of the night's science, fetched or already present
    night_logs: tuple[str, ...] = ()
    proprietary: tuple[str, ...] = ()  # raw frames still in their proprietary period

    @property
    def complete(self) -> bool:
        return not self.missing

    def as_record(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "listed": self.listed,
            "fetched": list(self.fetched),
            "skipped": list(self.skipped),
            "missing": [m.__dict__ for m in self.missing],
            "masters": list(self.masters),
            "night_logs": list(self.night_logs),
            "proprietary": list(self.proprietary),
        }


@dataclass
class Tally:
    """Names fetched, skipped and missing so far."""

    fetched: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    missing: list[MissingFile] = field(default_factory=list)

    def settle(self, outcome: FetchOutcome, put: Callable[[Path], str]) -> bool:
        """Archive a fetched file with ``put`` (which returns its name), or note why there is none."""
        request = outcome.request
        if outcome.path is None:
            self.missing.append(
                MissingFile(request.filename, request.kind, outcome.reason or "", outcome.status)
            )
            return False
        try:
            self.fetched.append(put(outcome.path))
        except (ArchiveError, FrameError, OSError) as exc:
            self.missing.append(MissingFile(request.filename, request.kind, f"not archived: {exc}"))
            return False
        return True
