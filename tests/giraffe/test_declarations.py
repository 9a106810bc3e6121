"""GIRAFFE classification against ESO's giraf.oca, the simulator's frames, and the chain's shape."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits

from instruments.giraffe import keywords as kw
from instruments.giraffe.chains import recipe_chains
from instruments.giraffe.classification import CLASSIFICATION
from instruments.giraffe.resources import estimate
from instruments.giraffe.simulator import SimulationOptions, simulate_night
from phoenix.classify import classify
from tests.giraffe.samples import dpr_header, oca_facts

OCA = Path("rules") / "oca" / "giraf-2.16.10_gasgano.oca"


@pytest.mark.parametrize("fact", oca_facts(), ids=lambda f: "/".join(f["dpr"]))
def test_classification_follows_the_oca_facts(fact: dict) -> None:
    found = classify(dpr_header(*fact["dpr"]), CLASSIFICATION)
    assert found is not None and found.category == fact["category"]


def _oca_classify(text: str, header: dict[str, str]) -> str | None:
    """Evaluate giraf.oca's raw-data ``if ... then { DO.CATG = ... }`` rules; the last match wins."""
    found = None
    for condition, category in re.findall(r'if (DPR\..*?) then\s*\{\s*DO\.CATG = "(\w+)";', text, flags=re.S):

        def like(match: re.Match[str]) -> str:
            value = header["ESO DPR " + match.group(1)]
            pattern = "^" + ".*".join(re.escape(p) for p in match.group(2).split("%")) + "$"
            return str(re.match(pattern, value) is not None)

        expression = re.sub(r'DPR\.(\w+) like "([^"]*)"', like, " ".join(condition.split()))
        if eval(expression, {"__builtins__": {}}):  # only True/False/and/or/parentheses remain
            found = category
    return found


@pytest.mark.reference
def test_the_oca_facts_are_what_esos_rule_file_says(reference: Path) -> None:
    text = (reference / OCA).read_text()
    for fact in oca_facts():
        assert _oca_classify(text, dpr_header(*fact["dpr"])) == fact["category"], fact


def test_simulated_medusa_frames_carry_the_fibre_table_and_esos_pixel_format(tmp_path: Path) -> None:
    options = SimulationOptions(science=1, science_fibres=100, sky_fibres=25, unused_fibres=5, rows=128)
    sim = simulate_night("2016-05-03", tmp_path, options)
    science = [p for p in sim.raw_files if fits.getheader(p)[kw.DPR_CATG] == "SCIENCE"]
    assert len(science) == 1
    with fits.open(science[0], do_not_scale_image_data=True) as hdul:
        header = hdul[0].header
        assert hdul[0].data.shape == (128, 2148)
        assert isinstance(header["BZERO"], float) and isinstance(header["BSCALE"], float)
        table = hdul[kw.FIBRE_EXTNAME].data
    assert len(table) == 130
    types = [str(t) for t in table[kw.COL_TYPE]]
    assert types.count(kw.FIBRE_SCIENCE) == 100 and types.count(kw.FIBRE_SKY) == 25
    science_rows = table[np.array(types) == kw.FIBRE_SCIENCE]
    assert np.all((science_rows[kw.COL_MAGNITUDE] >= 14) & (science_rows[kw.COL_MAGNITUDE] <= 18))
    assert all(str(o).strip() for o in science_rows[kw.COL_OBJECT])


def test_more_fibres_than_medusa_has_are_refused() -> None:
    with pytest.raises(ValueError, match="at most 130"):
        SimulationOptions(science_fibres=120, sky_fibres=10, unused_fibres=1)


def test_reference_recipes_stand_in_only_for_the_esorex_steps() -> None:
    calib, science = recipe_chains()
    steps = {s.name: s for s in calib.steps}
    assert steps["mbias"].recipe == "gimasterbias" and steps["mbias"].reference.endswith(":master_bias")
    assert steps["mdark"].recipe == "gimasterdark" and steps["mdark"].reference.endswith(":master_dark")
    assert all(s.runner.value == "python" for s in (steps["flat"], steps["wave"], *science.steps))


def test_memory_estimates_grow_with_the_frames() -> None:
    calib, _ = recipe_chains()
    bias = calib.steps[0]
    assert estimate(bias, {"BIAS": 5}).memory_mb > estimate(bias, {"BIAS": 3}).memory_mb
