"""Correlation plots for the trending pages: one QC parameter against another, one point per job.

The seed paper's GIRAFFE figures are of this kind: S/N of the brightest fibre against its total
counts, one point per raw frame (a square-root law where shot noise dominates), and the user's
magnitude against the extracted flux. A :class:`phoenix.correlations.ScatterPlot` names the pairs
of QC parameters (``x`` and ``y`` of the same job and product category); the points come from
the QC tables, so any instrument can declare such plots.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np
import plotly.graph_objects as go
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from phoenix.correlations import ScatterPlot, ScatterSeries
from phoenix.db.models import Dataset, QcValue
from phoenix.report.figures import AXIS, figure_json

COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b")


@dataclass(frozen=True)
class Pair:
    """One point: the two values of one job, with the dataset and night they belong to."""

    dataset: str
    night: str
    x: float
    y: float


def load_pairs(
    session: Session,
    instrument: str,
    setup_key: str,
    series: ScatterSeries,
    night_from: str | None = None,
    night_to: str | None = None,
) -> list[Pair]:
    """The ``(x, y)`` pairs of one series: values of the same job and product category."""
    xv, yv = aliased(QcValue), aliased(QcValue)
    query = (
        select(xv.value, yv.value, Dataset.name, Dataset.night)
        .join(yv, (yv.job_id == xv.job_id) & (yv.product_category == xv.product_category))
        .join(Dataset, Dataset.id == xv.dataset_id)
        .where(
            xv.instrument == instrument,
            xv.setup_key == setup_key,
            xv.name == series.x,
            yv.name == series.y,
            xv.value.is_not(None),  # type: ignore[union-attr]
            yv.value.is_not(None),  # type: ignore[union-attr]
        )
    )
    if night_from:
        query = query.where(Dataset.night >= night_from)
    if night_to:
        query = query.where(Dataset.night <= night_to)
    return [
        Pair(name, night, float(x), float(y))
        for x, y, name, night in session.exec(query.order_by(xv.mjd_obs))
    ]


def power_law(pairs: Sequence[Pair]) -> tuple[float, float] | None:
    """``(slope, intercept)`` of ``log10 y = slope log10 x + intercept``; None without two positive points."""
    good = [(p.x, p.y) for p in pairs if p.x > 0 and p.y > 0]
    if len({x for x, _ in good}) < 2:
        return None
    x, y = (np.log10(np.array(v)) for v in zip(*good, strict=True))
    slope, intercept = np.polyfit(x, y, 1)
    return float(slope), float(intercept)


def scatter_figure(plot: ScatterPlot, pairs: dict[str, list[Pair]], *, height: int = 380) -> go.Figure:
    """The plot's series as markers (hover: dataset and night), and the power-law fit if asked."""
    figure = go.Figure()
    for i, series in enumerate(plot.series):
        points = pairs.get(series.label, [])
        figure.add_trace(
            go.Scatter(
                x=[p.x for p in points],
                y=[p.y for p in points],
                mode="markers",
                name=series.label,
                marker={"color": COLOURS[i % len(COLOURS)], "size": 7},
                customdata=[[p.dataset, p.night] for p in points],
                hovertemplate="%{customdata[0]}<br>night %{customdata[1]}<br>x %{x:.6g}, y %{y:.6g}",
            )
        )
        fit = power_law(points) if plot.fit_power_law else None
        if fit is not None:
            xs = np.geomspace(min(p.x for p in points if p.x > 0), max(p.x for p in points), 50)
            figure.add_trace(
                go.Scatter(
                    x=xs.tolist(),
                    y=(10 ** fit[1] * xs ** fit[0]).tolist(),
                    mode="lines",
                    name=f"{series.label}: slope {fit[0]:.3f}",
                    line={"color": COLOURS[i % len(COLOURS)], "dash": "dash"},
                )
            )
    figure.update_layout(
        title={"text": plot.title, "x": 0.01},
        template="none",
        height=height,
        margin={"l": 70, "r": 20, "t": 50, "b": 50},
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": "system-ui, DejaVu Sans, sans-serif", "size": 12, "color": "#1d2733"},
        xaxis={"title": {"text": plot.x_title}, "type": "log" if plot.log_x else "linear", **AXIS},
        yaxis={"title": {"text": plot.y_title}, "type": "log" if plot.log_y else "linear", **AXIS},
        hovermode="closest",
    )
    return figure


def scatter_id(plot: ScatterPlot) -> str:
    """A stable element id for the plot on a setup page."""
    return "scatter-" + "".join(c if c.isalnum() else "_" for c in plot.name)


def scatter_figures(
    session: Session,
    instrument: str,
    setup_key: str,
    plots: Sequence[ScatterPlot],
    night_from: str | None = None,
    night_to: str | None = None,
) -> dict[str, Any]:
    """Element id to figure JSON for every plot with at least one point in this setup."""
    out = {}
    for plot in plots:
        pairs = {
            s.label: load_pairs(session, instrument, setup_key, s, night_from, night_to) for s in plot.series
        }
        if any(pairs.values()):
            out[scatter_id(plot)] = figure_json(scatter_figure(plot, pairs))
    return out


def scatter_section(plots: Sequence[ScatterPlot], figures: dict[str, Any]) -> str:
    """The HTML section holding the plots that have figures (empty when none has)."""
    shown = [p for p in plots if scatter_id(p) in figures]
    if not shown:
        return ""
    divs = "".join(f'<div class="plot trend" id="{escape(scatter_id(p))}"></div>' for p in shown)
    return f'<section><h2>Correlations ({len(shown)})</h2><div class="grid">{divs}</div></section>\n'
