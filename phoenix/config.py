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
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from phoenix.errors import ConfigError

WORKSPACE_ENV = "PHOENIX_WORKSPACE"
ESO_ENV_PREFIX = "PHOENIX_ESO_"
DEFAULT_WORKSPACE = "phoenix-workspace"
PROJECT_FILE = "phoenix.toml"


class Secret:
    """A credential: ``***`` in reprs, logs and run records; :meth:`reveal` gives the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret:
        return self


@dataclass(frozen=True)
class EsoSettings:
    """The ESO archive services the ``eso`` backend talks to, and how.

    Each field can be set in ``[phoenix.eso]`` of ``phoenix.toml`` or by ``PHOENIX_ESO_<FIELD>``
    (``PHOENIX_ESO_USERNAME``, ``PHOENIX_ESO_PASSWORD``, ``PHOENIX_ESO_TOKEN_FILE``, ...). Credentials
    are needed only for proprietary data; the password never reaches a record, a log or a digest.
    """

    tap_url: str = "https://archive.eso.org/tap_obs"
    tap_table: str = "dbo.raw"  # or ist.<instrument>
    dataportal_url: str = "https://dataportal.eso.org/dataPortal/file"
    calselector_url: str = "https://archive.eso.org/calselector/v1/associations"
    token_url: str = "https://www.eso.org/sso/oidc/token"
    username: str = ""
    password: Secret | None = field(default=None, repr=False)
    token_file: str = ""  # a file holding a bearer token obtained elsewhere
    max_concurrency: int = 4  # simultaneous downloads
    attempts: int = 5  # tries of one request on 5xx and time-outs (never on 4xx)
    backoff_s: float = 1.0  # first retry delay; doubles each time, with jitter
    timeout_s: float = 60.0
    async_after_nights: int = 2  # longer night ranges go through asynchronous TAP
    token_margin_s: float = 60.0  # refresh a token this long before it expires
    fetch_masters: bool = True  # also fetch the master calibrations calSelector associates

    @property
    def has_credentials(self) -> bool:
        return bool(self.token_file) or bool(self.username and self.password)

    def as_record(self) -> dict[str, Any]:
        record = {f.name: getattr(self, f.name) for f in fields(self)}
        record["password"] = "***" if self.password else ""
        return record


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
    eso: EsoSettings = field(default_factory=EsoSettings)
    cores: int = field(default_factory=lambda: os.cpu_count() or 1)
    memory_budget_mb: float = field(default_factory=lambda: default_memory_budget_mb())
    default_job_memory_mb: float = 1024.0  # a job's estimate when its plugin gives none

    @property
    def parallel_jobs(self) -> int:
        """How many recipes may run at once: ``max_workers``, but never more threads than ``cores``.

        Each recipe runs ``omp_threads`` OpenMP threads, so jobs x threads stays <= cores.
        """
        return max(1, min(self.max_workers, self.cores // self.omp_threads))

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
        record["eso"] = self.eso.as_record()
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
    "cores": "PHOENIX_CORES",
    "memory_budget_mb": "PHOENIX_MEMORY_BUDGET_MB",
    "default_job_memory_mb": "PHOENIX_DEFAULT_JOB_MEMORY_MB",
}


def default_memory_budget_mb(fraction: float = 0.8) -> float:
    """``fraction`` of the machine's RAM (``/proc/meminfo`` MemTotal), in MB; 4 GB where unknown.

    The rest is left to the operating system, the database and the flow itself.
    """
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 * fraction, 1)
    except OSError:
        pass
    return 4096.0


def _defaults(workspace: Path) -> dict[str, Any]:
    return {
        "database_url": f"sqlite:///{workspace / 'phoenix.db'}",
        "max_workers": os.cpu_count() or 1,
        "recipe_timeout_s": 1800.0,
        "esorex": "esorex",
        "recipe_dir": "/usr/lib/x86_64-linux-gnu/cpl/plugins",
        "omp_threads": 1,
        "cores": os.cpu_count() or 1,
        "memory_budget_mb": default_memory_budget_mb(),
        "default_job_memory_mb": 1024.0,
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
    overrides = dict(overrides or {})
    values["eso"] = _eso_settings(values.get("eso", {}), overrides.pop("eso", None))
    values.update({k: v for k, v in overrides.items() if v is not None})
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
            eso=values["eso"],
            cores=int(values["cores"]),
            memory_budget_mb=float(values["memory_budget_mb"]),
            default_job_memory_mb=float(values["default_job_memory_mb"]),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"invalid setting: {exc}") from exc
    if settings.max_workers < 1:
        raise ConfigError(f"max_workers must be >= 1, got {settings.max_workers}")
    if not 0 < settings.default_job_memory_mb <= settings.memory_budget_mb:
        raise ConfigError(
            f"default_job_memory_mb ({settings.default_job_memory_mb}) must be positive and fit in"
            f" memory_budget_mb ({settings.memory_budget_mb})"
        )
    if not 1 <= settings.omp_threads <= settings.cores:
        raise ConfigError(
            f"omp_threads must be between 1 and cores ({settings.cores}), got {settings.omp_threads}:"
            " one recipe may not use more threads than the cores given (set cores or PHOENIX_CORES)"
        )
    return settings


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def _eso_settings(project: Any, override: Any) -> EsoSettings:
    """ESO settings: defaults < ``[phoenix.eso]`` < ``PHOENIX_ESO_*`` < overrides (mapping or EsoSettings)."""
    if isinstance(override, EsoSettings):
        return override
    if not isinstance(project, Mapping):
        raise ConfigError(f"[phoenix.eso] must be a table, got {project!r}")
    known = {f.name: f for f in fields(EsoSettings)}
    raw: dict[str, Any] = dict(project)
    for name in known:
        env = ESO_ENV_PREFIX + name.upper()
        if env in os.environ:
            raw[name] = os.environ[env]
    raw.update({k: v for k, v in dict(override or {}).items() if v is not None})
    unknown = set(raw) - set(known)
    if unknown:
        raise ConfigError(f"unknown ESO setting(s) {sorted(unknown)}; known: {sorted(known)}")
    defaults = EsoSettings()
    try:
        values = {name: _convert(value, getattr(defaults, name), name) for name, value in raw.items()}
    except ValueError as exc:
        raise ConfigError(f"invalid ESO setting: {exc}") from exc
    eso = EsoSettings(**values)
    if eso.max_concurrency < 1 or eso.attempts < 1:
        raise ConfigError(
            f"ESO max_concurrency and attempts must be >= 1, got {eso.max_concurrency} and {eso.attempts}"
        )
    return eso


def _convert(value: Any, default: Any, name: str) -> Any:
    if name == "password":
        return value if isinstance(value, Secret) or value is None else Secret(str(value))
    if isinstance(default, bool):
        text = str(value).strip().lower()
        if text not in _TRUE | _FALSE:
            raise ValueError(f"{name} must be true or false, got {value!r}")
        return text in _TRUE
    return type(default)(value)
