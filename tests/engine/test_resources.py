"""Resource-aware scheduling and reference recipes: the engine side of jobs' needs and runners."""

from __future__ import annotations

import logging
import random
import threading
import time
from pathlib import Path

import pytest
from sqlmodel import select

from phoenix import InstrumentInfo, JobResources, QcDefinition, RecipeStep, RunnerKind, hookimpl
from phoenix.config import resolve_settings
from phoenix.db.models import Dataset, Job, QcValue
from phoenix.errors import PluginError, ResourceError
from phoenix.plugins import Instruments, new_plugin_manager
from phoenix.production import execute, plan
from phoenix.production.context import open_context
from phoenix.production.resources import ResourceBudget
from tests.engine.pyrecipes import write_raw
from tests.factories import dataset_row

STEP = RecipeStep(
    name="scale",
    recipe="toy_scale",
    inputs=(),
    products=("SCALED",),
    parameters={"factor": 5},
    reference="tests.engine.pyrecipes:scale",
    timeout_s=60,
)


class ToyPlugin:
    @hookimpl
    def phoenix_describe_instrument(self) -> InstrumentInfo:
        return InstrumentInfo(name="toy", instrume=("TOY",), version="1.0", pipeline="toypipe")

    @hookimpl
    def phoenix_declare_qc_parameters(self) -> tuple[QcDefinition, ...]:
        return (QcDefinition("mean", "SCALED", "ESO QC MEAN", "ADU", "mean of the scaled frame"),)


class EstimatingPlugin(ToyPlugin):
    @hookimpl
    def phoenix_estimate_resources(self, step: RecipeStep, inputs: dict[str, int]) -> JobResources:
        return JobResources(memory_mb=500.0 * inputs.get("RAW", 0), threads=2)


class WrongEstimatePlugin(ToyPlugin):
    @hookimpl
    def phoenix_estimate_resources(self, step: RecipeStep, inputs: dict[str, int]) -> dict:
        return {"memory_mb": 1}


def instruments(plugin: object) -> Instruments:
    pm = new_plugin_manager()
    pm.register(plugin, name="toy")
    return Instruments(pm, {})


# --- the budget ----------------------------------------------------------------------------


