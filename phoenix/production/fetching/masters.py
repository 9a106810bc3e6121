"""The master calibrations the archive associates with the night's science (calSelector Raw2Master).

A fetched master is catalogued with its PRO.CATG (else the archive's category), MJD-OBS and the
header keywords the instrument's association rules read, so step 2 can choose it like our own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from phoenix import keywords as kw
from phoenix.archive.source import FileRequest, MasterRecord, RawFrameRecord, RemoteArchive
from phoenix.errors import RemoteArchiveError
from phoenix.headers import read_primary_header
from phoenix.production.context import Context
from phoenix.production.fetching.present import present_and_verified
from phoenix.production.fetching.report import MissingFile, Tally
from phoenix.production.rulekeys import relevant_keywords


def fetch_masters(
    ctx: Context,
    instrument: str,
    night: str,
    source: RemoteArchive,
    science: Iterable[RawFrameRecord],
    staging: Path,
    tally: Tally,
) -> list[str]:
    """Fetch the masters of every science frame once; returns their names (fetched or present)."""
    needed: dict[str, MasterRecord] = {}
    for record in science:
        try:
            for master in source.masters_for(record.dp_id):
                needed.setdefault(master.dp_id, master)
        except RemoteArchiveError as exc:
            tally.missing.append(MissingFile(record.filename, "master", f"no calSelector association: {exc}"))
    names, requests = [], []
    for master in needed.values():
        request = FileRequest(master.dp_id, "master")
        if present_and_verified(ctx, "master", request.filename):
            tally.skipped.append(request.filename)
            names.append(request.filename)
        else:
            requests.append(request)
    wanted = relevant_keywords(ctx.instruments, instrument)
    for outcome in source.fetch(requests, staging):
        master = needed[outcome.request.dp_id]
        if tally.settle(outcome, lambda path, m=master: _archive(ctx, instrument, night, m, path, wanted)):
            names.append(outcome.request.filename)
    return names


def _archive(
    ctx: Context, instrument: str, night: str, master: MasterRecord, path: Path, wanted: Sequence[str]
) -> str:
    header = read_primary_header(path)
    entry = ctx.archive.ingest(
        path,
        kind="master",
        instrument=instrument,
        name=f"{master.dp_id}.fits",
        night=night,
        category=str(header.get(kw.PRO_CATG) or master.category),
        mjd_obs=_float(header.get(kw.MJD_OBS)),
        keys={k: header[k] for k in wanted if k in header},
        move=True,
    )
    return entry.name


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
