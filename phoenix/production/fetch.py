"""Before step 1, for a remote archive: copy a night's raw frames, the masters of its science and
its night logs into the local archive, after which every step reads the local archive only.

A file already in the local archive whose bytes still match its catalog checksum is skipped;
every other file is fetched whole and verified, or reported missing with the reason. The
staging directory is removed at the end, so no ``.part`` file outlives the fetch (a fetch that
is killed leaves its partial downloads there, and the next one resumes them).
"""

from __future__ import annotations

import logging
import shutil
from datetime import UTC, datetime

from phoenix.archive.backends import open_remote_archive
from phoenix.archive.source import RemoteArchive
from phoenix.production.context import Context
from phoenix.production.fetching.masters import fetch_masters
from phoenix.production.fetching.nightlogs import fetch_night_logs
from phoenix.production.fetching.present import present_and_verified
from phoenix.production.fetching.raw import fetch_raw
from phoenix.production.fetching.report import FetchReport, MissingFile, Tally

__all__ = ["FetchReport", "MissingFile", "fetch_from_archive", "fetch_night", "present_and_verified"]
logger = logging.getLogger(__name__)
SCIENCE = "SCIENCE"  # TAP's dp_cat of science frames


def fetch_night(
    ctx: Context,
    instrument: str,
    night: str,
    source: RemoteArchive,
    *,
    proprietary: bool = False,
    masters: bool = True,
    now: datetime | None = None,
) -> FetchReport:
    """Copy the night's raw frames (and, with ``masters``, the masters of its science) into the archive.

    ``proprietary`` asks for frames still in their proprietary period too (the source then
    authenticates, for those only); without it they are reported missing, untouched.
    """
    now = now or datetime.now(UTC)
    staging = ctx.settings.workspace / "staging" / source.name / instrument / night
    instrume = ctx.instruments.info(instrument).instrume
    records = source.raw_frames(instrume, night, night, authenticated=proprietary)
    tally = Tally()
    try:
        fetch_raw(
            ctx, instrument, night, source, records, staging / "raw", tally, proprietary=proprietary, now=now
        )
        archived = set(tally.fetched) | set(tally.skipped)
        science = [r for r in records if r.category == SCIENCE and r.filename in archived]
        master_names = (
            fetch_masters(ctx, instrument, night, source, science, staging / "masters", tally)
            if masters
            else []
        )
        logs = fetch_night_logs(ctx, instrument, night, source, science, staging / "nightlog", tally, now)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report = FetchReport(
        instrument,
        night,
        source.name,
        listed=len(records),
        fetched=tuple(tally.fetched),
        skipped=tuple(tally.skipped),
        missing=tuple(tally.missing),
        masters=tuple(master_names),
        night_logs=tuple(logs),
        proprietary=tuple(r.filename for r in records if r.proprietary(now)),
    )
    logger.info(
        "fetch %s %s from %s: %d listed, %d fetched, %d present, %d missing",
        instrument,
        night,
        source.name,
        report.listed,
        len(report.fetched),
        len(report.skipped),
        len(report.missing),
    )
    return report


def fetch_from_archive(ctx: Context, instrument: str, night: str, archive: str) -> FetchReport:
    """Open the named remote archive from the settings and fetch the night.

    Proprietary frames are asked for when ESO credentials are configured, and only then.
    """
    source = open_remote_archive(archive, ctx.settings)
    try:
        return fetch_night(
            ctx,
            instrument,
            night,
            source,
            proprietary=ctx.settings.eso.has_credentials,
            masters=ctx.settings.eso.fetch_masters,
        )
    finally:
        source.close()
