"""The report pages in a real browser: headless Debian chromium over the DevTools protocol.

The reports directory is served on loopback by ``http.server``; the test loads the night's
score report, the trending page and a box's plot by its URL, and fails on any console error,
uncaught exception or failed resource load.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

from phoenix.db import Database
from phoenix.report import write_month_report, write_trending_report
from phoenix.report.colours import GREEN, HEX, RED
from phoenix.report.layout import setup_page
from tests.report.browser import Browser, chromium, serve
from tests.report.synthetic import RED_NIGHT, SETUP, Filled

CHROMIUM = chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium; .ci/setup.sh does)"
)


@pytest.fixture
def served(db: Database, filled: Filled, reports: Path) -> Iterator[str]:
    write_month_report(db, reports, "uves", "2016-05")
    write_trending_report(db, reports, "uves")
    with serve(reports) as url:
        yield url


def pixels_of(png: bytes, path: Path, colour: str) -> int:
    path.write_bytes(png)
    image = np.round(imread(path)[..., :3] * 255).astype(int)
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(image - rgb).max(axis=-1) <= 6).sum())


def test_pages_render_without_errors_and_a_box_opens_its_plot(
    served: str, filled: Filled, reports: Path, tmp_path: Path
) -> None:
    night = f"{served}/uves/2016-05/{RED_NIGHT}.html"
    with Browser(str(CHROMIUM), tmp_path / "profile") as browser:
        browser.navigate(night)
        counts = browser.evaluate(
            "['green', 'red', 'grey'].map(c => document.querySelectorAll('a.box.' + c).length)"
        )
        assert counts == [2, 1, 1]
        assert browser.evaluate("document.getElementById('trend-panel').hidden") is True
        shot = browser.screenshot()
        (tmp_path / "night.png").write_bytes(shot)
        assert pixels_of(shot, tmp_path / "n.png", HEX[GREEN]) > 500
        assert pixels_of(shot, tmp_path / "n.png", HEX[RED]) > 500

        trending = setup_page(reports, "uves", SETUP).relative_to(reports).as_posix()
        browser.navigate(f"{served}/{trending}")
        assert browser.wait_for("document.querySelectorAll('.plot .main-svg').length >= 2")

        browser.navigate(f"{night}#qc-{filled.red_value_id}")
        browser.wait_for("document.querySelector('#trend-plot .main-svg') !== null")
        assert browser.evaluate("document.getElementById('trend-panel').hidden") is False
        names = browser.evaluate("document.getElementById('trend-plot').data.map(t => t.name)")
        assert names[-1] == "this dataset (red)" and "lower threshold" in names
        assert browser.evaluate("document.querySelectorAll('#trend-plot .scatterlayer .trace').length") == 4
        (tmp_path / "plot.png").write_bytes(browser.screenshot())

        browser.evaluate("document.querySelector('#trend-panel .close').click()")
        assert browser.wait_for("document.getElementById('trend-panel').hidden")
        browser.evaluate(f"document.getElementById('box-qc-{filled.grey_value_id}').click()")
        assert browser.wait_for(
            "document.getElementById('trend-title').textContent.startsWith('barycentric')"
        )
    assert browser.errors == [], browser.errors


def test_the_harness_sees_script_errors_and_missing_files(tmp_path: Path) -> None:
    """So that "no errors" above means something."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "broken.html").write_text(
        '<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body>'
        '<script src="missing.js"></script><script>notDefinedAnywhere();</script></body></html>'
    )
    with serve(site) as url, Browser(str(CHROMIUM), tmp_path / "profile") as browser:
        browser.navigate(f"{url}/broken.html")
    text = "\n".join(browser.errors)
    assert "notDefinedAnywhere" in text
    assert "404" in text or "missing.js" in text
