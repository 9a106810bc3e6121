"""ESO's night-log report of each OB (the report of its first science frame), beside the CSV import."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from phoenix.archive import sha256_of
from phoenix.archive.files import place_atomically
from phoenix.archive.source import FileRequest, RawFrameRecord, RemoteArchive
from phoenix.nightlog.directory import ESO_SUFFIX
from phoenix.production.context import Context
from phoenix.production.fetching.report import Tally
from phoenix.production.nightlog import eso_night_log_dir


def fetch_night_logs(
    ctx: Context,
    instrument: str,
    night: str,
    source: RemoteArchive,
    science: Iterable[RawFrameRecord],
    staging: Path,
    tally: Tally,
    now: datetime,
) -> list[str]:
    """Fetch the reports not yet there; returns every report the night now has."""
    first_of_ob: dict[int, RawFrameRecord] = {}
    for record in science:
        if record.ob_id is not None:
            first_of_ob.setdefault(record.ob_id, record)
    directory = eso_night_log_dir(ctx, instrument, night)
    requests = [
        FileRequest(r.dp_id, "nightlog", proprietary=r.proprietary(now))
        for r in first_of_ob.values()
        if not (directory / f"{r.dp_id}{ESO_SUFFIX}").exists()
    ]
    for outcome in source.fetch(requests, staging):
        tally.settle(outcome, lambda path: _place(path, directory))
    return sorted(p.name for p in directory.glob(f"*{ESO_SUFFIX}")) if directory.exists() else []


def _place(path: Path, directory: Path) -> str:
    dest = directory / path.name
    place_atomically(path, dest, sha256_of(path), move=True)
    return dest.name
