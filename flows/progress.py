"""A progress bar for long runs, fed from the bookkeeping (jobs started and finished)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from sqlmodel import func, select

from phoenix.config import Settings
from phoenix.db.models import Job


class JobProgress:
    """Shows recipe jobs started/finished since entering the context, polling the database."""

    def __init__(self, settings: Settings, console: Console, interval_s: float = 1.0) -> None:
        self.settings, self.console, self.interval_s = settings, console, interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> JobProgress:
        self._since = datetime.now(UTC)
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _poll(self) -> None:
        from flows.runtime import context

        db = context(self.settings).db
        columns = (
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total} recipe jobs"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=self.console, transient=True) as progress:
            bar = progress.add_task("running", total=None)
            while not self._stop.wait(self.interval_s):
                with db.session() as session:
                    rows = session.exec(
                        select(Job.status, func.count())
                        .where(Job.started >= self._since)
                        .group_by(Job.status)
                    ).all()
                counts = dict(rows)
                total = sum(counts.values())
                progress.update(
                    bar,
                    completed=total - counts.get("running", 0),
                    total=max(total, 1),
                    description=f"running {counts.get('running', 0)}, failed {counts.get('failed', 0)}",
                )
