"""Planning many months at once: frames classified, datasets defined and associated, in worker processes.

A month's association reads raw calibration candidates from the nights around its own, which
may lie in the neighbouring months, so planning has two phases with a barrier between them:

1. every month's frames are made ready: the raw files on disk are scanned (read and classified,
   :func:`phoenix.production.scan.scan_night`) and frames already in the bookkeeping without a
   class (stored from a header catalogue) are classified in SQL
   (:func:`phoenix.production.scan.classify_stored`);
2. every month's datasets are defined and associated.

Within a phase the months are independent, and each is one task for a pool of worker processes
(spawned, each with its own database connection). Each step decides before it writes and writes
in one short transaction, so on SQLite the workers wait for each other only while one writes
(WAL lets the others read meanwhile); on PostgreSQL they do not wait at all. ``workers=1`` plans
in the calling process, month after month.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from typing import Any

from sqlmodel import func, select

from phoenix.config import Settings
from phoenix.db.models import DatasetStatus, Frame
from phoenix.production.associate import associate_datasets
from phoenix.production.batch import month_nights
from phoenix.production.context import Context, open_context
from phoenix.production.datasets import define_nights
from phoenix.production.scan import classify_stored, scan_night

log = logging.getLogger(__name__)

Progress = Callable[[str, str, int, int], None]  # (phase, month, months done, months in all)


def prepare_month(ctx: Context, instrument: str, month: str) -> dict[str, Any]:
    """Phase 1 for one month: scan its nights' raw files, classify its stored frames without class.

    Returns the month's nights, how many frames it has, the frames that cannot be used (night,
    file, reason) and the seconds taken.
    """
    started = time.perf_counter()
    nights = month_nights(ctx, instrument, month)
    raw_root = ctx.archive.directory("raw", instrument)
    for night in nights:
        if (raw_root / night).is_dir():
            scan_night(ctx, instrument, night)
    classify_stored(ctx, instrument, nights)
    with ctx.db.session() as session:
        scope = (Frame.instrument == instrument, Frame.night.in_(nights))  # type: ignore[attr-defined]
        frames = session.exec(select(func.count()).where(*scope)).one()
        problems = [
            {"night": night, "file": filename, "reason": reason}
            for night, filename, reason in session.exec(
                select(Frame.night, Frame.filename, Frame.problem)
                .where(*scope, Frame.problem.is_not(None))  # type: ignore[union-attr]
                .order_by(Frame.night, Frame.filename)
            )
        ]
    return {
        "month": month,
        "nights": nights,
        "frames": frames,
        "frame_problems": problems,
        "seconds": {"prepare": time.perf_counter() - started},
    }


def define_and_associate(ctx: Context, instrument: str, nights: list[str]) -> dict[str, Any]:
    """Phase 2 for one month's nights: its datasets defined and associated; counts and seconds."""
    started = time.perf_counter()
    datasets = define_nights(ctx, instrument, nights)
    defined = time.perf_counter()
    associated = associate_datasets(ctx, datasets)
    done = time.perf_counter()
    return {
        "datasets": len(associated),
        "incomplete": sum(d.status == DatasetStatus.INCOMPLETE for d in associated),
        "seconds": {"define": defined - started, "associate": done - defined},
    }


def plan_months(
    ctx: Context,
    instrument: str,
    months: Iterable[str],
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> dict[str, dict[str, Any]]:
    """Plan ``months`` (``YYYY-MM``) in two phases over ``workers`` processes; per month what was found.

    With one worker the planning runs on ``ctx``; worker processes open the same settings and load
    the instrument plugins registered as entry points.

    Each month's entry has its nights, frames, frame problems, datasets, incomplete datasets and
    the seconds of each step (summed over processes: with several workers more than the wall time).
    A failure in any month stops the planning with that month's error; what was written stays
    written and a rerun continues from it (classification, definition and association are
    idempotent).
    """
    months = list(dict.fromkeys(months))
    workers = max(1, min(workers, len(months)))
    report = progress or _log_progress
    planned: dict[str, dict[str, Any]] = {}
    if workers == 1:
        for done, month in enumerate(months, 1):
            planned[month] = prepare_month(ctx, instrument, month)
            report("prepare", month, done, len(months))
        for done, month in enumerate(months, 1):
            _merge(planned[month], define_and_associate(ctx, instrument, planned[month]["nights"]))
            report("associate", month, done, len(months))
        return planned
    spawn = multiprocessing.get_context("spawn")  # no inherited connections or threads
    settings = ctx.settings
    with ProcessPoolExecutor(
        workers, mp_context=spawn, initializer=_open_worker, initargs=(settings,)
    ) as pool:
        work = {m: (instrument, m) for m in months}
        for month, found in _each(pool, "prepare", report, _prepare_task, work):
            planned[month] = found
        work = {m: (instrument, planned[m]["nights"]) for m in months}
        for month, found in _each(pool, "associate", report, _associate_task, work):
            _merge(planned[month], found)
    return {month: planned[month] for month in months}


def _each(
    pool: Executor,
    phase: str,
    report: Progress,
    task: Callable[..., dict[str, Any]],
    work: dict[str, tuple[Any, ...]],
) -> Iterable[tuple[str, dict[str, Any]]]:
    """Run ``task(*arguments)`` per month of ``work`` on the pool; (month, result) as they finish."""
    futures = {pool.submit(task, *arguments): month for month, arguments in work.items()}
    for done, future in enumerate(as_completed(futures), 1):
        month = futures[future]
        try:
            found = future.result()
        except BaseException:
            for other in futures:
                other.cancel()
            log.error("planning %s of %s failed", phase, month)
            raise
        report(phase, month, done, len(work))
        yield month, found


def _merge(month: dict[str, Any], found: dict[str, Any]) -> None:
    seconds = {**month["seconds"], **found["seconds"]}
    month.update(found)
    month["seconds"] = seconds


def _log_progress(phase: str, month: str, done: int, total: int) -> None:
    log.info("planning: %s %s done (%d/%d months)", phase, month, done, total)


_worker_context: Context | None = None


def _open_worker(settings: Settings) -> None:
    global _worker_context
    _worker_context = open_context(settings)


def _prepare_task(instrument: str, month: str) -> dict[str, Any]:
    assert _worker_context is not None
    return prepare_month(_worker_context, instrument, month)


def _associate_task(instrument: str, nights: list[str]) -> dict[str, Any]:
    assert _worker_context is not None
    return define_and_associate(_worker_context, instrument, nights)
