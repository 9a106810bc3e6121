"""Per-process state the tasks share: one engine context per workspace, and Prefect's environment."""

from __future__ import annotations

import functools
import os

from phoenix.config import Settings
from phoenix.production.context import Context, open_context
from phoenix.production.resources import ResourceBudget

# Prefect must not phone home (no network here) and its temporary server needs more than the
# default 20 s to start on these machines (measured: 13-29 s).
PREFECT_DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_EXTRA_LOGGERS": "phoenix",
}


def prepare_prefect_environment() -> None:
    """Set Prefect's environment defaults; call before ``import prefect``."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)


@functools.cache
def context(settings: Settings) -> Context:
    """The engine context for these settings, opened once per process."""
    return open_context(settings)


@functools.cache
def resource_budget(settings: Settings) -> ResourceBudget:
    """The memory, cores and job slots the recipes of this process share.

    Whatever the task runner's size, recipes never hold more than ``memory_budget_mb`` by their
    estimates, their threads (``OMP_NUM_THREADS``) never exceed the cores given, and at most
    ``max_workers`` run at once.
    """
    return ResourceBudget.for_settings(settings)
