"""The KMOS plugin against PHOENIX's conformance suite, and its science against the injected truth."""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
from astropy.io import fits

from phoenix.testing import InstrumentConformance, NightRun, load_sample_headers

HERE = Path(__file__).parent
GAIN = 2.1  # e-/ADU of the simulated detector (truth.json's conventions)


class TestKmosConformance(InstrumentConformance):
    instrument = "kmos"
    sample_headers = load_sample_headers(HERE / "sample_headers.json")
    simulation_options: ClassVar[dict[str, object]] = {
        "sources": 2,
        "seed": 3,
        "faults": ("truncated", "no_dpr"),
    }
    expected_unusable_frames = 2

    @pytest.mark.phoenix_night
    def test_each_ifu_spectrum_recovers_its_injected_line(self, processed_night: NightRun) -> None:
        truth = json.loads(Path(processed_night.simulation.truth).read_text())
        archive = processed_night.ctx.settings.archive_root
        exptime = next(f["exptime_s"] for f in truth["science_frames"].values() if f["kind"] == "object")
        for target in truth["targets"]:
            (path,) = archive.rglob(f"*.IFU{target['ifu']:02d}.SPECTRUM.fits")
            with fits.open(path) as hdul:
                assert hdul[0].header["OBJECT"] == target["name"]
                row = hdul[1].data[0]
                wave, flux = np.asarray(row["WAVE"]), np.asarray(row["FLUX"])
            line = target["line_nm"]
            continuum = np.median(flux[(np.abs(wave - line) > 4) & (np.abs(wave - line) < 15)])
            core = np.abs(wave - line) < 1.5
            centre = np.sum((flux[core] - continuum) * wave[core]) / np.sum(flux[core] - continuum)
            assert centre == pytest.approx(line, abs=0.15)  # 0.6 detector pixel
            counts = np.sum(flux[np.abs(wave - line) < 4] - continuum)
            injected = target["line_rate_e_per_s"] * exptime / GAIN
            assert 0.7 < counts / injected < 1.2  # the 0.6" aperture holds ~94 % of a 0.6" seeing disc
