"""The injected truth and the night log agree with the frames that were written."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits

from instruments.uves import keywords as kw
from instruments.uves.simulator.spectrum import MAX_LINE_GAP_NM
from phoenix import NightSimulation
from tests.uves_sim.frames_util import frames_of, primary


@pytest.fixture(scope="module")
def truth(night: NightSimulation) -> dict:
    return json.loads(Path(night.truth).read_text())


def test_every_science_frame_is_described(night: NightSimulation, truth: dict) -> None:
    science = frames_of(list(night.raw_files), "OBJECT,POINT")
    assert sorted(truth["science_frames"]) == sorted(Path(p).name for p in science)
    for path in science:
        h = primary(path)
        entry = truth["science_frames"][Path(path).name]
        assert entry["object"] == h[kw.OBJECT] == entry["source"]
        assert entry["ob_id"] == h[kw.OBS_ID] and entry["ob_name"] == h[kw.OBS_NAME]
        assert entry["exptime_s"] == h[kw.EXPTIME]
        assert entry["arm"] == {1: "BLUE", 2: "RED"}[h[kw.DET_CHIPS]]
        assert entry["continuum"]["model"] == "planck" and 4000 < entry["continuum"]["teff_k"] < 10000
        assert entry["lines"] == truth["sources"][entry["source"]]["lines"]
        for chip, rms in entry["dispersion_fit_rms"].items():
            assert chip in entry["chips"] and rms["px"] < 0.01


def test_lines_cover_every_order(truth: dict) -> None:
    """No gap between injected lines is wider than the smallest free spectral range (3.03 nm)."""
    lo, hi = truth["coverage_nm"]
    for source in truth["sources"].values():
        waves = np.array([line["wave_nm"] for line in source["lines"]])
        assert all(0 < line["depth"] < 1 and line["sigma_nm"] > 0 for line in source["lines"])
        gaps = np.diff(np.r_[lo, waves, hi])
        assert np.all(gaps > 0) and gaps.max() <= MAX_LINE_GAP_NM < 3.03


def test_truth_spectra(night: NightSimulation, truth: dict) -> None:
    directory = Path(night.truth).parent
    for name, source in truth["sources"].items():
        table = fits.getdata(directory / source["truth_table"], 1)
        wave, flux = table["WAVE"], table["FLUX"]
        assert np.all(np.diff(wave) > 0) and np.all(np.isfinite(flux)) and np.all(flux > 0)
        assert wave[0] <= truth["coverage_nm"][0] and wave[-1] >= truth["coverage_nm"][1]
        np.testing.assert_allclose(flux, table["CONTINUUM"] * table["NORM_FLUX"], rtol=1e-5)
        assert fits.getheader(directory / source["truth_table"], 1)[kw.OBJECT] == name
        for line in source["lines"]:
            i = np.searchsorted(wave, line["wave_nm"])
            assert table["NORM_FLUX"][i] == pytest.approx(1 - line["depth"], abs=0.02)


def test_night_log(night: NightSimulation, truth: dict) -> None:
    with open(night.night_log, newline="") as f:
        assert f.readline().strip() == "ob_id,ob_name,grade,comment"
        f.seek(0)
        rows = list(csv.DictReader(f))
    assert sorted(int(r["ob_id"]) for r in rows) == sorted(s["ob_id"] for s in truth["sources"].values())
    assert {r["grade"] for r in rows} <= {"A", "B", "C"}
    poor = [r for r in rows if r["grade"] != "A"]
    assert len(poor) == 1 and poor[0]["comment"]
    assert all(not r["comment"] for r in rows if r["grade"] == "A")


def test_return_value_lists_everything(night: NightSimulation) -> None:
    destination = Path(night.night_log).parent
    on_disk = sorted(str(p) for p in destination.glob("UVES.*.fits"))
    assert list(night.raw_files) == on_disk
    assert set(night.static_files) == {"LINE_REFER_TABLE"}
    table = fits.open(night.static_files["LINE_REFER_TABLE"])
    assert table[0].header[kw.PRO_CATG] == "LINE_REFER_TABLE"
    assert table[1].columns["WAVE"].unit == "Angstrom" and len(table[1].data) > 2000
    assert not list(destination.glob(".*.part")), "a temporary file was left behind"
