"""Writing reports: what the ``phoenix report`` command and the flows call."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from phoenix.correlations import ScatterPlot
from phoenix.db import Database
from phoenix.errors import ReportError
from phoenix.report.assets import install_assets
from phoenix.report.layout import check_month, check_night
from phoenix.report.month import nights_of, write_month_page
from phoenix.report.night import write_night_page
from phoenix.report.trending import Period, write_trending_pages

REPORTS = "reports"


def reports_root(workspace: Path) -> Path:
    """``<workspace>/reports``: every report page and the assets they share."""
    return workspace / REPORTS


def write_night_report(db: Database, root: Path, instrument: str, night: str) -> Path:
    """Write the score report of one night (and refresh its month's index); returns the night's page."""
    _check(check_night, night)
    install_assets(root)
    with db.session() as session:
        page = write_night_page(session, root, instrument, night)
        write_month_page(session, root, instrument, night[:7])
    return page


def write_month_report(db: Database, root: Path, instrument: str, month: str) -> Path:
    """Write the score report of every night of a month with data and the month's index; returns the index."""
    _check(check_month, month)
    install_assets(root)
    with db.session() as session:
        for night in nights_of(session, instrument, month):
            write_night_page(session, root, instrument, night)
        return write_month_page(session, root, instrument, month)


def write_trending_report(
    db: Database,
    root: Path,
    instrument: str,
    first: str | None = None,
    last: str | None = None,
    scatter: Sequence[ScatterPlot] = (),
) -> Path:
    """Write the trending pages of every setup of ``instrument`` over nights ``first``..``last``.

    ``scatter``: the instrument's correlation plots (see :mod:`phoenix.report.scatter`).
    """
    for night in (first, last):
        if night is not None:
            _check(check_night, night)
    install_assets(root)
    with db.session() as session:
        return write_trending_pages(session, root, instrument, Period(first, last), scatter)


def _check(check, value: str) -> None:  # type: ignore[no-untyped-def]
    try:
        check(value)
    except ValueError as exc:
        raise ReportError(str(exc)) from exc
