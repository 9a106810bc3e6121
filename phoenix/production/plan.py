"""Step 6a: turn a dataset and its chain into jobs with content-addressed identities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import select

from phoenix.db.models import ArchiveEntry, Association, Dataset, DatasetMember, Frame
from phoenix.errors import AssociationError
from phoenix.jobs import installed_pipeline_version, job_identity, pipeline_installed
from phoenix.production.context import Context
from phoenix.types import JobResources, RecipeChain, RecipeStep, RunnerKind, Source


@dataclass(frozen=True)
class PlannedInput:
    """One SOF entry: a file known now, or a product of an earlier job of the same chain."""

    tag: str
    path: str | None
    checksum: str
    from_job: str | None = None


@dataclass(frozen=True)
class PlannedJob:
    job_id: str
    instrument: str
    dataset_id: int
    dataset_name: str
    chain: str
    step: RecipeStep
    inputs: tuple[PlannedInput, ...]
    depends_on: tuple[str, ...]
    plugin_version: str
    pipeline_version: str
    resources: JobResources = JobResources(1024.0)  # noqa: RUF009 (frozen, shared safely)
    # True when the step's pipeline is not installed and its reference recipe (Python) runs
    uses_reference: bool = False

    @property
    def label(self) -> str:
        return f"{self.dataset_name} {self.step.name}"

    @property
    def runner(self) -> RunnerKind:
        """The runner that actually runs the job (python for a reference recipe)."""
        return RunnerKind.PYTHON if self.uses_reference else self.step.runner

    @property
    def callable_recipe(self) -> str:
        """What the runner is given: the esorex recipe, or the Python ``module:function``."""
        return self.step.reference if self.uses_reference else self.step.recipe


def chain_of(ctx: Context, dataset: Dataset) -> RecipeChain:
    for chain in ctx.instruments.chains(dataset.instrument):
        if chain.name == dataset.chain:
            return chain
    raise AssociationError(f"{dataset.name}: instrument has no chain {dataset.chain!r}")


def plan_dataset(ctx: Context, dataset: Dataset) -> list[PlannedJob]:
    """The jobs of the dataset's chain, in order, each with its identity and inputs."""
    chain = chain_of(ctx, dataset)
    info = ctx.instruments.info(dataset.instrument)
    raw, calib = _available_inputs(ctx, dataset)
    planned: dict[str, PlannedJob] = {}
    for step in chain.steps:
        inputs: list[PlannedInput] = []
        for inp in step.inputs:
            if inp.source.startswith("step:"):
                inputs.append(
                    PlannedInput(
                        inp.tag, None, planned[inp.source[5:]].job_id, planned[inp.source[5:]].job_id
                    )
                )
                continue
            pool = raw if inp.source == Source.RAW else calib
            found = pool.get(inp.tag, [])
            if not found and inp.required:
                raise AssociationError(
                    f"{dataset.name}: step {step.name} needs {inp.tag} ({inp.source}); none associated"
                )
            inputs.extend(PlannedInput(inp.tag, path, checksum) for path, checksum in found)
        reference = _uses_reference(ctx, step, info.pipeline)
        if reference:
            pipeline = f"{info.name}-{info.version}-reference"
        elif step.runner is RunnerKind.ESOREX:
            pipeline = installed_pipeline_version(ctx.settings.recipe_dir, info.pipeline)
        else:
            pipeline = f"{info.name}-{info.version}"
        identity = job_identity(
            instrument=info.name,
            plugin_version=info.version,
            pipeline_version=pipeline,
            recipe=step.reference if reference else step.recipe,
            parameters=dict(step.parameters),
            inputs=[(i.tag, i.checksum) for i in inputs],
        )
        depends = tuple(sorted({i.from_job for i in inputs if i.from_job}))
        planned[step.name] = PlannedJob(
            identity,
            dataset.instrument,
            int(dataset.id or 0),
            dataset.name,
            chain.name,
            step,
            tuple(inputs),
            depends,
            info.version,
            pipeline,
            _resources(ctx, dataset.instrument, step, inputs),
            reference,
        )
    return list(planned.values())


def _uses_reference(ctx: Context, step: RecipeStep, pipeline: str) -> bool:
    """True when an esorex step has a reference recipe and its pipeline is not installed."""
    return (
        step.runner is RunnerKind.ESOREX
        and bool(step.reference)
        and not pipeline_installed(ctx.settings.recipe_dir, pipeline)
    )


def _resources(ctx: Context, instrument: str, step: RecipeStep, inputs: list[PlannedInput]) -> JobResources:
    """The plugin's estimate for this job, or the settings' default when it gives none."""
    counts: dict[str, int] = {}
    for inp in inputs:
        counts[inp.tag] = counts.get(inp.tag, 0) + 1
    default = JobResources(ctx.settings.default_job_memory_mb, ctx.settings.omp_threads)
    return ctx.instruments.call_optional(
        instrument, "phoenix_estimate_resources", default, step=step, inputs=counts
    )


def _available_inputs(
    ctx: Context, dataset: Dataset
) -> tuple[dict[str, list[tuple[str, str]]], dict[str, Any]]:
    """Raw members by tag, and associated calibration files by category: (path, checksum) lists."""
    raw: dict[str, list[tuple[str, str]]] = {}
    calib: dict[str, list[tuple[str, str]]] = {}
    with ctx.db.session() as session:
        members = session.exec(
            select(DatasetMember, Frame).where(
                DatasetMember.dataset_id == dataset.id, DatasetMember.frame_id == Frame.id
            )
        )
        for member, frame in members:
            raw.setdefault(member.tag, []).append((frame.path, frame.checksum))
        associations = session.exec(
            select(Association).where(
                Association.dataset_id == dataset.id,
                Association.status == "ok",
                Association.source != Source.RAW,
            )
        )
        for assoc in associations:
            entry = session.exec(
                select(ArchiveEntry).where(
                    ArchiveEntry.kind == assoc.source, ArchiveEntry.name == assoc.target
                )
            ).first()
            if entry is not None:
                calib.setdefault(assoc.category, []).append((str(ctx.archive.path_of(entry)), entry.checksum))
    for pool in (raw, calib):
        for tag in pool:
            pool[tag].sort()
    return raw, calib
