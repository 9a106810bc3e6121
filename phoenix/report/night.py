"""A night's score report (the seed paper's Figure 5): one row per dataset, one colour box per QC value.

A box is green or red as its value was scored, grey when it was not scored. Clicking it opens
the trending plot of its parameter (same instrument, setup and product category, every value in
the QC tables) with the thresholds and this dataset's value ringed; the plot is also reached by
the page's URL with ``#qc-<id>``, so it can be linked to.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from sqlmodel import Session

from phoenix.report.figures import figure_json, highlight_trace, trace_json, trend_figure
from phoenix.report.layout import check_night, month_page, night_page, trending_index
from phoenix.report.pages import render, write_page
from phoenix.report.rows import Box, DatasetRow, night_rows
from phoenix.report.series import SeriesKey, load_series


def night_report(session: Session, root: Path, instrument: str, night: str) -> tuple[Path, str]:
    """The path and HTML of the score report of ``instrument`` for ``night``."""
    page = night_page(root, instrument, check_night(night))
    rows = night_rows(session, instrument, night)
    data = night_data(session, rows)
    body = _summary(rows) + _table(rows) + _panel()
    nav = [("month", month_page(root, instrument, night[:7]))]  # written with the night
    if trending_index(root, instrument).exists():
        nav.append(("trending", trending_index(root, instrument)))
    title = f"{instrument.upper()} score report, night {night}"
    return page, render(page, root, title=title, body=body, nav=nav, data=data)


def write_night_page(session: Session, root: Path, instrument: str, night: str) -> Path:
    """Write the night's score report; returns its path."""
    page, html = night_report(session, root, instrument, night)
    return write_page(page, html)


def box_id(box: Box) -> str:
    """The id that links a box to its plot: ``qc-<QcValue.id>``."""
    return f"qc-{box.point.qc_value_id}"


def night_data(session: Session, rows: list[DatasetRow]) -> dict[str, Any]:
    """The page's JSON: each series' figure once, and per box its series and highlight ring."""
    keys: dict[SeriesKey, str] = {}
    series: dict[str, Any] = {}
    boxes: dict[str, Any] = {}
    for row in rows:
        for box in row.boxes:
            if box.key not in keys:
                keys[box.key] = f"s{len(keys)}"
                series[keys[box.key]] = figure_json(trend_figure(box.key, load_series(session, box.key)))
            boxes[box_id(box)] = {
                "series": keys[box.key],
                "highlight": trace_json(highlight_trace(box.point)) if box.point.value is not None else None,
                "title": f"{box.key.name} · {box.key.product_category} · {row.name}",
                "info": _describe(box),
            }
    return {"kind": "night", "series": series, "boxes": boxes}


def _describe(box: Box) -> str:
    p = box.point
    value = f"{p.value:.6g}" if p.value is not None else (p.text or "no value")
    parts = [f"{value} {p.unit}".strip(), f"{p.score}: {p.reason}"]
    if p.method:
        parts.append(f"thresholds [{_num(p.lower)}, {_num(p.upper)}] {p.method}")
    parts.append(f"setup {box.key.setup_key or '(none)'}")
    return " · ".join(parts)


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.6g}"


def _summary(rows: list[DatasetRow]) -> str:
    counts = {score: sum(r.score == score for r in rows) for score in ("green", "red", "grey")}
    chips = " ".join(f'<span class="chip {s}">{n} {s}</span>' for s, n in counts.items())
    return f'<p class="summary">{len(rows)} datasets: {chips}</p>\n'


def _table(rows: list[DatasetRow]) -> str:
    if not rows:
        return '<p class="empty">No datasets for this night.</p>\n'
    head = "".join(
        f"<th>{h}</th>" for h in ("dataset", "kind", "arm", "OB grade", "status", "score", "QC parameters")
    )
    body = "\n".join(_row(r) for r in rows)
    return f'<table class="report">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n'


def _row(row: DatasetRow) -> str:
    grade = escape(row.ob_grade or "–")
    if row.ob_comment:
        grade += f'<div class="comment">{escape(row.ob_comment)}</div>'
    return (
        f'<tr id="ds-{row.id}" class="dataset {escape(row.kind)}">'
        f'<td class="name">{escape(row.name)}<div class="category">{escape(row.category)}</div></td>'
        f"<td>{escape(row.kind)}</td><td>{escape(row.arm)}</td><td>{grade}</td>"
        f'<td class="status">{escape(row.status)}</td>'
        f'<td><span class="overall {row.score}" title="overall: {row.score}">{row.score}</span></td>'
        f'<td class="boxes">{_boxes(row.boxes)}</td></tr>'
    )


def _boxes(boxes: tuple[Box, ...]) -> str:
    if not boxes:
        return '<span class="none">no QC values</span>'
    groups: dict[str, list[str]] = {}
    for box in boxes:
        tip = escape(f"{box.key.name} = {_describe(box)}", quote=True)
        groups.setdefault(box.key.product_category, []).append(
            f'<a class="box {box.point.score}" id="box-{box_id(box)}" href="#{box_id(box)}" title="{tip}">'
            f"{escape(box.key.name)}</a>"
        )
    return "".join(
        f'<div class="group"><span class="product">{escape(category)}</span>{"".join(items)}</div>'
        for category, items in groups.items()
    )


def _panel() -> str:
    return (
        '<div id="trend-panel" class="panel" hidden>'
        '<div class="panel-head"><h2 id="trend-title"></h2>'
        '<a href="#" class="close" title="close (Esc)">×</a></div>'
        '<p id="trend-info"></p><div id="trend-plot" class="plot"></div></div>\n'
    )