def test_concurrent_jobs_never_hold_more_than_the_budget() -> None:
    budget = ResourceBudget(memory_mb=1000.0, cores=4, max_jobs=8)
    rng = random.Random(7)
    needs = [JobResources(rng.choice([100.0, 300.0, 600.0, 1000.0]), rng.choice([1, 2])) for _ in range(40)]
    seen: list[tuple[float, int]] = []
    lock = threading.Lock()

    def job(need: JobResources) -> None:
        with budget.reserve("job", need):
            usage = budget.usage()
            with lock:
                seen.append((usage.memory_mb, usage.threads))
            time.sleep(0.01)

    threads = [threading.Thread(target=job, args=(n,)) for n in needs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(seen) == len(needs)
    assert max(m for m, _ in seen) <= 1000.0 and max(t for _, t in seen) <= 4
    usage = budget.usage()
    assert usage.jobs == 0 and usage.memory_mb == 0 and usage.threads == 0
    assert usage.peak_jobs >= 2  # small jobs did run side by side


def test_a_large_job_is_not_starved_by_small_ones() -> None:
    budget = ResourceBudget(memory_mb=1000.0, cores=8, max_jobs=8)
    order: list[str] = []
    hold = threading.Event()

    def job(name: str, mb: float, wait: threading.Event | None = None) -> None:
        with budget.reserve(name, JobResources(mb)):
            order.append(name)
            if wait is not None:
                wait.wait(10)

    first = threading.Thread(target=job, args=("small-0", 400.0, hold))
    first.start()
    time.sleep(0.1)
    big = threading.Thread(target=job, args=("big", 900.0))
    big.start()
    time.sleep(0.1)
    late = threading.Thread(target=job, args=("small-1", 100.0))  # would fit now, but asked later
    late.start()
    time.sleep(0.2)
    assert order == ["small-0"]
    hold.set()
    for t in (first, big, late):
        t.join(10)
    assert order == ["small-0", "big", "small-1"]


def test_a_job_larger_than_the_machine_is_refused_not_started() -> None:
    budget = ResourceBudget(memory_mb=1000.0, cores=2, max_jobs=4)
    with (
        pytest.raises(ResourceError, match="estimated 1500 MB, more than the whole memory budget of 1000 MB"),
        budget.reserve("combine", JobResources(1500.0)),
    ):
        pytest.fail("started")
    with pytest.raises(ResourceError, match="3 threads, more than the 2 cores"):
        budget.check("combine", JobResources(10.0, threads=3))


def test_the_default_budget_is_most_of_the_ram_and_can_be_set(tmp_path: Path) -> None:
    settings = resolve_settings(tmp_path / "ws")
    meminfo = Path("/proc/meminfo").read_text().split("\n")[0].split()
    assert settings.memory_budget_mb == pytest.approx(int(meminfo[1]) / 1024 * 0.8, rel=1e-3)
    small = resolve_settings(
        tmp_path / "ws", overrides={"memory_budget_mb": 2048, "default_job_memory_mb": 512}
    )
    assert ResourceBudget.for_settings(small).memory_mb == 2048


# --- estimates from the plugin -----------------------------------------------------------------


def test_jobs_carry_the_plugins_estimate_or_the_default(tmp_path: Path) -> None:
    settings = resolve_settings(tmp_path / "ws", overrides={"default_job_memory_mb": 700, "omp_threads": 1})
    inputs = [plan.PlannedInput("RAW", f"/r{i}.fits", "x") for i in range(3)]
    estimating = open_context(settings, instruments(EstimatingPlugin()))
    assert plan._resources(estimating, "toy", STEP, inputs) == JobResources(1500.0, 2)
    plain = open_context(settings, instruments(ToyPlugin()))
    assert plan._resources(plain, "toy", STEP, inputs) == JobResources(700.0, 1)
    wrong = open_context(settings, instruments(WrongEstimatePlugin()))
    with pytest.raises(PluginError, match="phoenix_estimate_resources returned dict"):
        plan._resources(wrong, "toy", STEP, inputs)


# --- reference recipes -------------------------------------------------------------------------


def test_the_reference_recipe_stands_in_only_when_the_pipeline_is_absent(tmp_path: Path) -> None:
    recipes = tmp_path / "plugins"
    recipes.mkdir()
    ctx = open_context(resolve_settings(tmp_path / "ws", overrides={"recipe_dir": str(recipes)}))
    assert plan._uses_reference(ctx, STEP, "toypipe")
    (recipes / "toypipe-2.1.0").mkdir()
    assert not plan._uses_reference(ctx, STEP, "toypipe")
    no_reference = RecipeStep(name="s", recipe="toy_scale", inputs=(), products=("SCALED",))
    (recipes / "toypipe-2.1.0").rmdir()
    assert not plan._uses_reference(ctx, no_reference, "toypipe")  # then esorex runs, and fails loudly


def test_a_reference_run_is_said_and_recorded(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = resolve_settings(tmp_path / "ws", overrides={"recipe_dir": str(tmp_path / "none")})
    ctx = open_context(settings, instruments(ToyPlugin()))
    with ctx.db.session() as session:
        dataset = dataset_row("TOY.2016-05-03T01:00:00", instrument="toy", chain="toy")
        session.add(dataset)
        session.commit()
        session.refresh(dataset)
        dataset_id = int(dataset.id or 0)
    raw = write_raw(tmp_path / "raw.fits", 2.0)
    job = plan.PlannedJob(
        "f" * 64, "toy", dataset_id, "TOY.2016-05-03T01:00:00", "toy", STEP,
        (plan.PlannedInput("RAW", str(raw), "c"),), (), "1.0", "toy-1.0-reference", uses_reference=True,
    )  # fmt: skip
    assert job.runner is RunnerKind.PYTHON and job.callable_recipe == "tests.engine.pyrecipes:scale"
    with caplog.at_level(logging.WARNING, logger="phoenix"):
        outcome = execute.run_job(ctx, job)
    assert "pipeline 'toypipe' is not installed: running PHOENIX's reference recipe" in caplog.text
    (path,) = outcome.products["SCALED"]
    from astropy.io import fits

    assert fits.getdata(path).mean() == pytest.approx(10.0)
    with ctx.db.session() as session:
        row = session.exec(select(Job)).one()
        assert (row.recipe, row.runner, row.status) == ("toy_scale", "reference", "done")
        (qc,) = session.exec(select(QcValue)).all()
        assert (qc.name, qc.value) == ("mean", pytest.approx(10.0))


def test_a_refused_job_is_recorded_as_failed(tmp_path: Path) -> None:
    ctx = open_context(resolve_settings(tmp_path / "ws"), instruments(ToyPlugin()))
    with ctx.db.session() as session:
        dataset = dataset_row("TOY.big", instrument="toy", chain="toy")
        session.add(dataset)
        session.commit()
        session.refresh(dataset)
        dataset_id = int(dataset.id or 0)
    job = plan.PlannedJob(
        "e" * 64, "toy", dataset_id, "TOY.big", "toy", STEP, (), (), "1.0", "toy-1.0",
        resources=JobResources(5000.0),
    )  # fmt: skip
    with pytest.raises(ResourceError):
        execute.check_resources(ctx, job, ResourceBudget(1000.0, 2, 2))
    with ctx.db.session() as session:
        assert session.get(Job, job.job_id).status == "failed"
        assert "more than the whole memory budget" in session.get(Dataset, dataset_id).message
