"""The night's score report: rows and boxes, colours from the scores, the embedded trending data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from phoenix.db import Database
from phoenix.errors import ReportError
from phoenix.report import write_month_report, write_night_report
from phoenix.report.assets import plotly_source
from phoenix.report.night import night_report
from phoenix.report.pages import DATA_ID
from phoenix.report.rows import night_rows
from tests.report.synthetic import NIGHTS, RED_NIGHT, SETUP, Filled

BOX = re.compile(r'<a class="box (green|red|grey)" id="box-qc-(\d+)" href="#qc-\d+"[^>]*>([^<]+)</a>')


def embedded(html: str) -> dict:
    match = re.search(rf'<script id="{DATA_ID}" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the page carries its data"
    return json.loads(match.group(1))


def test_rows_have_one_box_per_qc_value_coloured_by_its_score(db: Database, filled: Filled) -> None:
    with db.session() as session:
        rows = night_rows(session, "uves", RED_NIGHT)
    assert [(r.kind, r.score) for r in rows] == [("calibration", "green"), ("science", "red")]
    science = rows[1]
    assert {b.key.name: b.point.score for b in science.boxes} == {
        "median_snr": "red",
        "barycentric_rv": "grey",
    }
    assert all(b.key.setup_key == SETUP for r in rows for b in r.boxes)


def test_page_shows_every_dataset_and_box(db: Database, filled: Filled, reports: Path) -> None:
    with db.session() as session:
        page, html = night_report(session, reports, "uves", RED_NIGHT)
    assert page == reports / "uves" / "2016-05" / f"{RED_NIGHT}.html"
    boxes = {int(i): (colour, name) for colour, i, name in BOX.findall(html)}
    assert len(boxes) == 4
    assert boxes[filled.red_value_id] == ("red", "median_snr")
    assert boxes[filled.grey_value_id] == ("grey", "barycentric_rv")
    assert sorted(c for c, _ in boxes.values()) == ["green", "green", "grey", "red"]
    assert html.count('<tr id="ds-') == 2
    assert '<span class="overall red"' in html and '<span class="overall green"' in html
    assert "thin clouds &lt;script&gt;" in html, "the OB comment is shown, escaped"
    assert "<td>B" in html, "the OB grade is shown"


def test_boxes_open_trend_figures_with_thresholds_and_the_point_ringed(
    db: Database, filled: Filled, reports: Path
) -> None:
    with db.session() as session:
        _, html = night_report(session, reports, "uves", RED_NIGHT)
    data = embedded(html)
    red = data["boxes"][f"qc-{filled.red_value_id}"]
    figure = data["series"][red["series"]]
    traces = {t["name"]: t for t in figure["data"]}
    assert traces["lower threshold"]["y"] == [20.0] * len(NIGHTS)
    assert traces["lower threshold"]["line"]["shape"] == "hv"
    assert "upper threshold" not in traces, "a one-sided threshold draws one line"
    assert len(traces["green"]["y"]) == len(NIGHTS) - 1 and traces["red"]["y"] == [12.0]
    assert red["highlight"]["y"] == [12.0]
    assert red["highlight"]["x"] == traces["red"]["x"]
    assert red["highlight"]["marker"]["symbol"] == "circle-open"
    assert "12 · red" in red["info"]
    grey = data["boxes"][f"qc-{filled.grey_value_id}"]
    grey_traces = {t["name"] for t in data["series"][grey["series"]]["data"]}
    assert grey_traces == {"grey"}, "an unscored series has no threshold lines"
    assert len(data["series"]) == 4, "each series is embedded once"


def test_plotly_is_served_from_the_local_copy(db: Database, filled: Filled, reports: Path) -> None:
    page = write_night_report(db, reports, "uves", RED_NIGHT)
    html = page.read_text()
    assert '<script src="../../_static/plotly.min.js"></script>' in html
    assert "http://" not in html and "https://" not in html and "cdn" not in html.lower()
    local = reports / "_static" / "plotly.min.js"
    assert local.stat().st_size == plotly_source().stat().st_size
    assert (reports / "_static" / "report.js").exists() and (reports / "_static" / "report.css").exists()
    assert (page.parent / "index.html").exists(), "the month's index is refreshed with the night"


def test_month_index_links_nights_in_their_overall_colour(
    db: Database, filled: Filled, reports: Path
) -> None:
    index = write_month_report(db, reports, "uves", "2016-05")
    html = index.read_text()
    for night in NIGHTS:
        assert (index.parent / f"{night}.html").exists()
        assert f'<a href="{night}.html">{night}</a>' in html
    day = re.search(r'<td class="day (\w+)"[^>]*><a href="2016-05-03.html">3<', html)
    assert day and day.group(1) == "red"
    assert html.count('class="day green"') == 3
    assert html.count('class="day nodata"') == 31 - len(NIGHTS)


def test_malformed_arguments_say_what_is_expected(db: Database, reports: Path) -> None:
    with pytest.raises(ReportError, match="YYYY-MM-DD"):
        write_night_report(db, reports, "uves", "3 May 2016")
    with pytest.raises(ReportError, match="YYYY-MM"):
        write_month_report(db, reports, "uves", "2016-5")


def test_a_night_without_datasets_still_gets_a_page(db: Database, reports: Path) -> None:
    page = write_night_report(db, reports, "uves", "2017-01-01")
    assert "No datasets for this night." in page.read_text()
