"""The reference recipes against the simulator's injected truth, on a reduced detector (512 rows).

One night: 2 Medusa frames with 10 science, 4 sky and 3 parked fibres; no esorex, a few seconds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits

from instruments.giraffe import categories as cat
from instruments.giraffe import keywords as kw
from instruments.giraffe.recipes import tables
from instruments.giraffe.sdp_cards import sdp_cards
from instruments.giraffe.simulator import SimulationOptions
from instruments.giraffe.simulator.compare import NightTruth, flux_ratio, read_truth, wavelength_rms_px
from instruments.giraffe.spectra import extract_spectra
from tests.giraffe.chain import ReducedNight, reduce_night

OPTIONS = SimulationOptions(science=2, science_fibres=10, sky_fibres=4, unused_fibres=3, rows=512, seed=7)


@pytest.fixture(scope="module")
def reduced(tmp_path_factory: pytest.TempPathFactory) -> ReducedNight:
    return reduce_night(tmp_path_factory.mktemp("giraffe-recipes"), "2016-05-03", OPTIONS)


@pytest.fixture(scope="module")
def truth(reduced: ReducedNight) -> NightTruth:
    return read_truth(Path(reduced.simulation.truth))


def _lit(truth: NightTruth) -> set[int]:
    frame = next(iter(truth.frames.values()))
    return {f.fps for f in frame.fibres if f.type != kw.FIBRE_UNUSED}


def test_localisation_finds_the_lit_fibres_where_they_are(reduced: ReducedNight, truth: NightTruth) -> None:
    traces, n_rows = tables.read_traces(reduced.masters[cat.FF_LOCCENTROID], reduced.masters[cat.FF_LOCWIDTH])
    assert {t.fps for t in traces} == _lit(truth)  # parked fibres are dark, not found
    rows = np.arange(n_rows, dtype=float)
    for t in traces:
        offset = t.centre(rows, n_rows) - truth.optics.trace(t.fps, rows)
        assert np.abs(offset).max() < 0.05, (t.fps, np.abs(offset).max())
        assert t.sigma == pytest.approx(truth.optics.width[t.fps], rel=0.03)


def test_flat_measures_the_fibre_transmissions(reduced: ReducedNight, truth: NightTruth) -> None:
    measured = tables.read_transmission(reduced.masters[cat.FF_EXTSPECTRA])
    for fps, value in measured.items():
        assert value == pytest.approx(truth.optics.transmission[fps], rel=0.005)


def test_dispersion_solution_matches_the_true_wavelengths(reduced: ReducedNight, truth: NightTruth) -> None:
    solutions = tables.read_solutions(reduced.masters[cat.DISPERSION_SOLUTION])
    n = truth.optics.rows
    rms = {f: wavelength_rms_px(truth, f, s.wave(np.arange(n), n)) for f, s in solutions.items()}
    assert set(rms) == _lit(truth)
    assert max(rms.values()) < 0.05, rms
    assert min(s.n_lines for s in solutions.values()) >= 30


def test_science_fibres_only_with_fluxes_and_errors_matching_the_truth(
    reduced: ReducedNight, truth: NightTruth
) -> None:
    spreads = []
    for raw, product in reduced.science.items():
        frame = truth.frames[raw]
        expected = {f.fps for f in frame.fibres if f.type == kw.FIBRE_SCIENCE}
        with fits.open(product) as hdul:
            fps = [int(v) for v in hdul["FIBRES"].data["FPS"]]
            flux, err = hdul["FLUX"].data, hdul["ERR"].data
            h = hdul["FLUX"].header
            wave = h["CRVAL1"] + h["CDELT1"] * np.arange(flux.shape[1])
        assert set(fps) == expected  # no sky, no parked fibre
        for i, f in enumerate(fps):
            c = flux_ratio(truth, raw, f, wave, flux[i])
            assert c.ratio == pytest.approx(1.0, abs=0.02), (raw, f, c)
            source = truth.fibre(raw, f).source
            assert source is not None
            pull = (flux[i] - source.density(wave, 881.7)) / err[i]
            # the errors describe the scatter: robust sigma of the pulls (sky-line residuals aside)
            spread = 1.4826 * np.median(np.abs(pull - np.median(pull)))
            assert 0.6 < spread < 1.4, (f, spread)
            spreads.append(spread)
    assert 0.85 < np.mean(spreads) < 1.15, spreads


def test_spectra_carry_the_fibre_identity_into_the_phase3_cards(
    reduced: ReducedNight, truth: NightTruth
) -> None:
    raw, product = next(iter(reduced.science.items()))
    spectra = extract_spectra({cat.SCIENCE_RBNSPECTRA: (product,)})
    header = fits.getheader(reduced.simulation.raw_files[0])
    for s in spectra:
        fibre = truth.fibre(raw, int(s.metadata["fps"]))
        assert s.label == f"FIB{fibre.fps:03d}"
        cards = sdp_cards(header, s)
        assert cards["OBJECT"][0] == fibre.object
        assert cards["RA"][0] == pytest.approx(fibre.ra) and cards["DEC"][0] == pytest.approx(fibre.dec)
        assert cards[kw.SDP_FIBRE_MAG][0] == pytest.approx(fibre.magnitude, abs=1e-3)
        assert cards["SPEC_RES"][0] == 6500.0
