"""Step 6: the machine's budget of memory and cores, shared by the recipes of one process.

Each planned job carries an estimate (:class:`phoenix.types.JobResources`, from the plugin's
``phoenix_estimate_resources`` or the settings' default). A job starts only when its memory and
threads fit in what the running jobs leave, in the order the jobs asked (first come, first
served, so a large combination is not starved by a stream of small jobs). A job that could
never fit is refused with a :class:`ResourceError` before it starts.
"""

from __future__ import annotations

import collections
import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from phoenix.config import Settings
from phoenix.errors import ResourceError
from phoenix.types import JobResources


@dataclass(frozen=True)
class Usage:
    """What the running jobs hold, and the most they ever held together (for tests and benches)."""

    jobs: int
    memory_mb: float
    threads: int
    peak_memory_mb: float
    peak_threads: int
    peak_jobs: int


class ResourceBudget:
    """Memory (MB), threads and a number of jobs, reserved by jobs while they run."""

    def __init__(self, memory_mb: float, cores: int, max_jobs: int) -> None:
        if memory_mb <= 0 or cores < 1 or max_jobs < 1:
            raise ValueError("a resource budget needs positive memory, cores and jobs")
        self.memory_mb, self.cores, self.max_jobs = memory_mb, cores, max_jobs
        self._cond = threading.Condition()
        self._queue: collections.deque[object] = collections.deque()
        self._jobs, self._memory, self._threads = 0, 0.0, 0
        self._peak = (0.0, 0, 0)

    @classmethod
    def for_settings(cls, settings: Settings) -> ResourceBudget:
        return cls(settings.memory_budget_mb, settings.cores, settings.max_workers)

    def check(self, label: str, need: JobResources) -> None:
        """Raise :class:`ResourceError` when ``need`` could never fit, even on an idle machine."""
        if need.memory_mb > self.memory_mb:
            raise ResourceError(
                f"{label}: needs an estimated {need.memory_mb:.0f} MB, more than the whole memory budget"
                f" of {self.memory_mb:.0f} MB (memory_budget_mb); not started"
            )
        if need.threads > self.cores:
            raise ResourceError(
                f"{label}: needs {need.threads} threads, more than the {self.cores} cores given; not started"
            )

    @contextlib.contextmanager
    def reserve(self, label: str, need: JobResources) -> Iterator[None]:
        """Hold ``need`` while the block runs; wait (first come, first served) until it fits."""
        self.check(label, need)
        ticket = object()
        with self._cond:
            self._queue.append(ticket)
            try:
                self._cond.wait_for(lambda: self._queue[0] is ticket and self._fits(need))
            finally:
                self._queue.remove(ticket)
                self._cond.notify_all()
            self._jobs += 1
            self._memory += need.memory_mb
            self._threads += need.threads
            peak_memory, peak_threads, peak_jobs = self._peak
            self._peak = (
                max(peak_memory, self._memory),
                max(peak_threads, self._threads),
                max(peak_jobs, self._jobs),
            )
        try:
            yield
        finally:
            with self._cond:
                self._jobs -= 1
                self._memory -= need.memory_mb
                self._threads -= need.threads
                self._cond.notify_all()

    def _fits(self, need: JobResources) -> bool:
        return (
            self._jobs < self.max_jobs
            and self._memory + need.memory_mb <= self.memory_mb + 1e-9
            and self._threads + need.threads <= self.cores
        )

    def usage(self) -> Usage:
        with self._cond:
            return Usage(self._jobs, self._memory, self._threads, *self._peak)
