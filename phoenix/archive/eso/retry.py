"""Retries with exponential backoff: for 5xx answers and transport failures, never for 4xx.

A 401, 403 or 404 says something about the request itself (no right, no file); asking again
cannot change it, so those fail at once. Everything else that fails is infrastructure: a busy
server (5xx), a time-out, a connection dropped mid-body.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import httpx

logger = logging.getLogger(__name__)
T = TypeVar("T")
MAX_DELAY_S = 30.0


class Transient(Exception):
    """A failure worth another try (the caller raises it for 5xx and broken bodies)."""

    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


class GaveUp(Exception):
    """Every attempt failed transiently; carries the last reason."""

    def __init__(self, reason: str, status: int | None, attempts: int) -> None:
        super().__init__(f"{reason} (after {attempts} attempt(s))")
        self.reason = reason
        self.status = status
        self.attempts = attempts


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    backoff_s: float = 1.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Full jitter over an exponentially growing window; a server's Retry-After is a floor."""
        window = min(MAX_DELAY_S, self.backoff_s * 2**attempt)
        delay = random.uniform(window / 2, window)
        return min(MAX_DELAY_S, max(delay, retry_after or 0.0))

    def call(self, action: Callable[[], T], what: str) -> T:
        """Run ``action`` until it succeeds, raises a non-transient error, or attempts run out.

        :raises GaveUp: when every attempt failed transiently.
        """
        last = Transient("not attempted")
        for attempt in range(self.attempts):
            try:
                return action()
            except Transient as exc:
                last = exc
            except httpx.TimeoutException as exc:
                last = Transient(f"timed out ({type(exc).__name__})")
            except httpx.TransportError as exc:
                last = Transient(f"transport error: {type(exc).__name__}: {exc}")
            if attempt + 1 < self.attempts:
                delay = self.delay(attempt, last.retry_after)
                logger.info(
                    "%s: %s; retry %d of %d in %.2f s",
                    what,
                    last.reason,
                    attempt + 1,
                    self.attempts - 1,
                    delay,
                )
                self.sleep(delay)
        raise GaveUp(last.reason, last.status, self.attempts)


def check_status(response: httpx.Response) -> None:
    """Raise :class:`Transient` for a 5xx; leave 4xx to the caller (who turns it into its own error)."""
    if response.status_code >= 500:
        raise Transient(
            f"HTTP {response.status_code} {response.reason_phrase}",
            response.status_code,
            _retry_after(response),
        )


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None
