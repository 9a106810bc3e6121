"""Simulate one UVES observing night: the orchestration of plan, scenes, frames, log and truth."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from instruments.uves.simulator.echelle import EchelleFormat
from instruments.uves.simulator.linecat import LINE_REFER_TABLE, write_line_refer_table
from instruments.uves.simulator.nightlog import write_night_log
from instruments.uves.simulator.options import ARMS, SimulationOptions
from instruments.uves.simulator.physmodel import predicted_formats
from instruments.uves.simulator.plan import night_start, plan_night
from instruments.uves.simulator.rawframe import write_empty_format_check, write_raw_frame
from instruments.uves.simulator.scenes import ArmScenes
from instruments.uves.simulator.setups import SETUPS, ArmSetup
from instruments.uves.simulator.spectrum import draw_star
from instruments.uves.simulator.truth import (
    TRUTH_DIR,
    TRUTH_JSON,
    truth_document,
    write_truth_json,
    write_truth_spectrum,
)
from phoenix import NightSimulation

log = logging.getLogger(__name__)

LINE_REFER_FILE = "uves_line_refer_table.fits"
CACHE_DIR = ".tmp/uves-physmodel"  # the destination's temporary area
# independent random streams of one seed
PLAN_STREAM, STAR_STREAM, FRAME_STREAM = 1, 2, 3

FormatSource = Callable[[ArmSetup, Path, Path], Mapping[str, EchelleFormat]]


def simulate_night(
    night: str,
    destination: Path,
    *,
    sources: int = 3,
    arms: Iterable[str] = ARMS,
    seed: int = 0,
    n_bias: int = 5,
    n_flat: int = 5,
    faults: Iterable[str] = (),
) -> NightSimulation:
    """Write one UVES night into ``destination`` (a flat directory) and say what was written.

    The raw frames (named by ARCFILE) are reducible by the real recipe chain uves_cal_predict ->
    uves_cal_orderpos -> uves_cal_mbias -> uves_cal_mflat -> uves_cal_wavecal -> uves_obs_scired:
    they are drawn where the pipeline's own physical model (uves_cal_predict, run once per setup
    and cached under ``destination/.tmp``) puts every order and arc line. Besides the frames it
    writes the static LINE_REFER_TABLE, ``nightlog.csv`` and ``truth/`` (see :mod:`.truth`).

    With both arms every OB exposes them together through dichroic #1 (``INS MODE = 'DICHR#1'``,
    template ``UVES_dic1_obs_exp``; see :mod:`.modes`). When the night cannot hold every OB's
    nominal 600-1800 s exposure, long exposures are shortened to fit and their sources made
    brighter by the same factor, so the S/N stays as drawn (see :mod:`.schedule`; the truth
    records exposure time, nominal exposure time and brightness factor).

    :param night: the night, ``YYYY-MM-DD`` (date at its start).
    :param sources: point sources, one OB each, observed in every arm (up to ~50 with both arms).
    :param arms: ``BLUE`` (CD#2, 437 nm) and/or ``RED`` (CD#3, 580 nm).
    :param seed: the same seed writes byte-identical files.
    :param n_bias: biases per arm; ``n_flat``: lamp flats per arm.
    :param faults: extra broken frames: ``truncated`` (cut mid-data), ``no_dpr`` (no DPR keywords).
    :raises ValueError: on a bad option or a night that cannot hold the requested observations.
    """
    options = SimulationOptions(
        sources=sources,
        arms=tuple(arms) if not isinstance(arms, str) else (arms,),
        seed=seed,
        n_bias=n_bias,
        n_flat=n_flat,
        faults=tuple(faults) if not isinstance(faults, str) else (faults,),
    )
    return write_night(night, Path(destination), options)


def simulate_night_from_options(
    night: str, destination: str | Path, options: Mapping[str, Any]
) -> NightSimulation:
    """:func:`simulate_night` with the keyword arguments given as a mapping (the hook's form)."""
    return write_night(night, Path(destination), SimulationOptions.from_mapping(options))


def esorex_formats(arm: ArmSetup, line_table: Path, cache: Path) -> Mapping[str, EchelleFormat]:
    """The echelle formats of an arm from the real uves_cal_predict (cached)."""
    return predicted_formats(arm, line_table, cache, write_empty_format_check)


def write_night(
    night: str,
    destination: Path,
    options: SimulationOptions,
    *,
    setups: Mapping[str, ArmSetup] = SETUPS,
    format_source: FormatSource = esorex_formats,
) -> NightSimulation:
    """Write the night for validated ``options``.

    ``setups`` and ``format_source`` are seams for tests: reduced detector sizes and an analytic
    echelle format render a small night without esorex.
    """
    night_start(night)
    destination.mkdir(parents=True, exist_ok=True)
    truth_dir = destination / TRUTH_DIR
    truth_dir.mkdir(exist_ok=True)
    line_table = write_line_refer_table(destination / LINE_REFER_FILE)
    formats = {arm: format_source(setups[arm], line_table, destination / CACHE_DIR) for arm in options.arms}
    coverage = wavelength_coverage(formats)
    stars = [
        draw_star(np.random.default_rng([options.seed, STAR_STREAM, k]), coverage)
        for k in range(options.sources)
    ]
    plan = plan_night(night, options, dict(setups), stars, np.random.default_rng([options.seed, PLAN_STREAM]))
    raw_files = []
    for arm_name in options.arms:
        arm = setups[arm_name]
        scenes = ArmScenes(arm, formats[arm_name])
        for exp in (e for e in plan.exposures if e.arm == arm_name):
            rng = np.random.default_rng([options.seed, FRAME_STREAM, exp.sequence])
            raw_files.append(write_raw_frame(exp, arm, scenes.signals(exp), rng, destination))
            log.debug("wrote %s (%s %s)", exp.arcfile, exp.arm, exp.kind.name)
    for ob in plan.obs:
        write_truth_spectrum(ob, coverage, truth_dir)
    night_log = write_night_log(plan.obs, destination)
    static_files = {LINE_REFER_TABLE: str(line_table)}
    write_truth_json(truth_document(plan, options, setups, formats, coverage, static_files), truth_dir)
    return NightSimulation(
        raw_files=tuple(str(p) for p in sorted(raw_files)),
        static_files=static_files,
        night_log=str(night_log),
        truth=str(truth_dir / TRUTH_JSON),
    )


def wavelength_coverage(formats: Mapping[str, Mapping[str, EchelleFormat]]) -> tuple[float, float]:
    """The range [nm] the simulated arms see, from the predicted line wavelengths."""
    waves = np.concatenate([f.lines.wave_a for chips in formats.values() for f in chips.values()])
    return round(float(waves.min()) / 10.0 - 2.0, 1), round(float(waves.max()) / 10.0 + 2.0, 1)
