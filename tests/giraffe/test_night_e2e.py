"""A simulated GIRAFFE Medusa night end to end through the real flows.

Ten full-size Medusa frames (14 science, 4 sky and 2 parked fibres each) with the night's
biases, darks, fibre flat and arc: gimasterbias and gimasterdark run in esorex, the fibre flat,
arc and science steps are the plugin's reference recipes. Every science fibre must give one
validated SCIENCE.SPECTRUM (PHOENIX's validator and fitsverify) carrying the fibre's target and
identity; sky and parked fibres none; the spectra must match the injected truth.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits

from flows.runtime import context
from instruments.giraffe import keywords as kw
from instruments.giraffe.recipes import tables
from instruments.giraffe.simulator.compare import flux_ratio, read_truth, wavelength_rms_px
from phoenix.config import resolve_settings
from phoenix.naming import SDP_CATEGORY
from phoenix.production.simulate import simulate_night
from phoenix.production.status import night_status
from phoenix.sdp import validate_product
from tests.conftest import needs_esorex

NIGHT = "2016-05-03"
FRAMES = 10
OPTIONS = {"science": FRAMES, "science_fibres": 14, "sky_fibres": 4, "unused_fibres": 2}
pytestmark = [pytest.mark.slow, pytest.mark.esorex, needs_esorex()]


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory, prefect_server: None) -> dict:
    from flows.process_night import process_night

    workspace = tmp_path_factory.mktemp("giraffe-night")
    settings = resolve_settings(workspace, {"max_workers": 2})
    ctx = context(settings)
    sim = simulate_night(ctx, "giraffe", NIGHT, OPTIONS)
    started = time.monotonic()
    result = process_night("giraffe", NIGHT, workspace=str(workspace), complete=True)
    wall = time.monotonic() - started
    return {
        "ctx": ctx,
        "result": result,
        "truth": read_truth(Path(sim.truth_dir) / "truth.json"),
        "wall": wall,
    }


def _archived_products(night: dict) -> list[Path]:
    ctx = night["ctx"]
    report = night_status(ctx, "giraffe", NIGHT)
    return [
        ctx.settings.archive_root / a["path"]
        for d in report["datasets"]
        if d["kind"] == "science"
        for a in d["archived"]
        if a["category"] == SDP_CATEGORY
    ]


def test_one_validated_product_per_science_fibre_and_none_for_sky(night: dict) -> None:
    assert night["result"]["failed"] == []
    products = _archived_products(night)
    truth = night["truth"]
    science = {
        (name, f.fps)
        for name, frame in truth.frames.items()
        for f in frame.fibres
        if f.type == kw.FIBRE_SCIENCE
    }
    found = set()
    for path in products:
        assert validate_product(path) == [], path.name
        if shutil.which("fitsverify"):
            out = subprocess.run(["fitsverify", "-q", "-e", str(path)], capture_output=True, text=True)
            assert "verification OK" in out.stdout, out.stdout + out.stderr
        header = fits.getheader(path)
        fps = int(header[kw.SDP_FIBRE_FPS])
        fibre = truth.fibre(header["PROV1"], fps)
        assert fibre.type == kw.FIBRE_SCIENCE, f"{path.name}: a {fibre.type!r} fibre got a product"
        assert header["OBJECT"] == fibre.object
        assert header["RA"] == pytest.approx(fibre.ra) and header["DEC"] == pytest.approx(fibre.dec)
        found.add((header["PROV1"], fps))
    assert len(products) == len(found) == len(science) == FRAMES * OPTIONS["science_fibres"]
    assert found == science
    print(
        f"\n{len(products)} products from {FRAMES} frames in {night['wall']:.0f} s "
        f"({night['wall'] / len(products):.2f} s per product, whole night)"
    )


def test_extracted_spectra_match_the_injected_truth(night: dict) -> None:
    truth = night["truth"]
    ratios, scatters = [], []
    for path in _archived_products(night):
        with fits.open(path) as hdul:
            header, row = hdul[0].header, hdul[1].data[0]
            c = flux_ratio(truth, header["PROV1"], int(header[kw.SDP_FIBRE_FPS]), row["WAVE"], row["FLUX"])
        ratios.append(c.ratio)
        scatters.append(c.scatter)
    ratios_a = np.array(ratios)
    print(
        f"\nflux ratio over {ratios_a.size} fibres: median {np.median(ratios_a):.4f}, "
        f"min {ratios_a.min():.4f}, max {ratios_a.max():.4f}, "
        f"median per-pixel scatter {np.median(scatters):.4f}"
    )
    assert np.all(np.abs(ratios_a - 1.0) < 0.03)


def test_dispersion_solution_matches_the_injected_wavelengths(night: dict) -> None:
    ctx, truth = night["ctx"], night["truth"]
    masters = [e for e in ctx.archive.entries("master", "giraffe") if e.category == "DISPERSION_SOLUTION"]
    assert len(masters) == 1
    solutions = tables.read_solutions(str(ctx.archive.path_of(masters[0])))
    n_rows = truth.optics.rows
    rms = {
        fps: wavelength_rms_px(truth, fps, s.wave(np.arange(n_rows), n_rows)) for fps, s in solutions.items()
    }
    print("\nwavelength RMS per fibre [px]: " + ", ".join(f"{f}:{r:.3f}" for f, r in sorted(rms.items())))
    lit = {f.fps for frame in truth.frames.values() for f in frame.fibres if f.type != kw.FIBRE_UNUSED}
    assert set(rms) == lit
    assert max(rms.values()) < 0.05


def test_masters_of_the_detector_come_from_esos_recipes(night: dict) -> None:
    ctx = night["ctx"]
    for category in ("MASTER_BIAS", "MASTER_DARK"):
        (entry,) = [e for e in ctx.archive.entries("master", "giraffe") if e.category == category]
        assert str(fits.getheader(ctx.archive.path_of(entry))["HIERARCH ESO PRO REC1 PIPE ID"]).startswith(
            "giraf/"
        )


def test_trending_pages_show_the_snr_counts_correlation_per_frame(night: dict) -> None:
    import json
    import re

    from instruments.giraffe.correlations import CORRELATIONS
    from phoenix.report import reports_root, write_trending_report

    ctx = night["ctx"]
    index = write_trending_report(
        ctx.db, reports_root(ctx.settings.workspace), "giraffe", scatter=CORRELATIONS
    )
    pages = [p for p in index.parent.glob("*.html") if p != index and "Correlations" in p.read_text()]
    assert len(pages) == 1
    html = pages[0].read_text()
    data = json.loads(re.search(r'<script[^>]*id="phoenix-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    points, fit = data["figures"]["scatter-snr_counts"]["data"]
    assert len(points["x"]) == FRAMES
    print(f"\nS/N-counts on the trending page: {fit['name']}")
