"""Configuration, resolved once per run and frozen.

Precedence (lowest first): built-in defaults < ``<workspace>/phoenix.toml`` < environment
(``PHOENIX_*``) < explicit overrides (the command line). This is the only module that reads the
environment. The resolved settings are stored with every run and hashed into its record.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from phoenix.errors import ConfigError

WORKSPACE_ENV = "PHOENIX_WORKSPACE"
DEFAULT_WORKSPACE = "phoenix-workspace"
PROJECT_FILE = "phoenix.toml"


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know about where and how to work."""

    workspace: Path
    database_url: str
    max_workers: int
    recipe_timeout_s: float
    esorex: str
    recipe_dir: str
    omp_threads: int

    @property
    def archive_root(self) -> Path:
        return self.workspace / "archive"

    @property
    def work_root(self) -> Path:
        return self.workspace / "work"

    def as_record(self) -> dict[str, Any]:
        """A JSON-able view, for the run record."""
        record = asdict(self)
        record["workspace"] = str(self.workspace)
        return record

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.as_record(), sort_keys=True).encode()).hexdigest()[:16]


_ENV = {
    "database_url": "PHOENIX_DATABASE_URL",
    "max_workers": "PHOENIX_MAX_WORKERS",
    "recipe_timeout_s": "PHOENIX_RECIPE_TIMEOUT",
    "esorex": "PHOENIX_ESOREX",
    "recipe_dir": "PHOENIX_RECIPE_DIR",
    "omp_threads": "PHOENIX_OMP_THREADS",
}


def _defaults(workspace: Path) -> dict[str, Any]:
    return {
        "database_url": f"sqlite:///{workspace / 'phoenix.db'}",
        "max_workers": os.cpu_count() or 1,
        "recipe_timeout_s": 1800.0,
        "esorex": "esorex",
        "recipe_dir": "/usr/lib/x86_64-linux-gnu/cpl/plugins",
        "omp_threads": 1,
    }


def resolve_workspace(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The workspace: explicit > ``$PHOENIX_WORKSPACE`` > ``./phoenix-workspace``."""
    chosen = explicit or os.environ.get(WORKSPACE_ENV) or DEFAULT_WORKSPACE
    return Path(chosen).expanduser().resolve()


def resolve_settings(
    workspace: str | os.PathLike[str] | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Resolve the settings once, from every source in order of precedence."""
    ws = resolve_workspace(workspace)
    values = _defaults(ws)
    project_file = ws / PROJECT_FILE
    if project_file.exists():
        try:
            values.update(tomllib.loads(project_file.read_text()).get("phoenix", {}))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{project_file}: {exc}") from exc
    for name, env in _ENV.items():
        if env in os.environ:
            values[name] = os.environ[env]
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    known = {f.name for f in fields(Settings)} - {"workspace"}
    unknown = set(values) - known
    if unknown:
        raise ConfigError(f"unknown setting(s) {sorted(unknown)}; known: {sorted(known)}")
    try:
        settings = Settings(
            workspace=ws,
            database_url=str(values["database_url"]),
            max_workers=int(values["max_workers"]),
            recipe_timeout_s=float(values["recipe_timeout_s"]),
            esorex=str(values["esorex"]),
            recipe_dir=str(values["recipe_dir"]),
            omp_threads=int(values["omp_threads"]),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"invalid setting: {exc}") from exc
    if settings.max_workers < 1:
        raise ConfigError(f"max_workers must be >= 1, got {settings.max_workers}")
    return settings
