"""The correlation plots on the trending pages, from QC values in the bookkeeping database."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from instruments.giraffe.correlations import CORRELATIONS
from phoenix.db import Database, open_database
from phoenix.db.models import Dataset, Job, QcValue
from phoenix.report import write_trending_report
from phoenix.report.scatter import load_pairs, power_law

SETUP = "INS EXP MODE=L881.7"
PRODUCT = "SCIENCE_RBNSPECTRA"


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = open_database(f"sqlite:///{tmp_path / 'bookkeeping.sqlite'}")
    yield database
    database.dispose()


def _fill(db: Database, frames: int) -> np.ndarray:
    """One science dataset per frame with counts, S/N = sqrt(counts) x noise, magnitudes and fluxes."""
    rng = np.random.default_rng(3)
    counts = 10 ** rng.uniform(5, 8, frames)
    with db.session() as session:
        for i, c in enumerate(counts):
            night = f"2016-05-{1 + i % 28:02d}"
            dataset = Dataset(
                name=f"GIRAFFE.{i}",
                instrument="giraffe",
                night=night,
                kind="science",
                category="SCIENCE",
                arm="",
                chain="science",
                mjd_obs=57509.0 + i,
                status="ingested",
            )
            session.add(dataset)
            session.flush()
            job = Job(
                id=f"job-{i}",
                dataset_id=dataset.id,
                chain="science",
                step="science",
                recipe="r",
                runner="python",
            )
            session.add(job)
            session.flush()
            mag = rng.uniform(14, 15)
            values = {
                "counts_bright": c,
                "snr_bright": np.sqrt(c) * rng.normal(1.0, 0.02) / 30.0,
                "mag_bright": mag,
                "flux_bright": 100 * 10 ** (-0.4 * (mag - 15)),
                "mag_faint": mag + 3,
                "flux_faint": 100 * 10 ** (-0.4 * (mag - 12)),
            }
            for name, value in values.items():
                session.add(
                    QcValue(
                        instrument="giraffe",
                        dataset_id=dataset.id,
                        job_id=job.id,
                        product_category=PRODUCT,
                        arm="",
                        setup_key=SETUP,
                        name=name,
                        value=float(value),
                        mjd_obs=57509.0 + i,
                    )
                )
    return counts


def test_pairs_are_matched_by_job_and_the_square_root_law_is_recovered(db: Database) -> None:
    counts = _fill(db, 40)
    with db.session() as session:
        pairs = load_pairs(session, "giraffe", SETUP, CORRELATIONS[0].series[0])
    assert sorted(p.x for p in pairs) == pytest.approx(sorted(counts))
    fit = power_law(pairs)
    assert fit is not None and fit[0] == pytest.approx(0.5, abs=0.02)


def test_trending_page_shows_both_correlation_plots(db: Database, tmp_path: Path) -> None:
    _fill(db, 12)
    index = write_trending_report(db, tmp_path / "reports", "giraffe", scatter=CORRELATIONS)
    page = next(p for p in index.parent.glob("*.html") if p != index)
    html = page.read_text()
    assert "Correlations (2)" in html
    data = json.loads(re.search(r'<script[^>]*id="phoenix-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    snr = data["figures"]["scatter-snr_counts"]["data"]
    assert len(snr[0]["x"]) == 12
    assert snr[1]["name"].startswith("brightest fibre: slope 0.")
    mag = data["figures"]["scatter-magnitude_flux"]["data"]
    assert [t["name"] for t in mag] == ["brightest fibre", "faintest fibre"]
