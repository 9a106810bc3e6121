"""Quantities computed from the arrays, against independent arithmetic."""

from __future__ import annotations

import numpy as np
import pytest

from phoenix.sdp.measure import median_snr, quality_flags, spectral_coverage, timing


def test_coverage_of_an_irregular_grid() -> None:
    wave = np.array([500.0, 500.1, 500.3, 500.6])
    cov = spectral_coverage(wave)
    assert (cov.wavelmin, cov.wavelmax, cov.nelem) == (500.0, 500.6, 4)
    assert cov.spec_bin == pytest.approx(0.2)
    assert (cov.spec_val, cov.spec_bw) == pytest.approx((500.3, 0.6))


@pytest.mark.parametrize(
    "wave", [[1.0], [2.0, 1.0], [1.0, 1.0, 2.0], [1.0, np.inf], [[1.0, 2.0], [3.0, 4.0]]], ids=str
)
def test_coverage_refuses_unusable_wavelengths(wave: list) -> None:
    with pytest.raises(ValueError):
        spectral_coverage(wave)


def test_quality_and_snr_ignore_invalid_pixels() -> None:
    flux = np.array([10.0, np.nan, 30.0, 40.0, 50.0])
    error = np.array([1.0, 1.0, 0.0, -2.0, 5.0])
    assert quality_flags(flux, error).tolist() == [0, 1, 1, 1, 0]
    assert median_snr(flux, error) == pytest.approx(10.0)  # median of 10/1 and 50/5
    assert median_snr(flux, error, quality=[0, 0, 0, 0, 1]) == pytest.approx(10.0)
    with pytest.raises(ValueError, match="no valid pixel"):
        median_snr(flux, error, quality=[1, 1, 1, 1, 1])


def test_timing_from_exposure_time_or_given_end() -> None:
    t = timing(60000.0, 864.0)
    assert (t.mjd_end, t.telapse, t.tmid) == pytest.approx((60000.01, 864.0, 60000.005))
    given = timing(60000.0, 864.0, mjd_end=60000.5)
    assert (given.mjd_end, given.telapse) == pytest.approx((60000.5, 43200.0))
    with pytest.raises(ValueError, match="later than MJD-OBS"):
        timing(60000.0, 0.0)
