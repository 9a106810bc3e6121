"""Months and nights for the stream and the historical batch, and what the bookkeeping says is done.

A month of a batch is recorded as a :class:`~phoenix.db.models.Run` with mode ``batch-month`` and
the month (``YYYY-MM``) in its ``night`` column: a restarted batch skips months whose latest such
run is ``done`` and redoes the others, where content-addressed jobs and dataset states make the
work already done cost nothing.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import func, select

from phoenix.db.models import Dataset, DatasetStatus, Frame, Run, utcnow
from phoenix.errors import ConfigError
from phoenix.production.context import Context
from phoenix.production.runs import start_run

BATCH_MONTH = "batch-month"
GARCHING = ZoneInfo("Europe/Berlin")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_NIGHT = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# a night whose datasets are all in one of these needs no more processing (review and proprietary
# wait for a person or a date, not for a recipe)
SETTLED = frozenset(
    {DatasetStatus.INGESTED, DatasetStatus.REJECTED, DatasetStatus.REVIEW, DatasetStatus.PROPRIETARY}
)


def parse_month(month: str) -> date:
    """The first day of ``YYYY-MM``; a :class:`ConfigError` naming the value otherwise."""
    match = _MONTH.match(month)
    if not match or not 1 <= int(match[2]) <= 12:
        raise ConfigError(f"month {month!r}: expected YYYY-MM, e.g. 2016-05")
    return date(int(match[1]), int(match[2]), 1)


def month_range(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive, as ``YYYY-MM``."""
    start, end = parse_month(first), parse_month(last)
    if end < start:
        raise ConfigError(f"batch from {first} to {last}: the end is before the start")
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def previous_month(when: datetime, tz: ZoneInfo = GARCHING) -> str:
    """The month before ``when`` as seen in ``tz`` (the stream on the 5th processes the last month)."""
    local = when.astimezone(tz) if when.tzinfo else when.replace(tzinfo=tz)
    year, month = (local.year - 1, 12) if local.month == 1 else (local.year, local.month - 1)
    return f"{year:04d}-{month:02d}"


def month_nights(ctx: Context, instrument: str, month: str) -> list[str]:
    """The month's nights that have raw data: the archive's raw tree and the frames already seen."""
    parse_month(month)
    raw_root = ctx.archive.directory("raw", instrument)
    on_disk = (
        {p.name for p in raw_root.iterdir() if p.is_dir() and p.name.startswith(month + "-")}
        if raw_root.exists()
        else set()
    )
    with ctx.db.session() as session:
        seen = set(
            session.exec(
                select(Frame.night)
                # a range, not LIKE: SQLite's index serves LIKE only case-insensitively
                .where(
                    Frame.instrument == instrument, Frame.night >= f"{month}-01", Frame.night <= f"{month}-31"
                )
                .distinct()
            )
        )
    return sorted(n for n in on_disk | seen if _NIGHT.match(n))


def night_done(ctx: Context, instrument: str, night: str) -> bool:
    """True when the night needs no more processing.

    Its latest science run finished, every raw file of it is known (none arrived since) and every
    dataset of it is settled.
    """
    files = {p.name for p in ctx.archive.raw_files(instrument, night)}
    with ctx.db.session() as session:
        science = session.exec(
            select(Run.status)
            .where(Run.instrument == instrument, Run.night == night, Run.mode == "science")
            .order_by(Run.id.desc())  # type: ignore[union-attr]
        ).first()
        if science != "done":
            return False
        known = set(
            session.exec(select(Frame.filename).where(Frame.instrument == instrument, Frame.night == night))
        )
        statuses = dict(
            session.exec(
                select(Dataset.status, func.count())
                .where(Dataset.instrument == instrument, Dataset.night == night)
                .group_by(Dataset.status)
            ).all()
        )
    if not statuses or not files <= known:
        return False
    return all(status in SETTLED for status in statuses)


def month_done(ctx: Context, instrument: str, month: str) -> bool:
    """True when the latest batch run of the month finished as ``done``."""
    with ctx.db.session() as session:
        latest = session.exec(
            select(Run)
            .where(Run.instrument == instrument, Run.night == month, Run.mode == BATCH_MONTH)
            .order_by(Run.id.desc())  # type: ignore[union-attr]
        ).first()
    return latest is not None and latest.status == "done"


def start_month(ctx: Context, instrument: str, month: str) -> int:
    """Record the start of a batch month; earlier runs of it left ``running`` become ``interrupted``."""
    with ctx.db.session() as session:
        stale = session.exec(
            select(Run).where(
                Run.instrument == instrument,
                Run.night == month,
                Run.mode == BATCH_MONTH,
                Run.status == "running",
            )
        )
        for run in stale:
            run.status, run.finished = "interrupted", utcnow()
            session.add(run)
    return start_run(ctx, instrument, month, BATCH_MONTH)
