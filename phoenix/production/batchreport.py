"""The dry run of a historical batch: plan and associate month by month, and report without processing.

Per month the report gives the datasets (per kind and status), how complete their associations are
and at which levels, what is missing and why, and an estimate of the recipe time the month would
take: per recipe, the median wall time of the jobs done so far, or :data:`DEFAULT_RECIPE_S` when
there is no history yet (the report says which).
"""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from sqlmodel import select

from phoenix.db.models import Association, Dataset, DatasetStatus, Job, JobStatus
from phoenix.production.context import Context
from phoenix.production.plan import chain_of
from phoenix.production.planning import plan_months

DEFAULT_RECIPE_S = 60.0  # a recipe never run here: a deliberately round guess, flagged as such
MISSING_EXAMPLES = 10  # datasets named per missing reason in the Markdown report


def plan_month(ctx: Context, instrument: str, month: str) -> dict[str, Any]:
    """Scan, classify, define and associate every night of the month; no job is planned or run.

    One month in this process (:func:`phoenix.production.planning.plan_months` plans many, in
    worker processes): the month's nights, frames, frame problems, datasets and step seconds.
    """
    return plan_months(ctx, instrument, [month])[month]


def recipe_seconds(ctx: Context, instrument: str) -> dict[str, float]:
    """Median wall time per recipe of the instrument's done jobs."""
    walls: dict[str, list[float]] = defaultdict(list)
    with ctx.db.session() as session:
        rows = session.exec(
            select(Job.recipe, Job.wall_s)
            .join(Dataset, Dataset.id == Job.dataset_id)
            .where(Dataset.instrument == instrument, Job.status == JobStatus.DONE, Job.wall_s.is_not(None))  # type: ignore[union-attr]
        )
        for recipe, wall in rows:
            walls[recipe].append(float(wall))
    return {recipe: statistics.median(values) for recipe, values in walls.items()}


def month_report(
    ctx: Context, instrument: str, planned: dict[str, Any], history: dict[str, float]
) -> dict[str, Any]:
    """What the month holds and would cost, from the bookkeeping after :func:`plan_month`."""
    nights = planned["nights"]
    with ctx.db.session() as session:
        datasets = list(
            session.exec(
                select(Dataset)
                .where(Dataset.instrument == instrument, Dataset.night.in_(nights))  # type: ignore[attr-defined]
                .order_by(Dataset.name)
            )
        )
        associations = list(
            session.exec(select(Association).where(Association.dataset_id.in_([d.id for d in datasets])))  # type: ignore[attr-defined]
        )
    by_id = {d.id: d for d in datasets}
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for d in datasets:
        per_kind[d.kind][d.status] += 1
    levels: dict[str, Counter[str]] = defaultdict(Counter)
    missing: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a in associations:
        if a.status == "ok":
            levels[a.category][str(a.level)] += 1
        else:
            missing[(a.category, a.reason or "")].append(by_id[a.dataset_id].name)
    complete = [d for d in datasets if d.status != DatasetStatus.INCOMPLETE]
    awaiting = _awaiting_masters(ctx, datasets, complete, associations)
    estimate: Counter[str] = Counter()
    for d in complete + awaiting:
        for step in chain_of(ctx, d).steps:
            estimate[step.recipe] += 1
    recipes = {
        recipe: {
            "jobs": count,
            "seconds_each": history.get(recipe, DEFAULT_RECIPE_S),
            "from": "history" if recipe in history else "default",
        }
        for recipe, count in sorted(estimate.items())
    }
    return {
        **planned,
        "datasets": len(datasets),
        "datasets_by_kind": {kind: dict(sorted(c.items())) for kind, c in sorted(per_kind.items())},
        "complete": len(complete),
        "incomplete": len(datasets) - len(complete),
        "completeness": round(len(complete) / len(datasets), 4) if datasets else None,
        "awaiting_masters": len(awaiting),
        "association_levels": {cat: dict(sorted(c.items())) for cat, c in sorted(levels.items())},
        "missing": [
            {"category": cat, "reason": reason, "datasets": sorted(names)}
            for (cat, reason), names in sorted(missing.items())
        ],
        "recipes": recipes,
        "estimated_recipe_s": round(sum(r["jobs"] * r["seconds_each"] for r in recipes.values()), 1),
    }


