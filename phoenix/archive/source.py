"""What a remote archive hands the production line: raw-frame records, files, and ESO's associations.

A remote archive is a *source*: :func:`phoenix.production.fetch.fetch_night` copies what it
serves into the local archive, and every later step reads the local archive only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class RawFrameRecord:
    """One raw frame as the archive's metadata (TAP) describes it."""

    dp_id: str  # the ARCFILE without ``.fits``, e.g. UVES.2016-05-04T00:12:34.567
    instrument: str
    release_date: datetime | None  # UTC end of the proprietary period; None when unknown
    category: str = ""  # dp_cat: SCIENCE, CALIB, ...
    dpr_type: str = ""
    ob_id: int | None = None
    mjd_obs: float | None = None
    exptime: float | None = None

    @property
    def filename(self) -> str:
        return f"{self.dp_id}.fits"

    def proprietary(self, now: datetime) -> bool:
        return self.release_date is not None and self.release_date > now


@dataclass(frozen=True)
class FileRequest:
    """A file to fetch: a raw frame, a master calibration or a night log (``kind``)."""

    dp_id: str
    kind: str = "raw"
    proprietary: bool = False  # send the bearer token (and only then)
    release_date: datetime | None = None

    @property
    def filename(self) -> str:
        return f"{self.dp_id}.NL.txt" if self.kind == "nightlog" else f"{self.dp_id}.fits"


@dataclass(frozen=True)
class FetchOutcome:
    """A fetched file (``path``, whole and verified, in the staging area) or why there is none."""

    request: FileRequest
    path: Path | None = None
    reason: str | None = None
    status: int | None = None  # the HTTP status that decided, if any
    attempts: int = 0

    @property
    def ok(self) -> bool:
        return self.path is not None


@dataclass(frozen=True)
class MasterRecord:
    """A master or static calibration the archive associates with a raw frame."""

    dp_id: str
    category: str
    certified: bool = True


class RemoteArchive(Protocol):
    """A remote archive backend (``eso``): metadata, files and the archive's own associations."""

    name: str

    def raw_frames(
        self, instrume: Sequence[str], first_night: str, last_night: str, *, authenticated: bool = False
    ) -> list[RawFrameRecord]:
        """Raw frames of the instruments (INSTRUME values) taken in the nights, inclusive."""
        ...

    def fetch(self, requests: Sequence[FileRequest], staging: Path) -> list[FetchOutcome]:
        """Fetch files into ``staging``; one outcome per request, in order."""
        ...

    def masters_for(self, dp_id: str) -> list[MasterRecord]:
        """The master calibrations the archive associates with a raw science frame."""
        ...

    def associations(self, dp_id: str, mode: str) -> Mapping[str, frozenset[str]]:
        """The archive's association for a raw frame: category -> file ids (``Raw2Raw``/``Raw2Master``)."""
        ...

    def close(self) -> None: ...
