"""Without cpl-plugin-giraf the engine runs the plugin's reference recipes for gimasterbias/gimasterdark.

A reduced night (256 rows, which the real gimasterbias could not even take) through the engine
in process: every step runs, the masters say which software made them, every science fibre
gives one product.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from astropy.io import fits
from sqlmodel import select

from phoenix.db.models import Job
from phoenix.plugins import get_instruments
from phoenix.testing.night import process_simulated_night

pytestmark = pytest.mark.slow  # an end-to-end night (~20 s): child processes, previews

OPTIONS = {"science": 2, "science_fibres": 3, "sky_fibres": 2, "unused_fibres": 1, "rows": 256}


def test_reference_recipes_stand_in_for_the_missing_pipeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHOENIX_RECIPE_DIR", str(tmp_path / "no-pipelines"))
    run = process_simulated_night(get_instruments(), "giraffe", "2016-05-03", tmp_path / "ws", OPTIONS)
    assert run.failures == ()
    with run.ctx.db.session() as session:
        runners = {job.step: job.runner for job in session.exec(select(Job))}
    assert runners["mbias"] == runners["mdark"] == "reference"
    assert runners["flat"] == runners["science"] == "python"
    bias = next(e for e in run.ctx.archive.entries("master", "giraffe") if e.category == "MASTER_BIAS")
    assert fits.getheader(run.ctx.archive.path_of(bias))["HIERARCH ESO PRO REC1 PIPE ID"].startswith(
        "phoenix-giraffe"
    )
    spectra = [p for p in run.products if p.endswith("SPECTRUM.fits")]
    assert len(spectra) == OPTIONS["science"] * OPTIONS["science_fibres"]
