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
