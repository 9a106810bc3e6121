"""Deep cubes: every reduced exposure of one target and setup, across OBs and nights, combined once.

The seed's outlook: the per-OB datasets end with one cube each; a deep cube resamples the
reduced pixel tables (the products of the science chain's per-exposure step, e.g. MUSE's
PIXTABLE_REDUCED) of *all* finished OBs of a target with the same setup in one combination.

The combination is an ordinary job of the engine (identity, SOF, resource reservation, products,
idempotence): its dataset is a ``deep`` science dataset whose members are the raw exposures of
every OB it combines, so the cube's PROVi name each of them. Its step is the science chain's
last step with its reduced-exposure input taken from the OBs' jobs instead of an earlier step.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import select

from phoenix import keywords as kw
from phoenix.db.models import Dataset, DatasetMember, DatasetStatus, Job, JobStatus, Product, utcnow
from phoenix.errors import PhoenixError
from phoenix.headers import read_primary_header
from phoenix.jobs import installed_pipeline_version, job_identity
from phoenix.production.context import Context
from phoenix.production.cubes import science_exposures, write_cubes
from phoenix.production.datasets import lead_frame, trigger_frames
from phoenix.production.execute import setup_key
from phoenix.production.plan import PlannedInput, PlannedJob, chain_of
from phoenix.production.publish import _record_sdp
from phoenix.types import ChainKind, JobResources, RecipeStep, StepInput

DEEP_CHAIN = "deep"
DEEP_NIGHT = "deep"  # deep datasets belong to no single night
FINISHED = (DatasetStatus.CERTIFIED.value, DatasetStatus.PROPRIETARY.value, DatasetStatus.INGESTED.value)
TARGET_KEYS = (kw.OBS_TARG_NAME, kw.OBJECT)


@dataclass(frozen=True)
class DeepSelection:
    """The finished OB datasets of one target and setup, and their reduced exposures."""

    target: str
    setup: str
    datasets: tuple[Dataset, ...]
    reduced: tuple[tuple[str, str], ...]  # (path, identity: producing job + file name)


def target_of(ctx: Context, dataset: Dataset) -> str:
    header = read_primary_header(Path(lead_frame(ctx, dataset).path))
    return next((str(header[k]).strip() for k in TARGET_KEYS if k in header), "")


def select_exposures(ctx: Context, instrument: str, target: str) -> list[DeepSelection]:
    """Per setup, the finished science OBs of ``target`` and the reduced exposures their jobs wrote."""
    chain = _science_chain(ctx, instrument)
    reduced_tag = _reduced_tag(chain.steps[-1])
    with ctx.db.session() as session:
        datasets = list(
            session.exec(
                select(Dataset).where(
                    Dataset.instrument == instrument,
                    Dataset.kind == ChainKind.SCIENCE.value,
                    Dataset.chain == chain.name,
                    Dataset.status.in_(FINISHED),  # type: ignore[attr-defined]
                )
            )
        )
    by_setup: dict[str, list[Dataset]] = {}
    for dataset in sorted(datasets, key=lambda d: d.mjd_obs):
        if target_of(ctx, dataset) == target:
            by_setup.setdefault(setup_key(dataset.setup), []).append(dataset)
    return [
        DeepSelection(target, setup, tuple(group), tuple(_reduced(ctx, group, reduced_tag)))
        for setup, group in by_setup.items()
    ]


def _science_chain(ctx: Context, instrument: str):  # type: ignore[no-untyped-def]
    chains = [c for c in ctx.instruments.chains(instrument) if c.kind is ChainKind.SCIENCE]
    if len(chains) != 1:
        raise PhoenixError(f"{instrument}: a deep combination needs exactly one science chain")
    return chains[0]


def _reduced_tag(step: RecipeStep) -> str:
    feeds = [i for i in step.inputs if i.source.startswith("step:")]
    if len(feeds) != 1:
        raise PhoenixError(f"step {step.name}: a deep combination needs one input from an earlier step")
    return feeds[0].tag


def _reduced(ctx: Context, datasets: list[Dataset], tag: str) -> list[tuple[str, str]]:
    from phoenix.production.publish import dataset_jobs

    found = []
    with ctx.db.session() as session:
        for dataset in datasets:
            jobs = dataset_jobs(ctx, dataset)
            rows = session.exec(
                select(Product)
                .join(Job, Job.id == Product.job_id)
                .where(Product.job_id.in_(jobs), Product.category == tag, Job.status == JobStatus.DONE)  # type: ignore[attr-defined]
            )
            found += [(p.path, f"{p.job_id}:{Path(p.path).name}") for p in rows]
    return sorted(found, key=lambda item: item[1])


def define_deep_dataset(ctx: Context, instrument: str, selection: DeepSelection) -> Dataset:
    """The ``deep`` dataset of a selection (found again when it exists), its members all raw exposures."""
    digest = hashlib.sha256(selection.setup.encode()).hexdigest()[:8]
    name = f"{instrument}:{DEEP_CHAIN}:{selection.target}:{digest}"
    first = selection.datasets[0]
    frames = [f for d in selection.datasets for f in trigger_frames(ctx, d)]
    with ctx.db.session() as session:
        dataset = session.exec(select(Dataset).where(Dataset.name == name)).first()
        if dataset is None:
            dataset = Dataset(
                name=name,
                instrument=instrument,
                night=DEEP_NIGHT,
                kind=ChainKind.SCIENCE.value,
                category=first.category,
                arm=first.arm,
                chain=DEEP_CHAIN,
                mjd_obs=first.mjd_obs,
                setup=dict(first.setup),
                updated=utcnow(),
            )
            session.add(dataset)
            session.flush()
        known = {
            m.frame_id
            for m in session.exec(select(DatasetMember).where(DatasetMember.dataset_id == dataset.id))
        }
        for frame in frames:
            if frame.id not in known:
                session.add(DatasetMember(dataset_id=dataset.id, frame_id=frame.id, tag=frame.category or ""))
        session.flush()
        session.refresh(dataset)
        return dataset


def plan_deep(ctx: Context, deep: Dataset, selection: DeepSelection) -> PlannedJob:
    """The combination job: the science chain's last step on every reduced exposure of the selection."""
    chain = chain_of(ctx, selection.datasets[0])
    last = chain.steps[-1]
    tag = _reduced_tag(last)
    if len(selection.reduced) < 2:
        raise PhoenixError(f"{deep.name}: a deep combination needs at least two reduced exposures")
    step = RecipeStep(
        name=DEEP_CHAIN,
        recipe=last.recipe,
        inputs=tuple(StepInput(i.tag, "raw" if i.tag == tag else i.source, i.required) for i in last.inputs),
        products=last.products,
        parameters=last.parameters,
        runner=last.runner,
        timeout_s=last.timeout_s,
    )
    info = ctx.instruments.info(deep.instrument)
    inputs = tuple(PlannedInput(tag, path, identity) for path, identity in selection.reduced)
    pipeline = installed_pipeline_version(ctx.settings.recipe_dir, info.pipeline)
    job_id = job_identity(
        instrument=info.name,
        plugin_version=info.version,
        pipeline_version=pipeline,
        recipe=step.recipe,
        parameters=dict(step.parameters),
        inputs=[(i.tag, i.checksum) for i in inputs],
    )
    default = JobResources(ctx.settings.default_job_memory_mb, ctx.settings.omp_threads)
    resources = ctx.instruments.call_optional(
        deep.instrument, "phoenix_estimate_resources", default, step=step, inputs={tag: len(inputs)}
    )
    return PlannedJob(
        job_id, deep.instrument, int(deep.id or 0), deep.name, DEEP_CHAIN, step, inputs, (), info.version,
        pipeline, resources,
    )  # fmt: skip


def publish_deep(ctx: Context, deep: Dataset, job: PlannedJob) -> list[str]:
    """Write the deep cube and its white-light image (PROVi: every raw exposure of every OB)."""
    with ctx.db.session() as session:
        rows = list(session.exec(select(Product).where(Product.job_id == job.job_id)))
    products: dict[str, tuple[str, ...]] = {}
    for p in rows:
        products[p.category] = (*products.get(p.category, ()), p.path)
    if not products:
        raise PhoenixError(f"{deep.name}: the combination wrote no product")
    out_dir = ctx.settings.work_root / deep.instrument / "sdp" / deep.name.replace(":", "_")
    written = write_cubes(
        ctx, deep.instrument, products, science_exposures(ctx, [deep]), out_dir, {}, suffix="DEEP"
    )
    for category, paths in written.items():
        _record_sdp(ctx, deep, job.job_id, paths, category=category)
    return [p for paths in written.values() for p in paths]
