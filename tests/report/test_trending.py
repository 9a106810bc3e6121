"""Trending pages per setup, the trend figure itself, and the ``phoenix report`` command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from phoenix.config import resolve_settings
from phoenix.db import Database, open_database
from phoenix.report import write_trending_report
from phoenix.report.figures import figure_json, trend_figure
from phoenix.report.layout import setup_page
from phoenix.report.pages import DATA_ID, embed_json
from phoenix.report.series import Point, SeriesKey
from tests.report.synthetic import NIGHTS, SETUP, Filled, fill


def figures_of(page: Path) -> dict:
    match = re.search(
        rf'<script id="{DATA_ID}" type="application/json">(.*?)</script>', page.read_text(), re.S
    )
    assert match
    return json.loads(match.group(1))["figures"]


def test_trending_writes_one_page_per_setup_with_masters_and_products(
    db: Database, filled: Filled, reports: Path
) -> None:
    index = write_trending_report(db, reports, "uves")
    page = setup_page(reports, "uves", SETUP)
    assert page.name in index.read_text()
    html = page.read_text()
    assert "<h2>Masters (2)</h2>" in html and "<h2>Products (2)</h2>" in html
    figures = figures_of(page)
    assert set(figures) == {
        "trend-MASTER_BIAS_BLUE-ron_master",
        "trend-MASTER_BIAS_BLUE-structure_x",
        "trend-RED_SCIENCE_BLUE-median_snr",
        "trend-RED_SCIENCE_BLUE-barycentric_rv",
    }
    ron = {t["name"]: t for t in figures["trend-MASTER_BIAS_BLUE-ron_master"]["data"]}
    assert ron["lower threshold"]["y"] == [2.0] * len(NIGHTS)
    assert ron["upper threshold"]["y"] == [4.0] * len(NIGHTS)
    assert ron["upper threshold"]["fill"] == "tonexty", "two-sided thresholds shade their band"


def test_trending_period_keeps_only_its_nights(db: Database, filled: Filled, reports: Path) -> None:
    write_trending_report(db, reports, "uves", NIGHTS[1], NIGHTS[2])
    figures = figures_of(setup_page(reports, "uves", SETUP))
    points = [t for t in figures["trend-RED_SCIENCE_BLUE-median_snr"]["data"] if t["mode"] == "markers"]
    assert sum(len(t["x"]) for t in points) == 2


def point(mjd: float, value: float | None, score: str, lower: float | None, upper: float | None) -> Point:
    return Point(1, "d", "n", "science", mjd, value, None, "ADU", score, lower, upper, "m", "r")


def test_trend_figure_draws_moving_thresholds_as_steps() -> None:
    key = SeriesKey("uves", "s", "MASTER_BIAS_BLUE", "ron_master")
    points = [point(57509.0, 3.0, "green", 2.0, 4.0), point(57510.0, 5.0, "red", 2.5, 4.5)]
    figure = figure_json(trend_figure(key, points))
    traces = {t["name"]: t for t in figure["data"]}
    assert traces["lower threshold"]["y"] == [2.0, 2.5] and traces["upper threshold"]["y"] == [4.0, 4.5]
    assert traces["lower threshold"]["x"] == ["2016-05-01T00:00:00", "2016-05-02T00:00:00"]
    assert traces["red"]["marker"]["color"] == "#d62728"
    assert figure["layout"]["yaxis"]["title"]["text"] == "ron_master [ADU]"


def test_trend_figure_of_text_values_says_there_is_nothing_to_plot() -> None:
    key = SeriesKey("uves", "s", "C", "flag")
    figure = figure_json(trend_figure(key, [point(57509.0, None, "grey", None, None)]))
    assert figure["data"] == []
    assert figure["layout"]["annotations"][0]["text"] == "no numeric values"


def test_embedded_json_cannot_close_its_script_element() -> None:
    text = embed_json({"comment": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["comment"].startswith("</script>")


def test_cli_writes_the_pages_and_prints_their_path(workspace: Path) -> None:
    db = open_database(resolve_settings(workspace).database_url)
    fill(db)
    db.dispose()
    runner = CliRunner()
    night = runner.invoke(app, ["report", "--instrument", "uves", "--night", NIGHTS[0]])
    assert night.exit_code == 0, night.output
    assert Path(night.stdout.strip()) == workspace / "reports" / "uves" / "2016-05" / f"{NIGHTS[0]}.html"
    month = runner.invoke(app, ["report", "-i", "uves", "--month", "2016-05"])
    assert Path(month.stdout.strip()) == workspace / "reports" / "uves" / "2016-05" / "index.html"
    trend = runner.invoke(app, ["report", "-i", "uves", "--trending", "--from", NIGHTS[0]])
    assert Path(trend.stdout.strip()) == workspace / "reports" / "uves" / "trending" / "index.html"
    assert Path(trend.stdout.strip()).exists()


@pytest.mark.parametrize(
    "args",
    [[], ["--night", "2016-05-01", "--month", "2016-05"], ["--month", "2016-05", "--from", "2016-05-01"]],
)
def test_cli_wants_exactly_one_kind_of_report(workspace: Path, args: list[str]) -> None:
    result = CliRunner().invoke(app, ["report", "-i", "uves", *args])
    assert result.exit_code == 2
