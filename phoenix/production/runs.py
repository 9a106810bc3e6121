"""Run records: which flow ran when, with which settings, and how it ended."""

from __future__ import annotations

from typing import Any

from phoenix.db.models import Run, utcnow
from phoenix.production.context import Context


def start_run(ctx: Context, instrument: str, night: str, mode: str) -> int:
    """Record the start of a run and clean up what an interrupted one left in the archive."""
    ctx.archive.sweep()
    with ctx.db.session() as session:
        run = Run(
            instrument=instrument,
            night=night,
            mode=mode,
            settings=ctx.settings.as_record(),
            settings_digest=ctx.settings.digest(),
        )
        session.add(run)
        session.flush()
        return int(run.id or 0)


def finish_run(ctx: Context, run_id: int, status: str, summary: dict[str, Any]) -> None:
    with ctx.db.session() as session:
        run = session.get(Run, run_id)
        if run is not None:
            run.status, run.summary, run.finished = status, summary, utcnow()
            session.add(run)
