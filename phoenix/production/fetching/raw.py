"""The night's raw frames: which to fetch, and how they enter the local archive (with their metadata)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from phoenix.archive.catalog import DP_CAT_KEY, DP_ID_KEY, OB_ID_KEY, RELEASE_DATE_KEY, SOURCE_KEY
from phoenix.archive.source import FileRequest, RawFrameRecord, RemoteArchive
from phoenix.production.context import Context
from phoenix.production.fetching.present import present_and_verified
from phoenix.production.fetching.report import MissingFile, Tally


def fetch_raw(
    ctx: Context,
    instrument: str,
    night: str,
    source: RemoteArchive,
    records: Sequence[RawFrameRecord],
    staging: Path,
    tally: Tally,
    *,
    proprietary: bool,
    now: datetime,
) -> None:
    """Fetch every listed frame not already archived; proprietary ones only when asked for."""
    wanted = []
    for record in records:
        closed = record.proprietary(now)
        if present_and_verified(ctx, "raw", record.filename):
            tally.skipped.append(record.filename)
        elif closed and not proprietary:
            until = record.release_date.isoformat(timespec="seconds") if record.release_date else "?"
            reason = f"proprietary until {until}; proprietary data not asked for"
            tally.missing.append(MissingFile(record.filename, "raw", reason))
        else:
            wanted.append(
                FileRequest(record.dp_id, "raw", proprietary=closed, release_date=record.release_date)
            )
    by_id = {r.dp_id: r for r in records}
    for outcome in source.fetch(wanted, staging):
        record = by_id[outcome.request.dp_id]
        tally.settle(outcome, lambda path, r=record: _archive(ctx, instrument, night, r, path, source.name))


def _archive(
    ctx: Context, instrument: str, night: str, record: RawFrameRecord, path: Path, source: str
) -> str:
    keys = {
        RELEASE_DATE_KEY: record.release_date.isoformat() if record.release_date else None,
        SOURCE_KEY: source,
        DP_ID_KEY: record.dp_id,
        OB_ID_KEY: record.ob_id,
        DP_CAT_KEY: record.category,
    }
    entry = ctx.archive.ingest(
        path, kind="raw", instrument=instrument, night=night, name=record.filename, keys=keys, move=True
    )
    return entry.name
