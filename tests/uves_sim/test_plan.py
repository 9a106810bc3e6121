"""The night's timeline refuses what does not fit into one night."""

from __future__ import annotations

import numpy as np
import pytest

from instruments.uves.simulator.options import SimulationOptions
from instruments.uves.simulator.plan import plan_night
from instruments.uves.simulator.spectrum import draw_star
from tests.uves_sim.small_night import NIGHT, small_setups


def _plan(**options: object):  # type: ignore[no-untyped-def]
    opts = SimulationOptions(**options)  # type: ignore[arg-type]
    stars = [draw_star(np.random.default_rng(k), (370.0, 700.0)) for k in range(opts.sources)]
    return plan_night(NIGHT, opts, small_setups(), stars, np.random.default_rng(0))


def test_too_many_sources_do_not_fit() -> None:
    with pytest.raises(ValueError, match="past the end of the night"):
        _plan(sources=15)


def test_too_many_calibrations_run_into_the_next_night() -> None:
    with pytest.raises(ValueError, match="morning calibrations"):
        _plan(sources=1, n_bias=150)


def test_one_source_is_graded_a_and_obs_are_ordered() -> None:
    plan = _plan(sources=1, arms=("RED",))
    assert [ob.grade for ob in plan.obs] == ["A"]
    starts = [e.start for e in plan.exposures]
    assert starts == sorted(starts) and [e.sequence for e in plan.exposures] == list(
        range(1, len(starts) + 1)
    )
    assert len({e.arcfile for e in plan.exposures}) == len(starts)
