"""Step 6b: run one planned job, unless an identical job is already done."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import delete, select

from phoenix.db.models import Dataset, Job, JobStatus, Product, QcScore, QcValue, utcnow
from phoenix.errors import PhoenixError, RecipeError, ResourceError
from phoenix.production.context import Context
from phoenix.production.plan import PlannedJob
from phoenix.production.resources import ResourceBudget
from phoenix.runners.base import RecipeRun, SofEntry
from phoenix.runners.esorex import run_esorex
from phoenix.runners.python import run_python
from phoenix.types import RunnerKind

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobOutcome:
    job_id: str
    label: str
    skipped: bool
    products: dict[str, tuple[str, ...]]
    wall_s: float


def job_workdir(ctx: Context, job: PlannedJob) -> Path:
    return ctx.settings.work_root / job.instrument / job.job_id[:2] / job.job_id[:20]


def done_products(ctx: Context, job_id: str) -> dict[str, tuple[str, ...]] | None:
    """The products of a finished job whose files are all still there, else None."""
    with ctx.db.session() as session:
        row = session.get(Job, job_id)
        if row is None or row.status != JobStatus.DONE:
            return None
        products = list(session.exec(select(Product).where(Product.job_id == job_id)))
    if not products or not all(Path(p.path).exists() for p in products):
        return None
    out: dict[str, list[str]] = {}
    for p in products:
        out.setdefault(p.category, []).append(p.path)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def already_done(ctx: Context, job: PlannedJob) -> JobOutcome | None:
    """The outcome of an identical job that is done (with all its files), as a skip; else None."""
    cached = done_products(ctx, job.job_id)
    if cached is None:
        return None
    log.info("%s: already done as job %s, skipped", job.label, job.job_id[:12])
    return JobOutcome(job.job_id, job.label, True, cached, 0.0)


def run_job(ctx: Context, job: PlannedJob, *, force: bool = False) -> JobOutcome:
    """Run ``job`` (or skip it when an identical one is done) and record its products and QC."""
    if not force:
        skipped = already_done(ctx, job)
        if skipped is not None:
            return skipped
    sof = _resolve_sof(ctx, job)
    workdir = job_workdir(ctx, job)
    if workdir.exists():
        shutil.rmtree(workdir)  # left by an interrupted or forced run: start clean
    _mark_running(ctx, job, workdir)
    if job.uses_reference:
        log.warning(
            "%s: pipeline %r is not installed: running PHOENIX's reference recipe %s in place of %s"
            " as job %s",
            job.label,
            ctx.instruments.info(job.instrument).pipeline,
            job.step.reference,
            job.step.recipe,
            job.job_id[:12],
        )
    else:
        log.info("%s: running %s as job %s", job.label, job.step.recipe, job.job_id[:12])
    try:
        result = _run(ctx, job, sof, workdir)
        missing = sorted(set(job.step.products) - {p.category for p in result.products})
        if missing:
            raise RecipeError(
                job.step.recipe, 0, f"declared product(s) {missing} were not written", str(workdir)
            )
    except PhoenixError as exc:
        _mark_failed(ctx, job, str(exc))
        log.error("%s: %s failed: %s", job.label, job.step.recipe, str(exc).splitlines()[0])
        raise
    _record(ctx, job, result)
    log.info(
        "%s: %s done in %.1f s, %d products", job.label, job.step.recipe, result.wall_s, len(result.products)
    )
    return JobOutcome(job.job_id, job.label, False, result.by_category(), result.wall_s)


def check_resources(ctx: Context, job: PlannedJob, budget: ResourceBudget) -> None:
    """Refuse (and record as failed) a job whose estimate could never fit in ``budget``."""
    try:
        budget.check(job.label, job.resources)
    except ResourceError as exc:
        _mark_failed(ctx, job, str(exc), create=True)
        log.error("%s", exc)
        raise


def job_runner_label(job: PlannedJob) -> str:
    """What the Job row records as its runner: ``esorex``, ``python``, or ``reference`` when the
    plugin's Python reference recipe stood in for an esorex recipe whose pipeline is absent."""
    return "reference" if job.uses_reference else job.step.runner.value


def _resolve_sof(ctx: Context, job: PlannedJob) -> list[SofEntry]:
    entries = []
    for inp in job.inputs:
        if inp.from_job is None:
            entries.append(SofEntry(str(inp.path), inp.tag))
            continue
        products = done_products(ctx, inp.from_job) or {}
        paths = products.get(inp.tag)
        if not paths:
            raise RecipeError(
                job.step.recipe, 0, f"input {inp.tag} from job {inp.from_job[:12]} is not available", "-"
            )
        entries.extend(SofEntry(p, inp.tag) for p in paths)
    return entries