def _awaiting_masters(
    ctx: Context, datasets: list[Dataset], complete: list[Dataset], associations: list[Association]
) -> list[Dataset]:
    """Incomplete datasets that miss only categories the month's complete calibration datasets make.

    A dry run associates before any master exists, so science waits for the masters the batch
    would build first; those datasets count in the estimate (and are reported as awaiting).
    """
    made = {
        category
        for d in complete
        if d.kind == "calibration"
        for step in chain_of(ctx, d).steps
        for category in step.products
    }
    lacking: dict[int | None, set[str]] = defaultdict(set)
    for a in associations:
        if a.status != "ok":
            lacking[a.dataset_id].add(a.category)
    return [
        d
        for d in datasets
        if d.status == DatasetStatus.INCOMPLETE and lacking.get(d.id) and lacking[d.id] <= made
    ]


def report_paths(ctx: Context, instrument: str, first: str, last: str) -> tuple[Path, Path]:
    """Where a batch's dry-run report goes: ``<workspace>/reports/batch/<instrument>-<first>-<last>``."""
    stem = ctx.settings.workspace / "reports" / "batch" / f"{instrument}-{first}-{last}"
    return stem.with_suffix(".json"), stem.with_suffix(".md")


def write_report(ctx: Context, instrument: str, first: str, last: str, months: list[dict[str, Any]]) -> dict:
    """Write the batch report as JSON and Markdown; returns the report with the paths."""
    json_path, md_path = report_paths(ctx, instrument, first, last)
    report = {
        "instrument": instrument,
        "from": first,
        "to": last,
        "months": months,
        "datasets": sum(m["datasets"] for m in months),
        "incomplete": sum(m["incomplete"] for m in months),
        "awaiting_masters": sum(m["awaiting_masters"] for m in months),
        "estimated_recipe_s": round(sum(m["estimated_recipe_s"] for m in months), 1),
        "json": str(json_path),
        "markdown": str(md_path),
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    md_path.write_text(render_markdown(report))
    return report


def render_markdown(report: dict[str, Any]) -> str:
    """The report for people: a table of months, then each month's levels and missing calibrations."""
    lines = [
        f"# Dry run: {report['instrument']} {report['from']} to {report['to']}",
        "",
        f"{report['datasets']} datasets, {report['incomplete']} incomplete"
        f" ({report['awaiting_masters']} of them awaiting masters the batch builds first);"
        f" estimated recipe time {_hours(report['estimated_recipe_s'])}.",
        "",
        "| month | nights | frames | datasets | complete | incomplete | awaiting masters"
        " | est. recipe time |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for m in report["months"]:
        lines.append(
            f"| {m['month']} | {len(m['nights'])} | {m['frames']} | {m['datasets']} | {m['complete']}"
            f" | {m['incomplete']} | {m['awaiting_masters']} | {_hours(m['estimated_recipe_s'])} |"
        )
    for m in report["months"]:
        if not m["datasets"]:
            continue
        lines += ["", f"## {m['month']}", ""]
        for kind, statuses in m["datasets_by_kind"].items():
            lines.append(f"- {kind}: " + ", ".join(f"{n} {s}" for s, n in statuses.items()))
        if m["association_levels"]:
            lines += ["", "| calibration | associations per level |", "|---|---|"]
            for category, per_level in m["association_levels"].items():
                counts = ", ".join(f"L{k}: {n}" for k, n in per_level.items())
                lines.append(f"| {category} | {counts} |")
        if m["missing"]:
            lines += ["", "Missing:", ""]
            for miss in m["missing"]:
                names = miss["datasets"]
                more = " ..." if len(names) > MISSING_EXAMPLES else ""
                shown = ", ".join(names[:MISSING_EXAMPLES]) + more
                lines.append(f"- {miss['category']} for {len(names)} dataset(s): {miss['reason']} ({shown})")
        if m["recipes"]:
            lines += ["", "| recipe | jobs | s each | from |", "|---|---|---|---|"]
            for recipe, r in m["recipes"].items():
                lines.append(f"| {recipe} | {r['jobs']} | {r['seconds_each']:.1f} | {r['from']} |")
        for p in m["frame_problems"]:
            lines.append(f"- unusable frame {p['night']}/{p['file']}: {p['reason']}")
    return "\n".join(lines) + "\n"


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:.2f} h" if seconds >= 3600 else f"{seconds:.0f} s"
