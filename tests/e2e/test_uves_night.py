"""A small UVES night end to end on the real pipeline, through the real flows.

One blue-arm science source plus a truncated file and a frame without DPR keywords; the
calibration chain builds the masters, the science chain extracts the spectrum, and the product
is validated (ours and fitsverify) and ingested exactly once.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlmodel import func, select

from flows.runtime import context
from phoenix.compare import compare_with_truth
from phoenix.config import resolve_settings
from phoenix.db.models import ArchiveEntry, Dataset
from phoenix.naming import SDP_CATEGORY
from phoenix.production.simulate import simulate_night
from phoenix.production.status import night_status
from phoenix.sdp import validate_product
from tests.conftest import needs_esorex

NIGHT = "2016-05-03"
pytestmark = [pytest.mark.slow, pytest.mark.esorex, needs_esorex()]


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory, prefect_server: None) -> dict:
    from flows.process_night import process_night

    workspace = tmp_path_factory.mktemp("night")
    settings = resolve_settings(workspace, {"max_workers": 2})
    ctx = context(settings)
    simulate_night(ctx, "uves", NIGHT, {"sources": 1, "arms": ("BLUE",), "faults": ("truncated", "no_dpr")})
    first = process_night("uves", NIGHT, workspace=str(workspace), complete=True)
    return {"workspace": workspace, "settings": settings, "ctx": ctx, "first": first}


def _catalog(ctx, kind: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with ctx.db.session() as s:
        return {e.name: e.checksum for e in s.exec(select(ArchiveEntry).where(ArchiveEntry.kind == kind))}


def test_every_science_dataset_has_a_valid_ingested_spectrum(night: dict) -> None:
    ctx = night["ctx"]
    assert night["first"]["failed"] == []
    report = night_status(ctx, "uves", NIGHT)
    science = [d for d in report["datasets"] if d["kind"] == "science"]
    assert len(science) == 1
    for d in science:
        assert d["status"] == "ingested", d
        products = [a for a in d["archived"] if a["category"] == SDP_CATEGORY]
        assert len(products) == 1
        for a in products:
            path = ctx.settings.archive_root / a["path"]
            assert validate_product(path) == []
            if shutil.which("fitsverify"):
                out = subprocess.run(["fitsverify", "-q", "-e", str(path)], capture_output=True, text=True)
                assert "verification OK" in out.stdout, out.stdout + out.stderr
        categories = {a["category"] for a in d["associations"] if a["status"] == "ok"}
        assert {"MASTER_BIAS_BLUE", "MASTER_FLAT_BLUE", "ORDER_TABLE_BLUE", "LINE_TABLE_BLUE"} <= categories


def test_broken_frames_are_reported_by_name_and_reason(night: dict) -> None:
    problems = {p["filename"]: p["reason"] for p in night["first"]["problems"]}
    assert len(problems) == 2
    reasons = " | ".join(problems.values())
    assert "truncated" in reasons
    assert "DPR" in reasons
    status = night_status(night["ctx"], "uves", NIGHT)
    assert {p["file"] for p in status["frame_problems"]} == set(problems)


def test_second_run_reruns_and_ingests_nothing(night: dict) -> None:
    from flows.process_night import process_night

    ctx = night["ctx"]
    before = _catalog(ctx, "product")
    again = process_night("uves", NIGHT, workspace=str(night["workspace"]), complete=True)
    assert again["ran"] == 0
    assert again["ingested"] == []
    assert _catalog(ctx, "product") == before


def test_force_replaces_products_without_duplicates(night: dict) -> None:
    from flows.process_night import process_night

    ctx = night["ctx"]
    before = _catalog(ctx, "product")
    forced = process_night("uves", NIGHT, workspace=str(night["workspace"]), force=True)
    assert forced["ran"] >= 1
    after = _catalog(ctx, "product")
    assert set(after) == set(before)
    with ctx.db.session() as s:
        rows = s.exec(
            select(func.count()).select_from(ArchiveEntry).where(ArchiveEntry.kind == "product")
        ).one()
        assert rows == len(before)
        assert all(d.status == "ingested" for d in s.exec(select(Dataset).where(Dataset.kind == "science")))
    for name in after:
        assert (ctx.settings.archive_root / "products" / "uves" / NIGHT / name).exists()
    assert not list(Path(ctx.settings.archive_root).rglob("*.part"))


def test_extracted_spectrum_matches_the_injected_truth(night: dict) -> None:
    """Wavelengths and continuum shape of the ingested product against the simulator's truth."""
    ctx = night["ctx"]
    truth_dir = ctx.settings.workspace / "truth" / "uves" / NIGHT
    report = night_status(ctx, "uves", NIGHT)["datasets"]
    comparisons = compare_with_truth(ctx.settings.archive_root, truth_dir, report)
    assert len(comparisons) == 1
    for c in comparisons:
        wl, cont = c.wavelength, c.continuum
        print(
            f"{c.product}: wavelength RMS {wl.rms_px:.3f} px over {wl.n_lines} lines "
            f"(median offset {wl.median_offset_px:+.3f} px); continuum shape RMS "
            f"{100 * cont.rms_fraction:.2f} % (worst bin {100 * cont.worst_fraction:.2f} %)"
        )
        assert wl.n_lines >= 20
        assert wl.rms_px < 0.5
        assert abs(wl.median_offset_px) < 0.2
        assert cont.rms_fraction < 0.02
