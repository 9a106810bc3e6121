"""ESO's TAP service (``tap_obs``): synchronous queries, and asynchronous (UWS) ones for long ranges.

Results are asked for as CSV (``RESPONSEFORMAT=csv``) and read into :class:`RawFrameRecord`s;
extra columns are ignored, so ``SELECT *`` answers (such as the recorded ones) read too.
"""

from __future__ import annotations

import csv
import io
import logging
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import httpx

from phoenix.archive.eso.retry import GaveUp, RetryPolicy, check_status
from phoenix.archive.source import RawFrameRecord
from phoenix.errors import TapQueryError

logger = logging.getLogger(__name__)
FORM = {"REQUEST": "doQuery", "LANG": "ADQL", "RESPONSEFORMAT": "csv"}
FINAL_PHASES = {"COMPLETED", "ERROR", "ABORTED"}
FIRST_POLL_S, MAX_POLL_S = 0.2, 5.0


class TapService:
    """One TAP endpoint; ``headers`` gives the headers of each request (a token when authenticated)."""

    def __init__(
        self,
        client: httpx.Client,
        url: str,
        retry: RetryPolicy,
        *,
        timeout_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self.url = url.rstrip("/")
        self._retry = retry
        self._timeout_s = timeout_s
        self._clock = clock

    def sync(self, query: str, headers: Mapping[str, str] | None = None) -> str:
        """Run ``query`` synchronously; returns the CSV text."""
        url = f"{self.url}/sync"
        response = self._request("POST", url, query, data={**FORM, "QUERY": query}, headers=headers)
        return response.text

    def run_async(self, query: str, headers: Mapping[str, str] | None = None) -> str:
        """Run ``query`` as a UWS job: create and start it, poll its phase, read the result, delete it."""
        create = f"{self.url}/async"
        response = self._request(
            "POST", create, query, data={**FORM, "QUERY": query, "PHASE": "RUN"}, headers=headers
        )
        location = response.headers.get("Location")
        if response.status_code not in (200, 201, 303) or not location:
            raise TapQueryError(create, "no job location in the answer", query, response.status_code)
        job = urljoin(create + "/", location)
        try:
            self._wait(job, query, headers)
            return self._request("GET", f"{job}/results/result", query, headers=headers).text
        finally:
            try:
                self._client.delete(job, headers=headers)
            except httpx.HTTPError as exc:
                logger.info("could not delete TAP job %s: %s", job, exc)

    def _wait(self, job: str, query: str, headers: Mapping[str, str] | None) -> None:
        deadline = self._clock() + self._timeout_s
        pause = FIRST_POLL_S
        while True:
            phase = self._request("GET", f"{job}/phase", query, headers=headers).text.strip().upper()
            if phase == "COMPLETED":
                return
            if phase in FINAL_PHASES:
                error = self._request("GET", f"{job}/error", query, headers=headers, allow=(404,)).text
                raise TapQueryError(job, f"job ended in phase {phase}: {error.strip()[:300]}", query)
            if self._clock() > deadline:
                raise TapQueryError(job, f"job still {phase} after {self._timeout_s:.0f} s", query)
            self._retry.sleep(pause)
            pause = min(MAX_POLL_S, pause * 2)

    def _request(
        self,
        method: str,
        url: str,
        query: str,
        *,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        allow: tuple[int, ...] = (),
    ) -> httpx.Response:
        def send() -> httpx.Response:
            response = self._client.request(
                method, url, data=data, headers=dict(headers or {}), follow_redirects=False
            )
            check_status(response)
            return response

        try:
            response = self._retry.call(send, f"TAP {method} {url}")
        except GaveUp as exc:
            raise TapQueryError(url, str(exc), query, exc.status) from exc
        if response.status_code >= 400 and response.status_code not in allow:
            raise TapQueryError(url, _error_text(response), query, response.status_code)
        return response


def _error_text(response: httpx.Response) -> str:
    text = response.text.strip()
    return text[:300] if text else response.reason_phrase


def parse_raw_frames(text: str) -> list[RawFrameRecord]:
    """Records from a TAP CSV answer with at least ``dp_id`` (rows without one are skipped)."""
    records = []
    for row in csv.DictReader(io.StringIO(text)):
        dp_id = (row.get("dp_id") or "").strip()
        if not dp_id:
            continue
        records.append(
            RawFrameRecord(
                dp_id=dp_id,
                instrument=(row.get("instrument") or "").strip(),
                release_date=parse_timestamp(row.get("release_date")),
                category=(row.get("dp_cat") or "").strip(),
                dpr_type=(row.get("dp_type") or "").strip(),
                ob_id=_number(row.get("ob_id"), int),
                mjd_obs=_number(row.get("mjd_obs"), float),
                exptime=_number(row.get("exposure"), float),
            )
        )
    return records


def parse_timestamp(value: str | None) -> datetime | None:
    """An ESO timestamp (``2014-08-27T04:03:31.840Z``) as an aware UTC datetime; None if empty."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"release_date {text!r} is not an ISO-8601 timestamp") from exc
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _number(value: Any, kind: type) -> Any:
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return kind(float(text)) if kind is int else kind(text)
    except ValueError:
        return None
