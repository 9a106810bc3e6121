"""Checks of a simulated night: the files are there, the engine can classify and associate them."""

from __future__ import annotations

from pathlib import Path

from phoenix.associate import Candidate, CandidateIndex, associate
from phoenix.db.models import DatasetStatus
from phoenix.errors import PhoenixError
from phoenix.production.associate import associate_datasets, candidate_indexes, mid_exposure
from phoenix.production.context import Context
from phoenix.production.datasets import define_datasets, lead_frame
from phoenix.production.nightlog import read_night_log
from phoenix.production.scan import scan_night
from phoenix.types import ChainKind, NightSimulation, Source


def simulation_problems(
    ctx: Context, instrument: str, night: str, simulation: NightSimulation, expected_unusable: int
) -> list[str]:
    """The files exist, all but the deliberately broken frames classify, every chain has its frames.

    ``ctx`` must hold the staged night (:func:`phoenix.testing.night.stage_simulation`).
    """
    problems = [f"simulation: {p} does not exist" for p in _paths(simulation) if not Path(p).exists()]
    if not simulation.raw_files:
        problems.append("simulation: wrote no raw frame")
    try:
        read_night_log(Path(simulation.night_log))
    except (OSError, ValueError, PhoenixError) as exc:
        problems.append(f"simulation: night log {simulation.night_log} is unreadable: {exc}")
    report = scan_night(ctx, instrument, night)
    if len(report.problems) != expected_unusable:
        listed = "; ".join(f"{p.filename}: {p.reason}" for p in report.problems) or "none"
        problems.append(
            f"simulation: {len(report.problems)} unusable frame(s), expected {expected_unusable}: {listed}"
        )
    rules = ctx.instruments.associations(instrument)
    static_needed = {r.category for r in rules if r.source is Source.STATIC and r.required}
    problems += [
        f"simulation: no static calibration {c} written (an association rule needs it)"
        for c in sorted(static_needed - set(simulation.static_files))
    ]
    for kind in (ChainKind.CALIBRATION, ChainKind.SCIENCE):
        found = {d.chain for d in define_datasets(ctx, instrument, night, kind)}
        chains = [c.name for c in ctx.instruments.chains(instrument) if c.kind is kind]
        problems += [f"simulation: no frames start chain {name}" for name in chains if name not in found]
    return problems


def association_problems_on_night(ctx: Context, instrument: str, night: str) -> list[str]:
    """Every dataset of the staged night finds what its chain needs.

    Calibration datasets are associated by the engine itself (raw frames, static tables).
    Science datasets need masters, which do not exist before the calibration chains run: each
    calibration dataset stands in for the masters its chain would certify (with its lead frame's
    keys and time, as certification records them), and the engine's algorithm picks among them.
    """
    problems = []
    calibration = associate_datasets(ctx, define_datasets(ctx, instrument, night, ChainKind.CALIBRATION))
    problems += [f"{d.name}: {d.message}" for d in calibration if d.status == DatasetStatus.INCOMPLETE]
    chains = {c.name: c for c in ctx.instruments.chains(instrument)}
    would_be = []
    for dataset in calibration:
        lead = lead_frame(ctx, dataset)
        would_be += [
            Candidate(f"{dataset.name}:{category}", category, dataset.mjd_obs, lead.keys, True)
            for category in chains[dataset.chain].masters
        ]
    indexes = dict(candidate_indexes(ctx, instrument))
    indexes[Source.MASTER] = CandidateIndex.build(would_be)
    rules = ctx.instruments.associations(instrument)
    for dataset in define_datasets(ctx, instrument, night, ChainKind.SCIENCE):
        lead = lead_frame(ctx, dataset)
        for rule in (r for r in rules if dataset.category in r.for_categories and r.required):
            outcome = associate(lead.keys, mid_exposure(lead), rule, indexes[rule.source])
            if not outcome.ok:
                problems.append(f"{dataset.name}: {outcome.reason}")
    return problems


def _paths(simulation: NightSimulation) -> list[str]:
    return [*simulation.raw_files, *simulation.static_files.values(), simulation.night_log, simulation.truth]
