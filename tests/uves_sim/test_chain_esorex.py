"""A simulated BLUE night through the real ESO recipe chain (esorex + cpl-plugin-uves).

Simulates one source through the plugin hook, then runs uves_cal_predict -> uves_cal_orderpos
-> uves_cal_mbias -> uves_cal_mflat -> uves_cal_wavecal -> uves_obs_scired and checks what the
recipes measure against what was injected.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits

from instruments.uves import keywords as kw
from phoenix import NightSimulation
from phoenix.plugins import get_instruments
from tests.uves_sim.chain import ChainResult, run_chain

pytestmark = [
    pytest.mark.esorex,
    pytest.mark.skipif(
        shutil.which("esorex") is None, reason="esorex is not installed (apt-get install esorex)"
    ),
]


@pytest.fixture(scope="module")
def blue_night(tmp_path_factory: pytest.TempPathFactory) -> tuple[NightSimulation, ChainResult]:
    root = tmp_path_factory.mktemp("blue_chain")
    night = get_instruments().call(
        "uves",
        "phoenix_simulate_night",
        night="2016-05-03",
        destination=str(root / "night"),
        options={"sources": 1, "arms": ["BLUE"], "n_bias": 3, "n_flat": 3},
    )
    return night, run_chain(night, "BLUE", root / "chain")


def test_calibration_chain_finds_what_was_drawn(blue_night: tuple[NightSimulation, ChainResult]) -> None:
    _, chain = blue_night
    predicted = chain.qc("uves_cal_predict", "LINE_GUESS_TAB_BLUE")
    orders = chain.qc("uves_cal_orderpos", "ORDER_TABLE_BLUE")
    assert orders["ORD NDET"] == orders["ORD NPRED"] >= 30 and orders["ORD RESIDRMS"] < 0.05
    wavecal = chain.qc("uves_cal_wavecal", "LINE_TABLE_BLUE")
    assert wavecal["NLINSOL"] >= 0.85 * predicted["MODEL NLINALL"] > 500
    assert wavecal["LINE RESIDRMS PIX"] < 0.05
    bias = chain.qc("uves_cal_mbias", "MASTER_BIAS_BLUE")
    assert bias["OUT1 RON RAW"] == pytest.approx(3.8 / 1.84, rel=0.1)


def test_science_reduction_recovers_the_injected_spectrum(
    blue_night: tuple[NightSimulation, ChainResult],
) -> None:
    night, chain = blue_night
    truth = json.loads(Path(night.truth).read_text())
    merged = chain.product("MERGED_SCIENCE_BLUE")
    header = fits.getheader(merged)
    entry = truth["science_frames"][header[kw.ARCFILE]]
    sn = [v for k, v in chain.qc("uves_obs_scired", "RED_SCIENCE_BLUE").items() if k.endswith("OBJ SN")]
    assert len(sn) >= 30 and 30 <= np.median(sn) <= 150
    assert np.median(sn) == pytest.approx(entry["peak_snr"], rel=0.3)

    assert header[kw.CTYPE1] == "AWAV" and header[kw.BUNIT] == "ADU"
    flux = fits.getdata(merged).astype(float)
    error = fits.getdata(chain.product("ERRORBAR_SCIENCE_BLUE")).astype(float)
    pixels = np.arange(flux.size) + 1.0
    wave_nm = (header[kw.CRVAL1] + (pixels - header[kw.CRPIX1]) * header[kw.CDELT1]) / 10.0  # Angstrom
    table = fits.getdata(Path(night.truth).parent / entry["truth_table"], 1)
    good = flux != 0  # the merge leaves both ends empty: flux 0 with a placeholder error of 1
    assert np.all(error[~good] == 1.0)
    expected = np.interp(wave_nm[good], table["WAVE"], table["FLUX"])
    ratio = flux[good] / expected
    scale = np.median(ratio)
    # the flat-fielded, merged spectrum is the true spectrum times a constant, within the noise
    assert np.std(ratio / scale) < 3.0 / np.median(sn)
    assert np.ptp(np.polyval(np.polyfit(wave_nm[good], ratio / scale, 3), wave_nm[good])) < 0.01
    assert np.median(flux[good] / error[good]) == pytest.approx(np.median(sn), rel=0.3)
    # and the absorption lines are where they were injected (no wavelength shift)
    norm = np.interp(wave_nm[good], table["WAVE"], table["NORM_FLUX"])
    observed = flux[good] / (scale * expected / norm)
    lags = np.arange(-10, 11)
    xcorr = [np.sum((observed - 1) * (np.roll(norm, lag) - 1)) for lag in lags]
    assert lags[int(np.argmax(xcorr))] == 0


@pytest.fixture(scope="module")
def dichroic_night(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[NightSimulation, dict[str, ChainResult]]:
    root = tmp_path_factory.mktemp("dichroic_chain")
    night = get_instruments().call(
        "uves",
        "phoenix_simulate_night",
        night="2016-05-03",
        destination=str(root / "night"),
        options={"sources": 1, "n_bias": 3, "n_flat": 3},
    )
    return night, {arm: run_chain(night, arm, root / f"chain_{arm}") for arm in (kw.ARM_BLUE, kw.ARM_RED)}


@pytest.mark.slow
def test_dichroic_frames_reduce_in_both_arms(
    dichroic_night: tuple[NightSimulation, dict[str, ChainResult]],
) -> None:
    """INS MODE 'DICHR#1' and the UVES_dic1_* templates pass the whole chain of either arm."""
    night, chains = dichroic_night
    truth = json.loads(Path(night.truth).read_text())
    for arm, chain in chains.items():
        for chip in kw.CHIPS_OF_ARM[arm]:
            orders = chain.qc("uves_cal_orderpos", f"ORDER_TABLE_{chip}")
            assert orders["ORD NDET"] == orders["ORD NPRED"] and orders["ORD RESIDRMS"] < 0.05
            science = fits.getheader(chain.product(f"RED_SCIENCE_{chip}"))
            assert science[kw.INS_MODE] == "DICHR#1" and science[kw.TPL_ID] == "UVES_dic1_obs_exp"
            entry = truth["science_frames"][science[kw.ARCFILE]]
            sn = [
                v
                for k, v in chain.qc("uves_obs_scired", f"RED_SCIENCE_{chip}").items()
                if k.endswith("OBJ SN")
            ]
            assert 30 <= np.median(sn) <= 150
            assert np.median(sn) == pytest.approx(entry["peak_snr"], rel=0.3)
