"""Trending figures (plotly): a QC parameter over time, its thresholds, and one dataset's point.

Figures are built with ``plotly.graph_objects`` and handed to pages as plain JSON
(:func:`figure_json`); the page draws them with the local ``plotly.min.js``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from phoenix.report.colours import HEX, SCORES
from phoenix.report.mjd import mjd_to_iso
from phoenix.report.series import Point, SeriesKey

THRESHOLD_COLOUR = "#d62728"
BAND_FILL = "rgba(46, 158, 68, 0.10)"
HIGHLIGHT_COLOUR = "#111111"
AXIS = {"gridcolor": "#e5e8ec", "linecolor": "#8893a0", "zeroline": False, "showline": True}
HOVER = "%{customdata[0]}<br>night %{customdata[1]}, MJD %{customdata[2]:.5f}<br>%{y:.6g} %{customdata[3]}"


def trend_figure(key: SeriesKey, points: Sequence[Point], *, height: int = 420) -> go.Figure:
    """The series over time: points coloured by score, and the thresholds they were scored against.

    Thresholds are drawn as step lines through time (``lower``/``upper`` of each scored point, so
    a statistical threshold that moved is seen moving), with the band between them shaded when
    every point has both. Points without a numeric value are left out.
    """
    numeric = [p for p in points if p.value is not None]
    figure = go.Figure()
    _add_thresholds(figure, numeric)
    for score in SCORES:
        chosen = [p for p in numeric if p.score == score]
        if chosen:
            figure.add_trace(_points_trace(chosen, score))
    unit = next((p.unit for p in points if p.unit), "")
    figure.update_layout(
        title={"text": f"{key.name} · {key.product_category}", "x": 0.01},
        template="none",  # styled here: a named template would be embedded in full with every figure
        height=height,
        margin={"l": 70, "r": 20, "t": 50, "b": 50},
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": "system-ui, DejaVu Sans, sans-serif", "size": 12, "color": "#1d2733"},
        xaxis={"title": {"text": "date of observation (UTC)"}, **AXIS},
        yaxis={"title": {"text": f"{key.name} [{unit}]" if unit else key.name}, **AXIS},
        legend={"traceorder": "normal"},
        hovermode="closest",
        meta={"instrument": key.instrument, "setup": key.setup_key},
    )
    if not numeric:
        figure.add_annotation(text="no numeric values", showarrow=False, xref="paper", yref="paper")
    return figure


def highlight_trace(point: Point) -> go.Scatter:
    """A ring around one dataset's value, to lay over its series' figure."""
    return go.Scatter(
        x=[mjd_to_iso(point.mjd_obs)],
        y=[point.value],
        mode="markers",
        name=f"this dataset ({point.score})",
        marker={"size": 18, "symbol": "circle-open", "color": HIGHLIGHT_COLOUR, "line": {"width": 3}},
        customdata=[_custom(point)],
        hovertemplate=HOVER + "<extra>this dataset</extra>",
        meta={"qc_value_id": point.qc_value_id},
    )


def figure_json(figure: go.Figure) -> dict[str, Any]:
    """``{"data": [...], "layout": {...}}`` as plain JSON values (plotly's own encoder)."""
    return json.loads(figure.to_json())


def trace_json(trace: go.Scatter) -> dict[str, Any]:
    """One trace as plain JSON values."""
    return json.loads(go.Figure(data=[trace]).to_json())["data"][0]


def _add_thresholds(figure: go.Figure, points: Sequence[Point]) -> None:
    x = [mjd_to_iso(p.mjd_obs) for p in points]
    lower, upper = [p.lower for p in points], [p.upper for p in points]
    band = all(v is not None for v in lower + upper)
    step = {"shape": "hv", "color": THRESHOLD_COLOUR, "dash": "dash", "width": 1.5}
    if any(v is not None for v in lower):
        figure.add_trace(go.Scatter(x=x, y=lower, name="lower threshold", mode="lines", line=step))
    if any(v is not None for v in upper):
        figure.add_trace(
            go.Scatter(
                x=x,
                y=upper,
                name="upper threshold",
                mode="lines",
                line=step,
                fill="tonexty" if band else None,
                fillcolor=BAND_FILL if band else None,
            )
        )


def _points_trace(points: Sequence[Point], score: str) -> go.Scatter:
    return go.Scatter(
        x=[mjd_to_iso(p.mjd_obs) for p in points],
        y=[p.value for p in points],
        mode="markers",
        name=score,
        marker={"color": HEX[score], "size": 8, "line": {"width": 0.5, "color": "#333"}},
        customdata=[_custom(p) for p in points],
        hovertemplate=HOVER + f"<extra>{score}</extra>",
    )


def _custom(point: Point) -> list[Any]:
    return [point.dataset, point.night, point.mjd_obs, point.unit]
