"""A frame made to saturate scores red, waits for review and is not ingested; accept ingests it,
reject keeps it out with the comment stored. Runs the real flows on real esorex."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits
from sqlmodel import select

from flows.runtime import context
from phoenix.config import resolve_settings
from phoenix.db.models import ArchiveEntry, Dataset, QcScore, Review
from phoenix.production.nightlog import night_log_path
from phoenix.production.quality import dataset_by_name, decide, publish_accepted
from tests.conftest import needs_esorex

NIGHT = "2016-05-03"
pytestmark = [pytest.mark.slow, pytest.mark.esorex, needs_esorex()]


def saturate(path: Path) -> None:
    """Scale the object's light until its brighter part hits the 16-bit ceiling, as a too-long
    exposure of a bright star would, whatever the source's brightness."""
    with fits.open(path, mode="update", do_not_scale_image_data=True) as hdul:
        counts = hdul[0].data.astype(np.float64) + 32768
        bias = np.median(counts)
        gain = 2.0 * (65535 - bias) / (np.percentile(counts, 99.9) - bias)
        bright = np.clip(bias + (counts - bias) * max(gain, 1.0), 0, 65535)
        hdul[0].data = (np.rint(bright) - 32768).astype(np.int16)


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory, prefect_server: None) -> dict:
    from flows.process_night import process_night

    workspace = tmp_path_factory.mktemp("review")
    ctx = context(resolve_settings(workspace, {"max_workers": 2}))
    staging = workspace / "staging"
    sim = ctx.instruments.call(
        "uves",
        "phoenix_simulate_night",
        night=NIGHT,
        destination=str(staging),
        options={"sources": 3, "arms": ("BLUE",)},
    )
    science = sorted(p for p in map(Path, sim.raw_files) if fits.getval(p, "ESO DPR CATG") == "SCIENCE")
    for path in science[:2]:
        saturate(path)
    for raw in sim.raw_files:
        ctx.archive.ingest(Path(raw), kind="raw", instrument="uves", night=NIGHT, move=True)
    for category, path in sim.static_files.items():
        ctx.archive.ingest(Path(path), kind="static", instrument="uves", category=category)
    night_log_path(ctx, "uves", NIGHT).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sim.night_log, night_log_path(ctx, "uves", NIGHT))
    summary = process_night("uves", NIGHT, workspace=str(workspace), complete=True)
    names = {p.name.removesuffix(".fits") for p in science}
    return {
        "ctx": ctx,
        "summary": summary,
        "workspace": workspace,
        "saturated": sorted(n for n in names if any(n in s for s in map(str, science[:2]))),
    }


def _products(ctx) -> set[str]:  # type: ignore[no-untyped-def]
    with ctx.db.session() as s:
        return {e.name for e in s.exec(select(ArchiveEntry).where(ArchiveEntry.kind == "product"))}


def test_saturated_frames_score_red_and_wait_for_review(night: dict) -> None:
    ctx, summary = night["ctx"], night["summary"]
    held = summary["held_for_review"]
    assert len(held) == 2
    assert all(any(s in name for s in night["saturated"]) for name in held)
    spectra = [name for name in summary["ingested"] if name.endswith(".SPECTRUM.fits")]
    assert len(spectra) == 1  # the third, unsaturated frame (its preview is ingested beside it)
    with ctx.db.session() as s:
        for name in held:
            dataset = s.exec(select(Dataset).where(Dataset.name == name)).one()
            assert dataset.status == "review" and dataset.qc_score == "red"
            reds = s.exec(
                select(QcScore).where(QcScore.dataset_id == dataset.id, QcScore.score == "red")
            ).all()
            assert [r.name for r in reds] == ["saturated_fraction"]
            assert "saturated_fraction" in dataset.message
    assert not any(any(s in p for s in night["saturated"]) for p in _products(ctx))


def test_accept_ingests_and_reject_keeps_out_with_the_comment(night: dict) -> None:
    from flows.process_night import process_night

    ctx = night["ctx"]
    first, second = night["summary"]["held_for_review"]
    decide(ctx, first, accept=True, reviewer="qc-scientist", comment="saturation only in the line cores")
    accepted = publish_accepted(ctx, dataset_by_name(ctx, first))
    assert accepted and all(name in _products(ctx) for name in accepted)
    decide(ctx, second, accept=False, reviewer="qc-scientist", comment="object saturated over the whole arm")
    with ctx.db.session() as s:
        rejected = s.exec(select(Dataset).where(Dataset.name == second)).one()
        review = s.exec(select(Review).where(Review.dataset_id == rejected.id)).one()
    assert rejected.status == "rejected"
    assert (review.state, review.reviewer, review.comment) == (
        "rejected",
        "qc-scientist",
        "object saturated over the whole arm",
    )
    assert dataset_by_name(ctx, first).status == "ingested"
    before = _products(ctx)
    again = process_night("uves", NIGHT, workspace=str(night["workspace"]))
    assert again["ran"] == 0 and again["ingested"] == [] and again["held_for_review"] == []
    assert _products(ctx) == before
    assert not any(second.split(":")[-1] in p for p in before)