def _run(ctx: Context, job: PlannedJob, sof: list[SofEntry], workdir: Path) -> RecipeRun:
    s = ctx.settings
    timeout_s = min(job.step.timeout_s, s.recipe_timeout_s)
    env = {"OMP_NUM_THREADS": str(job.resources.threads)}
    if job.runner is RunnerKind.PYTHON:
        return run_python(
            job.callable_recipe, sof, workdir, dict(job.step.parameters), timeout_s=timeout_s, env=env
        )
    return run_esorex(
        job.step.recipe,
        sof,
        workdir,
        dict(job.step.parameters),
        timeout_s=timeout_s,
        esorex=s.esorex,
        recipe_dir=s.recipe_dir,
        env=env,
    )


def _mark_running(ctx: Context, job: PlannedJob, workdir: Path) -> None:
    with ctx.db.session() as session:
        row = session.get(Job, job.job_id) or Job(
            id=job.job_id,
            dataset_id=job.dataset_id,
            chain=job.chain,
            step=job.step.name,
            recipe=job.step.recipe,
            runner=job_runner_label(job),
        )
        row.status, row.workdir, row.started, row.finished, row.error = (
            JobStatus.RUNNING,
            str(workdir),
            utcnow(),
            None,
            None,
        )
        row.runner = job_runner_label(job)
        row.parameters = dict(job.step.parameters)
        row.inputs = {"sof": [[i.tag, i.path or f"job:{i.from_job}", i.checksum] for i in job.inputs]}
        row.plugin_version, row.pipeline_version = job.plugin_version, job.pipeline_version
        session.add(row)


def _mark_failed(ctx: Context, job: PlannedJob, error: str, *, create: bool = False) -> None:
    if create:
        _mark_running(ctx, job, job_workdir(ctx, job))
    with ctx.db.session() as session:
        row = session.get(Job, job.job_id)
        if row is not None:
            row.status, row.error, row.finished = JobStatus.FAILED, error[-4000:], utcnow()
            session.add(row)
        dataset = session.get(Dataset, job.dataset_id)
        if dataset is not None:
            dataset.status, dataset.message, dataset.updated = (
                "failed",
                f"{job.step.name}: {error[:2000]}",
                utcnow(),
            )
            session.add(dataset)


def _record(ctx: Context, job: PlannedJob, result: RecipeRun) -> None:
    # Work products are not hashed here: a job's identity, not its files' checksums, is what
    # later jobs depend on, and whatever reaches the archive is hashed when it is ingested.
    qc_defs = ctx.instruments.qc_parameters(job.instrument)
    with ctx.db.session() as session:
        dataset = session.get(Dataset, job.dataset_id)
        session.exec(delete(Product).where(Product.job_id == job.job_id))  # type: ignore[call-overload]
        stale = select(QcValue.id).where(QcValue.job_id == job.job_id)
        session.exec(delete(QcScore).where(QcScore.qc_value_id.in_(stale)))  # type: ignore[attr-defined,call-overload]
        session.exec(delete(QcValue).where(QcValue.job_id == job.job_id))  # type: ignore[call-overload]
        for product in result.products:
            session.add(
                Product(
                    job_id=job.job_id,
                    dataset_id=job.dataset_id,
                    category=product.category,
                    path=product.path,
                )
            )
            for qc in qc_defs:
                if qc.keyword is None or not product.category.startswith(qc.product):
                    continue
                if qc.keyword in product.qc:
                    session.add(
                        _qc_row(job, dataset, product.category, qc.name, product.qc[qc.keyword], qc.unit)
                    )
        row = session.get(Job, job.job_id)
        row.status, row.finished, row.wall_s = JobStatus.DONE, utcnow(), result.wall_s
        row.pipeline_version = result.pipeline_version or row.pipeline_version
        row.runner_version = result.runner_version
        session.add(row)


def _qc_row(
    job: PlannedJob, dataset: Dataset | None, category: str, name: str, value: object, unit: str
) -> QcValue:
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    return QcValue(
        instrument=job.instrument,
        dataset_id=job.dataset_id,
        job_id=job.job_id,
        product_category=category,
        arm=dataset.arm if dataset else "",
        setup_key=setup_key(dataset.setup if dataset else {}),
        name=name,
        value=float(number) if number is not None else None,
        text=None if number is not None else str(value),
        unit=unit,
        mjd_obs=dataset.mjd_obs if dataset else 0.0,
    )


def setup_key(setup: dict) -> str:
    """A compact, stable text for a setup, used to trend like with like."""
    return ",".join(f"{k.removeprefix('ESO ')}={setup[k]}" for k in sorted(setup))
