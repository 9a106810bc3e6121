"""A month's index: a calendar of the nights with data, each in its overall colour, and a table."""

from __future__ import annotations

import calendar
from html import escape
from pathlib import Path

from sqlmodel import Session

from phoenix.report.layout import check_month, month_page, night_page, trending_index
from phoenix.report.months import NightSummary, month_nights
from phoenix.report.pages import relative, render, write_page


def month_report(session: Session, root: Path, instrument: str, month: str) -> tuple[Path, str]:
    """The path and HTML of the month's index; nights link to their score report where it exists."""
    page = month_page(root, instrument, check_month(month))
    nights = month_nights(session, instrument, month)
    links = {
        n.night: relative(page, night_page(root, instrument, n.night))
        for n in nights
        if night_page(root, instrument, n.night).exists()
    }
    body = _calendar(month, nights, links) + _table(nights, links)
    title = f"{instrument.upper()} score reports, {month}"
    around = [("previous month", _shift(month, -1)), ("next month", _shift(month, 1))]
    links_out = [(label, month_page(root, instrument, m)) for label, m in around]
    links_out.append(("trending", trending_index(root, instrument)))
    nav = [(label, path) for label, path in links_out if path.exists()]
    return page, render(page, root, title=title, body=body, nav=nav)


def write_month_page(session: Session, root: Path, instrument: str, month: str) -> Path:
    """Write the month's index; returns its path."""
    page, html = month_report(session, root, instrument, month)
    return write_page(page, html)


def nights_of(session: Session, instrument: str, month: str) -> list[str]:
    """The nights of the month that have datasets of ``instrument``."""
    return [n.night for n in month_nights(session, instrument, check_month(month))]


def _shift(month: str, by: int) -> str:
    year, number = int(month[:4]), int(month[5:7]) - 1 + by
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def _calendar(month: str, nights: list[NightSummary], links: dict[str, str]) -> str:
    by_day = {int(n.night[8:10]): n for n in nights}
    head = "".join(f"<th>{d}</th>" for d in calendar.day_abbr)
    weeks = []
    for week in calendar.Calendar().monthdayscalendar(int(month[:4]), int(month[5:7])):
        cells = []
        for day in week:
            summary = by_day.get(day)
            if day == 0:
                cells.append('<td class="blank"></td>')
            elif summary is None:
                cells.append(f'<td class="day nodata">{day}</td>')
            else:
                label = f"{day}<span>{summary.datasets} ds</span>"
                link = links.get(summary.night)
                inner = f'<a href="{escape(link)}">{label}</a>' if link else label
                cells.append(f'<td class="day {summary.score}" title="{_tip(summary)}">{inner}</td>')
        weeks.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="calendar"><thead><tr>{head}</tr></thead><tbody>{"".join(weeks)}</tbody></table>\n'


def _table(nights: list[NightSummary], links: dict[str, str]) -> str:
    if not nights:
        return '<p class="empty">No datasets this month.</p>\n'
    rows = []
    for n in nights:
        name = escape(n.night)
        if n.night in links:
            name = f'<a href="{escape(links[n.night])}">{name}</a>'
        counts = " ".join(f'<span class="chip {s}">{c} {s}</span>' for s, c in sorted(n.scores.items()))
        statuses = ", ".join(f"{c} {escape(s)}" for s, c in sorted(n.statuses.items()))
        rows.append(
            f'<tr><td><span class="overall {n.score}">{n.score}</span></td><td>{name}</td>'
            f"<td>{n.datasets}</td><td>{counts}</td><td>{statuses}</td></tr>"
        )
    head = "".join(f"<th>{h}</th>" for h in ("score", "night", "datasets", "scores", "states"))
    return (
        f'<table class="report nights"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>\n'
    )


def _tip(summary: NightSummary) -> str:
    counts = ", ".join(f"{c} {s}" for s, c in sorted(summary.scores.items()))
    return escape(f"{summary.night}: {summary.datasets} datasets ({counts})", quote=True)
