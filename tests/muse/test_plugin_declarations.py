"""MUSE declarations: chains through ESO's recipes, resource estimates, and the simulator's geometry."""

from __future__ import annotations

import math

import numpy as np
import pytest

from instruments.muse import categories as cat
from instruments.muse import resources
from instruments.muse.chains import max_combine, recipe_chains
from instruments.muse.config import ENV_NIFU, nifu
from instruments.muse.simulator import scene, statics
from phoenix import JobResources

# peak RSS (MB) of the esorex child on one full-size IFU, measured on this machine (resources.py)
MEASURED_PEAKS_MB = {
    ("muse_bias", 3): 865,
    ("muse_flat", 3): 865,
    ("muse_wavecal", 1): 415,
    ("muse_scibasic", 2): 1525,
    ("muse_scibasic", 4): 1911,
    ("muse_scipost", 2): 1306,
    ("muse_scipost", 4): 2123,
    ("muse_exp_combine", 2): 1652,
    ("muse_exp_combine", 4): 2745,
    ("muse_exp_combine", 8): 4940,  # bench/muse_combine.py
    ("muse_exp_combine", 16): 9203,
}


def test_science_chain_resamples_once_at_the_last_step(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_NIFU, "1")
    science = next(c for c in recipe_chains() if c.trigger == cat.OBJECT)
    assert [s.recipe for s in science.steps] == ["muse_scibasic", "muse_scipost", "muse_exp_combine"]
    scipost = science.steps[1]
    assert scipost.parameters["save"] == "individual" and scipost.parameters["skymethod"] == "none"
    assert "nifu" not in scipost.parameters and science.steps[0].parameters["nifu"] == 1
    assert all(step.timeout_s <= 3600 for chain in recipe_chains() for step in chain.steps)


def test_nifu_setting_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_NIFU, "25")
    with pytest.raises(ValueError, match=ENV_NIFU):
        nifu()
    monkeypatch.delenv(ENV_NIFU)
    assert nifu() == 0 and resources.ifus_processed() == 24


@pytest.mark.parametrize(("recipe", "n"), sorted(MEASURED_PEAKS_MB))
def test_estimates_are_not_below_the_measured_peaks(recipe: str, n: int) -> None:
    assert resources.estimate_memory_mb(recipe, n, 1) >= MEASURED_PEAKS_MB[(recipe, n)]


def test_combination_estimate_grows_with_exposures_and_ifus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_NIFU, "0")
    step = next(s for c in recipe_chains() for s in c.steps if s.recipe == "muse_exp_combine")
    small = resources.estimate(step, {cat.PIXTABLE_REDUCED: 4})
    large = resources.estimate(step, {cat.PIXTABLE_REDUCED: 16})
    assert isinstance(large, JobResources) and large.memory_mb > 3.5 * small.memory_mb / 1.2
    assert (
        resources.estimate_memory_mb("muse_exp_combine", 4, 24)
        > 20 * resources.estimate_memory_mb("muse_exp_combine", 4, 1) / 1.1
    )


def test_combine_limit_follows_the_memory_budget() -> None:
    n = max_combine()
    assert n == 16
    one = resources.estimate_memory_mb("muse_exp_combine", n, 1)
    assert resources.combine_limit(one, 1) == n
    assert resources.combine_limit(3 * one, 1) > 40  # more when the budget allows
    assert resources.combine_limit(one / 2, 1) < n  # fewer when it does not
    assert resources.combine_limit(19_000, 24) == 1  # 24 IFUs in 19 GB: no combination possible
    assert resources.combine_limit(200_000, 24) == 12  # ~15 GB per exposure of 24 IFUs


def test_point_source_row_holds_unit_flux_per_ccd_row() -> None:
    nx = 2 * 2048
    row = scene.source_row(nx, x0=-10.0, y0=0.3, sigma=2.0)
    assert row.sum() == pytest.approx(1.0, rel=0.01)
    # the brightest slice is the field row nearest y0, in the stack that holds x = -10
    slice_no = 1 + int(
        np.argmax([row[int(lo) : int(hi)].sum() for lo, hi in map(scene.slice_edges, range(1, 49))])
    )
    x, y = statics.slice_centre(slice_no)
    assert abs(y - (5.5 + 0.3)) <= 0.5 and abs(x - (-10.0)) < statics.SLICE_SKY_WIDTH / 2


def test_field_position_rotation_by_180_degrees_mirrors_the_offset() -> None:
    a = scene.field_position(150.001, -29.9995, 150.0, -30.0, 0.0)
    b = scene.field_position(150.001, -29.9995, 150.0, -30.0, 180.0)
    assert a[0] == pytest.approx(-b[0]) and a[1] == pytest.approx(-b[1])
    east = 0.001 * math.cos(math.radians(-30.0)) * 3600 / 0.2
    assert a[0] == pytest.approx(-east) and a[1] == pytest.approx(0.0005 * 3600 / 0.2)
