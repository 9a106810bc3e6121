from pathlib import Path

import pytest

from phoenix.config import resolve_settings
from phoenix.errors import ConfigError


def test_defaults_put_everything_in_the_workspace(workspace: Path) -> None:
    s = resolve_settings()
    assert s.workspace == workspace
    assert s.database_url == f"sqlite:///{workspace / 'phoenix.db'}"
    assert s.archive_root == workspace / "archive"
    assert s.max_workers >= 1


def test_precedence_defaults_file_env_overrides(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace.mkdir(parents=True)
    (workspace / "phoenix.toml").write_text("[phoenix]\nmax_workers = 3\nrecipe_timeout_s = 60\n")
    assert resolve_settings().max_workers == 3
    monkeypatch.setenv("PHOENIX_MAX_WORKERS", "5")
    assert resolve_settings().max_workers == 5
    s = resolve_settings(overrides={"max_workers": 7})
    assert (s.max_workers, s.recipe_timeout_s) == (7, 60.0)
    monkeypatch.setenv("PHOENIX_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert resolve_settings().database_url == "postgresql+psycopg://u@h/db"


def test_bad_settings_are_named(workspace: Path) -> None:
    workspace.mkdir(parents=True)
    (workspace / "phoenix.toml").write_text("[phoenix]\nmax_wokers = 3\n")
    with pytest.raises(ConfigError, match="max_wokers"):
        resolve_settings()
    (workspace / "phoenix.toml").unlink()
    with pytest.raises(ConfigError, match="max_workers must be >= 1"):
        resolve_settings(overrides={"max_workers": 0})


def test_digest_changes_with_settings(workspace: Path) -> None:
    assert resolve_settings().digest() != resolve_settings(overrides={"max_workers": 99}).digest()


def test_recipe_threads_times_parallel_jobs_never_exceed_the_cores(workspace: Path) -> None:
    s = resolve_settings(overrides={"cores": 8, "max_workers": 8, "omp_threads": 3})
    assert s.parallel_jobs == 2  # 2 x 3 threads <= 8 cores; a third job would make 9
    assert resolve_settings(overrides={"cores": 8, "max_workers": 3, "omp_threads": 2}).parallel_jobs == 3
    assert resolve_settings(overrides={"cores": 4, "max_workers": 9, "omp_threads": 4}).parallel_jobs == 1
    for threads, cores in ((3, 4), (1, 2), (2, 16), (5, 16)):
        s = resolve_settings(overrides={"cores": cores, "max_workers": 99, "omp_threads": threads})
        assert s.parallel_jobs * s.omp_threads <= cores


def test_more_recipe_threads_than_cores_is_refused(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHOENIX_CORES", "2")
    with pytest.raises(ConfigError, match=r"omp_threads must be between 1 and cores \(2\), got 4"):
        resolve_settings(overrides={"omp_threads": 4})
    with pytest.raises(ConfigError, match="omp_threads"):
        resolve_settings(overrides={"omp_threads": 0})


def test_the_flows_hold_recipes_to_the_cores(workspace: Path) -> None:
    import threading

    from flows.runtime import resource_budget
    from phoenix.types import JobResources

    settings = resolve_settings(overrides={"cores": 4, "max_workers": 16, "omp_threads": 2})
    budget = resource_budget(settings)
    assert budget is resource_budget(settings)
    need = JobResources(100.0, settings.omp_threads)
    started, release = threading.Semaphore(0), threading.Event()

    def job() -> None:
        with budget.reserve("job", need):
            started.release()
            release.wait(10)

    threads = [threading.Thread(target=job) for _ in range(3)]
    for t in threads:
        t.start()
    assert started.acquire(timeout=5) and started.acquire(timeout=5)
    assert not started.acquire(timeout=0.3)  # a third job would make 6 threads on 4 cores
    assert budget.usage().threads == 4
    release.set()
    for t in threads:
        t.join(5)
    assert budget.usage().peak_threads == 4
