"""The detector model: bias, read-out noise, photon noise and cosmic rays mean what the header says.

Convention (ESO): DET OUT1 CONAD is e-/ADU, DET OUT1 GAIN = 1/CONAD is ADU/e-, DET OUT1 RON is in e-.
So a bias's overscan scatters by RON / CONAD = RON * GAIN ADU, and a signal of S ADU has a photon
variance of S / CONAD ADU^2.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from astropy.io import fits

from instruments.uves import keywords as kw
from instruments.uves.simulator.cosmics import expected_hits
from instruments.uves.simulator.detector import ADU_MAX, read_out
from instruments.uves.simulator.setups import BLUE_CHIP, REDL_CHIP, REDU_CHIP
from phoenix import NightSimulation
from tests.uves_sim.frames_util import frames_of


def clipped_std(values: np.ndarray, nsigma: float = 5.0) -> float:
    """Standard deviation after iterative clipping (cosmic rays out; robust to integer steps)."""
    v = values.ravel()
    for _ in range(5):
        centre, std = np.median(v), np.std(v)
        v = v[np.abs(v - centre) < nsigma * std]
    return float(np.std(v))


def _chip_hdus(path: str) -> list[tuple[fits.Header, np.ndarray]]:
    with fits.open(path) as hdul:
        head = hdul[0].header
        if len(hdul) == 1:
            return [(head.copy(), hdul[0].data.astype(float))]
        return [(hdu.header.copy(), hdu.data.astype(float)) for hdu in hdul[1:]]


def test_overscan_scatter_is_the_read_out_noise(night: NightSimulation) -> None:
    for bias in frames_of(list(night.raw_files), "BIAS"):
        for header, data in _chip_hdus(bias):
            over = data[:, -header[kw.DET_OUT1_OVSCX] :]
            expected = header[kw.DET_OUT1_RON] * header[kw.DET_OUT1_GAIN]
            assert clipped_std(over) == pytest.approx(expected, rel=0.05)
            assert header[kw.DET_OUT1_GAIN] == pytest.approx(1 / header[kw.DET_OUT1_CONAD], rel=0.01)
            assert 150 <= np.median(data) <= 200


def test_bias_has_a_little_fixed_structure(night: NightSimulation) -> None:
    biases = frames_of(list(night.raw_files), "BIAS", "BLUE")
    stack = np.array([_chip_hdus(b)[0][1] for b in biases])
    pre = fits.getheader(biases[0])[kw.DET_OUT1_PRSCX]
    mean = stack.mean(axis=0)[:, pre:-pre]
    columns = np.median(mean, axis=0)
    assert 0.2 < np.std(columns) < 1.5  # column pattern survives averaging, the noise does not


@pytest.mark.parametrize("chip", [BLUE_CHIP, REDU_CHIP, REDL_CHIP], ids=lambda c: c.name)
def test_photon_noise_variance_is_signal_over_conad(chip) -> None:
    small = dataclasses.replace(chip, nx=300, ny=400)
    signal = np.full((small.ny, small.nx), 20000.0)
    frames = [read_out(signal, small, 0.0, np.random.default_rng(k)).astype(float) for k in (1, 2)]
    data = slice(small.prscx, small.prscx + small.nx)
    bias = np.median(frames[0][:, -small.ovscx :])
    level = np.mean([f[:, data] for f in frames]) - bias
    diff = frames[0][:, data] - frames[1][:, data]
    photon_var = np.var(diff) / 2 - small.ron_adu**2
    assert level == pytest.approx(20000.0 / small.conad, rel=0.01)
    assert photon_var == pytest.approx(level / small.conad, rel=0.05)


def test_flat_pairs_follow_the_photon_transfer_curve(night: NightSimulation) -> None:
    for arm in ("BLUE", "RED"):
        flats = frames_of(list(night.raw_files), "LAMP,FLAT", arm)[:2]
        for (header, a), (_, b) in zip(_chip_hdus(flats[0]), _chip_hdus(flats[1]), strict=True):
            pre = header[kw.DET_OUT1_PRSCX]
            bias = np.median(a[:, -header[kw.DET_OUT1_OVSCX] :])
            a_d, b_d = a[:, pre:-pre] - bias, b[:, pre:-pre] - bias
            level = 0.5 * (a_d + b_d)
            lit = level > 3000
            diff = (a_d - b_d)[lit]
            expected = 2 * (
                level[lit] / header[kw.DET_OUT1_CONAD]
                + (header[kw.DET_OUT1_RON] / header[kw.DET_OUT1_CONAD]) ** 2
            )
            keep = np.abs(diff) < 6 * np.sqrt(expected)  # cosmic rays out
            assert keep.mean() > 0.99
            assert np.mean(diff[keep] ** 2) / np.mean(expected[keep]) == pytest.approx(1.0, rel=0.05)


def test_cosmic_rays_scale_with_exposure_and_some_saturate() -> None:
    zeros = np.zeros((BLUE_CHIP.ny, BLUE_CHIP.nx))
    science = read_out(zeros, BLUE_CHIP, 1800.0 + 31.0, np.random.default_rng(3))
    bias = read_out(None, BLUE_CHIP, 31.0, np.random.default_rng(4))
    data = slice(BLUE_CHIP.prscx, BLUE_CHIP.prscx + BLUE_CHIP.nx)
    hot = [int(np.sum(frame[:, data] > BLUE_CHIP.bias_adu + 100)) for frame in (science, bias)]
    n_science = expected_hits(BLUE_CHIP.area_cm2, 1831.0)
    assert n_science > 500
    assert hot[0] > 20 * hot[1] > 0
    assert np.sum(science[:, data] == ADU_MAX) > 0
    assert not np.any(science[:, : BLUE_CHIP.prscx] > BLUE_CHIP.bias_adu + 50)  # no hits in the prescan
