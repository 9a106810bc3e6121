"""Trending pages (the seed paper's Health Check monitor): every QC parameter of a setup over a period.

One page per instrument setup, with the masters' parameters (calibration datasets) and the
products' parameters (science datasets) in their own sections, one plot each with the thresholds;
an index page lists the setups.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from phoenix.correlations import ScatterPlot
from phoenix.db.models import Dataset, QcValue
from phoenix.report.figures import figure_json, trend_figure
from phoenix.report.layout import setup_page, trending_index
from phoenix.report.pages import relative, render, write_page
from phoenix.report.scatter import scatter_figures, scatter_section
from phoenix.report.series import SeriesKey, load_series

SECTIONS = (("calibration", "Masters"), ("science", "Products"))


@dataclass(frozen=True)
class Period:
    """Nights ``first``..``last`` (inclusive, ``YYYY-MM-DD``); ``None`` leaves that end open."""

    first: str | None = None
    last: str | None = None

    def label(self) -> str:
        if not (self.first or self.last):
            return "all nights"
        return f"nights {self.first or '…'} to {self.last or '…'}"


def trend_keys(session: Session, instrument: str, period: Period) -> dict[str, dict[str, list[SeriesKey]]]:
    """setup key -> dataset kind -> the series with values in the period, sorted."""
    query = (
        select(QcValue.setup_key, Dataset.kind, QcValue.product_category, QcValue.name)
        .join(Dataset, Dataset.id == QcValue.dataset_id)
        .where(QcValue.instrument == instrument)
        .distinct()
    )
    if period.first:
        query = query.where(Dataset.night >= period.first)
    if period.last:
        query = query.where(Dataset.night <= period.last)
    found: dict[str, dict[str, list[SeriesKey]]] = {}
    for setup, kind, category, name in session.exec(query):
        found.setdefault(setup, {}).setdefault(kind, []).append(SeriesKey(instrument, setup, category, name))
    return {setup: {k: sorted(v) for k, v in kinds.items()} for setup, kinds in sorted(found.items())}


def write_trending_pages(
    session: Session, root: Path, instrument: str, period: Period, scatter: Sequence[ScatterPlot] = ()
) -> Path:
    """Write one page per setup and the index; returns the index's path.

    ``scatter``: correlation plots (QC parameter against QC parameter) added to every setup page
    that has values for them.
    """
    index = trending_index(root, instrument)
    entries = []
    for setup, kinds in trend_keys(session, instrument, period).items():
        page = setup_page(root, instrument, setup)
        figures, scores = _figures(session, kinds, period)
        correlations = scatter_figures(session, instrument, setup, scatter, period.first, period.last)
        figures.update(correlations)
        body = _sections(kinds) + scatter_section(scatter, correlations)
        title = f"{instrument.upper()} trending, {period.label()}"
        data = {"kind": "trending", "figures": figures}
        html = render(
            page, root, title=title, body=_setup_header(setup) + body, nav=[("setups", index)], data=data
        )
        write_page(page, html)
        entries.append((setup, page, sum(len(v) for v in kinds.values()), scores))
    body = _index(index, entries)
    title = f"{instrument.upper()} trending, {period.label()}"
    return write_page(index, render(index, root, title=title, body=body))


def figure_id(key: SeriesKey) -> str:
    """A stable element id for a series' plot on its setup page."""
    return "trend-" + "-".join(
        "".join(c if c.isalnum() else "_" for c in part) for part in (key.product_category, key.name)
    )


def _figures(
    session: Session, kinds: dict[str, list[SeriesKey]], period: Period
) -> tuple[dict[str, Any], Counter[str]]:
    figures: dict[str, Any] = {}
    scores: Counter[str] = Counter()
    for keys in kinds.values():
        for key in keys:
            points = load_series(session, key, period.first, period.last)
            scores.update(p.score for p in points)
            figures[figure_id(key)] = figure_json(trend_figure(key, points, height=340))
    return figures, scores


def _setup_header(setup: str) -> str:
    return f'<p class="summary">setup <code>{escape(setup or "(none)")}</code></p>\n'


def _sections(kinds: dict[str, list[SeriesKey]]) -> str:
    parts = []
    for kind, heading in SECTIONS:
        keys = kinds.get(kind, [])
        if keys:
            plots = "".join(f'<div class="plot trend" id="{figure_id(k)}"></div>' for k in keys)
            parts.append(
                f'<section><h2>{heading} ({len(keys)})</h2><div class="grid">{plots}</div></section>'
            )
    return "\n".join(parts) + "\n"


def _index(index: Path, entries: list[tuple[str, Path, int, Counter[str]]]) -> str:
    if not entries:
        return '<p class="empty">No QC values in this period.</p>\n'
    rows = []
    for setup, page, count, scores in entries:
        chips = " ".join(f'<span class="chip {s}">{scores[s]} {s}</span>' for s in ("green", "red", "grey"))
        link = f'<a href="{escape(relative(index, page))}"><code>{escape(setup or "(none)")}</code></a>'
        rows.append(f"<tr><td>{link}</td><td>{count}</td><td>{chips}</td></tr>")
    head = "<tr><th>setup</th><th>parameters</th><th>values</th></tr>"
    return f'<table class="report"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>\n'
