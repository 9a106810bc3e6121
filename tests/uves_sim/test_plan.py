"""The night's timeline: dichroic OBs, exposures fitted into the night, and what does not fit."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from instruments.uves.simulator.exposures import Exposure, NightPlan
from instruments.uves.simulator.frames import FrameKind
from instruments.uves.simulator.modes import DICHROIC_1
from instruments.uves.simulator.options import SimulationOptions
from instruments.uves.simulator.plan import EXPTIME_RANGE_S, SCIENCE_END, SCIENCE_START, plan_night
from instruments.uves.simulator.schedule import EXPTIME_STEP_S, MIN_EXPTIME_S
from instruments.uves.simulator.spectrum import draw_star
from tests.uves_sim.small_night import NIGHT, small_setups

MORNING = datetime(2016, 5, 4, tzinfo=UTC)


def _plan(**options: object) -> NightPlan:
    opts = SimulationOptions(**options)  # type: ignore[arg-type]
    stars = [draw_star(np.random.default_rng(k), (370.0, 700.0)) for k in range(opts.sources)]
    return plan_night(NIGHT, opts, small_setups(), stars, np.random.default_rng(0))


def _science_by_ob(plan: NightPlan) -> dict[int, list[Exposure]]:
    by_ob: dict[int, list[Exposure]] = defaultdict(list)
    for exp in plan.exposures:
        if exp.kind is FrameKind.SCIENCE:
            by_ob[exp.obs_id].append(exp)
    return by_ob


def _end(exp: Exposure) -> datetime:
    return exp.start + timedelta(seconds=exp.exptime + small_setups()[exp.arm].readout_s)


def test_too_many_sources_do_not_fit() -> None:
    with pytest.raises(ValueError, match=r"past the end of the night .* holds at most \d+ sources"):
        _plan(sources=80)


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


def test_forty_two_arm_obs_fit_into_the_night() -> None:
    plan = _plan(sources=40)
    by_ob = _science_by_ob(plan)
    assert len(plan.obs) == len(by_ob) == 40
    assert all(sorted(e.arm for e in frames) == ["BLUE", "RED"] for frames in by_ob.values())
    science = [e for frames in by_ob.values() for e in frames]
    assert min(e.start for e in science) >= datetime.combine(MORNING, SCIENCE_START, tzinfo=UTC)
    assert max(_end(e) for e in science) <= datetime.combine(MORNING, SCIENCE_END, tzinfo=UTC)
    calibrations = [e for e in plan.exposures if e.kind is not FrameKind.SCIENCE]
    assert min(e.start for e in calibrations) > max(_end(e) for e in science)
    assert len({e.arcfile for e in plan.exposures}) == len(plan.exposures)


def test_the_arms_of_one_ob_start_together() -> None:
    plan = _plan(sources=40)
    assert plan.mode.simultaneous
    for frames in _science_by_ob(plan).values():
        blue, red = sorted(frames, key=lambda e: e.arm)
        assert abs((blue.start - red.start).total_seconds()) < 1.0 and blue.arcfile != red.arcfile
        assert blue.tpl_start == red.tpl_start and blue.obs_tplno == red.obs_tplno == 2
        assert blue.tpl_id == red.tpl_id == "UVES_dic1_obs_exp" and blue.tpl_name == "Dic1 Observation"
        assert blue.ins_mode == red.ins_mode == DICHROIC_1
        assert blue.exptime == red.exptime and blue.obs_name.endswith("_DIC1_437+580")
    # OBs follow each other: the next acquisition starts after the slower arm was read out
    obs = sorted(_science_by_ob(plan).values(), key=lambda frames: frames[0].start)
    for previous, following in itertools.pairwise(obs):
        assert following[0].obs_start >= max(_end(e) for e in previous)


def test_calibrations_are_taken_in_the_mode_of_the_science() -> None:
    plan = _plan(sources=2)
    for exp in (e for e in plan.exposures if e.kind is not FrameKind.SCIENCE):
        if exp.kind is FrameKind.BIAS:  # no light through the optics: the arm's own template
            assert exp.ins_mode == exp.arm and exp.tpl_id == f"UVES_{exp.arm.lower()}_cal_bias"
        else:
            assert exp.ins_mode == DICHROIC_1 and exp.tpl_id.startswith("UVES_dic1_cal_")
    single = _plan(sources=2, arms=("BLUE",))
    assert not single.mode.simultaneous
    assert {(e.ins_mode, e.tpl_id.split("_")[1]) for e in single.exposures} == {("BLUE", "blue")}


def test_exposures_are_shortened_only_when_the_night_is_full() -> None:
    roomy = _plan(sources=3)
    assert all(ob.exptime == ob.nominal_exptime and ob.brightness_factor == 1.0 for ob in roomy.obs)
    assert all(EXPTIME_RANGE_S[0] <= ob.exptime <= EXPTIME_RANGE_S[1] for ob in roomy.obs)
    full = _plan(sources=40)
    shortened = [ob for ob in full.obs if ob.exptime < ob.nominal_exptime]
    assert len(shortened) >= 30
    for ob in full.obs:
        assert MIN_EXPTIME_S <= ob.exptime <= ob.nominal_exptime and ob.exptime % EXPTIME_STEP_S == 0
        assert ob.brightness_factor == pytest.approx(ob.nominal_exptime / ob.exptime)
        # the brightness is raised, not the S/N lowered: every source keeps its drawn peak S/N
        assert 30.0 <= ob.star.peak_snr <= 150.0
    # deterministic from the seed
    assert [ob.exptime for ob in _plan(sources=40).obs] == [ob.exptime for ob in full.obs]
