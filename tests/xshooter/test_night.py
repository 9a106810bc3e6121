"""A simulated XSHOOTER night end to end through the real flows, with the reference recipes.

Three OBs (NOD, STARE, OFFSET) in all three arms; the xshoo pipeline is not installed here, so
every step runs its Python reference recipe, which the log and the Job rows say. Each science OB
must give three validated, ingested SCIENCE.SPECTRUM products (one per arm) that agree with the
injected truth and with each other where the arms overlap. Afterwards ``phoenix run --dry-run``
must show the real xshoo recipe chain and each job's SOF.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits
from sqlmodel import select
from typer.testing import CliRunner

from flows.runtime import context
from instruments.xshooter.simulator import compare
from phoenix.config import resolve_settings
from phoenix.db.models import Job
from phoenix.naming import SDP_CATEGORY
from phoenix.production.simulate import simulate_night
from phoenix.production.status import night_status
from phoenix.sdp import check_product, validate_product

NIGHT = "2026-03-10"
pytestmark = [pytest.mark.slow]
# Per arm, the merged spectra reach S/N 100-250 per bin: the median flux ratio over >1000 clean
# bins is good to a few 0.1 %; 2 % leaves room for the response's smoothing at the dichroics.
FLUX_TOLERANCE = 0.02
# The arms overlap where both see the dichroic's edge (S/N drops to ~30-80 per bin over ~20 nm):
# medians over the window agree to ~1 %; 3 % allows for the steep response there.
OVERLAP_TOLERANCE = 0.03
WAVE_RMS_MAX_PX = 0.1  # line centroids at S/N > 100 are good to a few hundredths of a pixel


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    from prefect.testing.utilities import prefect_test_harness

    from flows.process_night import process_night

    workspace = tmp_path_factory.mktemp("xshooter-night")
    settings = resolve_settings(workspace, {"max_workers": 2})
    ctx = context(settings)
    with prefect_test_harness(server_startup_timeout=120):
        simulate_night(ctx, "xshooter", NIGHT, {"sources": 3})
        summary = process_night("xshooter", NIGHT, workspace=str(workspace), complete=True)
        yield {"workspace": workspace, "ctx": ctx, "summary": summary}


def _spectra(ctx, report: dict) -> dict[tuple[int, str], tuple[Path, np.ndarray, np.ndarray]]:  # type: ignore[no-untyped-def]
    out = {}
    for d in report["datasets"]:
        if d["kind"] != "science":
            continue
        for a in d["archived"]:
            if a["category"] != SDP_CATEGORY:
                continue
            path = ctx.settings.archive_root / a["path"]
            with fits.open(path) as hdul:
                row = hdul[1].data[0]
                out[(int(d["ob"]["id"]), d["arm"])] = (path, np.asarray(row["WAVE"]), np.asarray(row["FLUX"]))
    return out


def test_three_validated_products_per_science_ob(night: dict) -> None:
    ctx = night["ctx"]
    assert night["summary"]["failed"] == []
    assert night["summary"]["calibration"]["failed"] == []
    report = night_status(ctx, "xshooter", NIGHT)
    science = [d for d in report["datasets"] if d["kind"] == "science"]
    assert len(science) == 9 and all(d["status"] == "ingested" for d in science), science
    spectra = _spectra(ctx, report)
    per_ob: dict[int, set[str]] = {}
    for (ob, arm), (path, _, _) in spectra.items():
        per_ob.setdefault(ob, set()).add(arm)
        assert validate_product(path) == []
        check_product(path)
        if shutil.which("fitsverify"):
            out = subprocess.run(["fitsverify", "-q", "-e", str(path)], capture_output=True, text=True)
            assert "verification OK" in out.stdout, out.stdout + out.stderr
        header = fits.getheader(path)
        assert header["PHOENIX TELLURIC CORR"] is False
        assert header["SPEC_RES"] == {"UVB": 5400.0, "VIS": 8900.0, "NIR": 5600.0}[arm]
    assert len(per_ob) == 3 and all(arms == {"UVB", "VIS", "NIR"} for arms in per_ob.values())


def test_spectra_match_the_injected_truth(night: dict) -> None:
    ctx = night["ctx"]
    truth = compare.load(Path(ctx.settings.workspace) / "truth" / "xshooter" / NIGHT / "truth.json")
    for (ob, arm), (_, wave, flux) in _spectra(ctx, night_status(ctx, "xshooter", NIGHT)).items():
        result = compare.check(truth, ob, arm, wave, flux)
        assert abs(result.flux_ratio - 1.0) < FLUX_TOLERANCE, result
        assert result.n_lines >= 3 and result.wave_rms_px < WAVE_RMS_MAX_PX, result


def test_arms_agree_where_they_overlap(night: dict) -> None:
    ctx = night["ctx"]
    spectra = _spectra(ctx, night_status(ctx, "xshooter", NIGHT))
    for ob in {ob for ob, _ in spectra}:
        for blue, red, lo, hi in compare.OVERLAP_WINDOWS_NM.values():
            _, wave_b, flux_b = spectra[(ob, blue)]
            _, wave_r, flux_r = spectra[(ob, red)]
            ratio = compare.overlap_ratio(wave_b, flux_b, wave_r, flux_r, lo, hi)
            assert abs(ratio - 1.0) < OVERLAP_TOLERANCE, (ob, blue, red, ratio)


def test_bookkeeping_says_the_reference_recipes_ran(night: dict) -> None:
    with night["ctx"].db.session() as session:
        jobs = list(session.exec(select(Job)))
    assert jobs and {j.runner for j in jobs} == {"reference"}
    assert "xsh_scired_slit_nod" in {j.recipe for j in jobs}


def test_dry_run_shows_the_real_recipes_and_their_sof(night: dict) -> None:
    from flows.cli import app

    args = [
        "run",
        "--instrument",
        "xshooter",
        "--night",
        NIGHT,
        "--dry-run",
        "--workspace",
        str(night["workspace"]),
    ]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    out = result.output
    for recipe in ("xsh_flexcomp", "xsh_scired_slit_nod", "xsh_scired_slit_stare", "xsh_scired_slit_offset"):
        assert recipe in out
    for tag in (
        "OBJECT_SLIT_NOD_UVB",
        "SKY_SLIT_VIS",
        "MASTER_DARK_NIR",
        "RESPONSE_MERGE1D_SLIT_VIS",
        "DISP_TAB_AFC_NIR",
    ):
        assert tag in out
    assert "reference recipe" in out
