"""Per-process state the tasks share: one engine context per workspace, and Prefect's environment."""

from __future__ import annotations

import functools
import os
import threading

from phoenix.config import Settings
from phoenix.production.context import Context, open_context

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
def recipe_slots(settings: Settings) -> threading.BoundedSemaphore:
    """The recipes that may run at once in this process: ``settings.parallel_jobs``.

    Whatever the task runner's size, recipes x ``OMP_NUM_THREADS`` never exceed the cores given.
    """
    return threading.BoundedSemaphore(settings.parallel_jobs)
