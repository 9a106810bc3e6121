"""Shortened exposures of a full night reach the same S/N: the sources are brighter, as the truth says.

Measured in the rendered frames: the electrons a column of the central order collects at the
blaze peak (photon noise dominates, so the S/N is their square root).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits

from instruments.uves.simulator.echelle import EchelleFormat
from instruments.uves.simulator.orientation import raw_to_standard
from instruments.uves.simulator.setups import Orientation
from phoenix import NightSimulation
from tests.uves_sim.small_night import analytic_lines, small_night, small_setups

HALF_WINDOW_PX = 6  # rows summed either side of the trace (> 4 sigma of the poorest seeing)
HALF_COLUMNS = 30  # columns either side of the blaze peak


@pytest.fixture(scope="module")
def full_night(tmp_path_factory: pytest.TempPathFactory) -> NightSimulation:
    """40 two-arm sources: every exposure is shortened to fit the night."""
    return small_night(tmp_path_factory.mktemp("full"), sources=40, n_bias=3, n_flat=3)


def column_snr(path: str, arm: str) -> float:
    """sqrt(electrons per column) at the blaze peak of the central order of the arm's first chip."""
    chip = small_setups()[arm].chips[0]
    rows, columns = chip.rotated_shape
    fmt = EchelleFormat.from_prediction(analytic_lines(chip.name, rows, columns), rows, columns)
    with fits.open(path) as hdul:
        raw = hdul[chip.extension].data.astype(float)
    data = raw[:, chip.prscx : chip.prscx + chip.nx] - np.median(raw[:, : chip.prscx])
    image = raw_to_standard(data, Orientation(chip.orientation)) * chip.conad
    m = fmt.orders[len(fmt.orders) // 2]
    centre = fmt.columns // 2
    sums = []
    for x in range(centre - HALF_COLUMNS, centre + HALF_COLUMNS):
        yc = round(float(fmt.trace(float(x), m)))
        sums.append(image[yc - 1 - HALF_WINDOW_PX : yc + HALF_WINDOW_PX, x - 1].sum())
    return float(np.sqrt(np.median(sums)))


def _science(night: NightSimulation) -> dict[str, dict]:
    truth = json.loads(Path(night.truth).read_text())
    directory = Path(night.truth).parent.parent
    return {str(directory / name): entry for name, entry in truth["science_frames"].items()}


def test_shortened_exposures_keep_the_snr_in_range(full_night: NightSimulation) -> None:
    frames = _science(full_night)
    assert len(frames) == 80
    for path, entry in frames.items():
        assert entry["exptime_s"] < entry["nominal_exptime_s"]
        assert entry["brightness_factor"] == pytest.approx(entry["nominal_exptime_s"] / entry["exptime_s"])
        rate = entry["column_electrons_per_s"]
        assert rate * entry["exptime_s"] == pytest.approx(entry["column_electrons"])
        if entry["arm"] == "BLUE":  # the small format's blue orders lie near the 437 nm setting
            assert 30.0 <= column_snr(path, "BLUE") <= 150.0
            assert column_snr(path, "BLUE") == pytest.approx(entry["peak_snr"], rel=0.3)


def test_a_shortened_source_is_brighter_not_noisier(
    night: NightSimulation, full_night: NightSimulation
) -> None:
    """The same star (same seed, same index) in a roomy night and in the full one."""
    roomy, full = _science(night), _science(full_night)

    def first_star(frames: dict[str, dict], arm: str) -> tuple[str, dict]:
        star = min(frames.values(), key=lambda e: e["mjd_obs"])["source"]
        return next((p, e) for p, e in frames.items() if e["source"] == star and e["arm"] == arm)

    for arm in ("BLUE", "RED"):
        (path_a, a), (path_b, b) = first_star(roomy, arm), first_star(full, arm)
        assert (a["peak_snr"], a["continuum"]) == (b["peak_snr"], b["continuum"])
        assert a["exptime_s"] == a["nominal_exptime_s"] and b["exptime_s"] < a["exptime_s"] / 1.5
        assert column_snr(path_b, arm) == pytest.approx(column_snr(path_a, arm), rel=0.05)
        rate_ratio = b["column_electrons_per_s"] / a["column_electrons_per_s"]
        assert rate_ratio == pytest.approx(a["exptime_s"] / b["exptime_s"])
