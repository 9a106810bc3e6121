"""The ``eso`` archive backend: ESO's TAP, dataPortal and calSelector services behind one object.

One :class:`httpx.Client` per backend (made when the backend is, closed with it; never at import).
Anonymous by default: the bearer token is asked for, and sent, only for proprietary files and
for TAP queries made with ``authenticated=True``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType

import httpx

from phoenix.archive.eso import adql
from phoenix.archive.eso.auth import TokenProvider
from phoenix.archive.eso.calselector import (
    MODES,
    RAW2MASTER,
    CalSelectorFormatError,
    as_mapping,
    parse_associations,
    parse_raw2master_votable,
)
from phoenix.archive.eso.download import Downloader
from phoenix.archive.eso.retry import GaveUp, RetryPolicy, check_status
from phoenix.archive.eso.tap import TapService, parse_raw_frames
from phoenix.archive.source import FetchOutcome, FileRequest, MasterRecord, RawFrameRecord
from phoenix.config import EsoSettings
from phoenix.errors import RemoteArchiveError, TapQueryError

logger = logging.getLogger(__name__)
USER_AGENT = "phoenix-sdp (ESO archive backend)"


class EsoArchive:
    """ESO's science archive as a :class:`~phoenix.archive.source.RemoteArchive`."""

    name = "eso"

    def __init__(
        self,
        settings: EsoSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._client = httpx.Client(
            timeout=settings.timeout_s,
            limits=httpx.Limits(max_connections=settings.max_concurrency + 2),
            headers={"User-Agent": USER_AGENT},
            follow_redirects=True,
            transport=transport,
        )
        self._retry = RetryPolicy(settings.attempts, settings.backoff_s, sleep)
        self.tokens = (
            TokenProvider(self._client, settings, self._retry, clock) if settings.has_credentials else None
        )
        self._tap = TapService(self._client, settings.tap_url, self._retry, timeout_s=settings.timeout_s)
        self._downloads = Downloader(
            self._client, settings.dataportal_url, self._retry, self.tokens, settings.max_concurrency
        )

    def __enter__(self) -> EsoArchive:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def raw_frames(
        self, instrume: Sequence[str], first_night: str, last_night: str, *, authenticated: bool = False
    ) -> list[RawFrameRecord]:
        """Raw frames of the nights through TAP: synchronous for a short range, asynchronous beyond."""
        start, end = adql.night_window(first_night, last_night)
        query = adql.raw_frames_query(self.settings.tap_table, instrume, start, end)
        headers = self._auth_headers(authenticated)
        if adql.nights_in(first_night, last_night) > self.settings.async_after_nights:
            text = self._tap.run_async(query, headers)
        else:
            text = self._tap.sync(query, headers)
        try:
            records = parse_raw_frames(text)
        except ValueError as exc:
            raise TapQueryError(self._tap.url, f"unreadable answer: {exc}", query) from exc
        logger.info(
            "TAP: %d raw frame(s) of %s for %s..%s", len(records), "/".join(instrume), first_night, last_night
        )
        return records

    def fetch(self, requests: Sequence[FileRequest], staging: Path) -> list[FetchOutcome]:
        return self._downloads.fetch(requests, staging)

    def masters_for(self, dp_id: str) -> list[MasterRecord]:
        """calSelector's Raw2Master association of a raw science frame (DataLink table form)."""
        body, _ = self._calselector(dp_id, RAW2MASTER, votable=True)
        try:
            return parse_raw2master_votable(body)
        except CalSelectorFormatError as exc:
            raise RemoteArchiveError("calSelector", self.settings.calselector_url, f"{dp_id}: {exc}") from exc

    def associations(self, dp_id: str, mode: str) -> Mapping[str, frozenset[str]]:
        """calSelector's association of a raw frame: category -> file ids.

        ``Raw2Master`` reads the DataLink table (the masters ESO would use); ``Raw2Raw`` the
        association tree (the raw calibrations, through every level of the cascade).
        """
        if mode not in MODES:
            raise ValueError(f"calSelector mode must be one of {MODES}, got {mode!r}")
        if mode == RAW2MASTER:
            return as_mapping(self.masters_for(dp_id))
        body, content_type = self._calselector(dp_id, mode, votable=False)
        try:
            trees = parse_associations(body, content_type)
        except CalSelectorFormatError as exc:
            raise RemoteArchiveError("calSelector", self.settings.calselector_url, f"{dp_id}: {exc}") from exc
        mine = [t for t in trees if any(f.name == dp_id for f in t.files)] or trees[:1]
        return mine[0].calibrations()

    def _calselector(self, dp_id: str, mode: str, *, votable: bool) -> tuple[bytes, str]:
        url = self.settings.calselector_url
        params = {"dp_id": dp_id, "mode": mode}
        if votable:
            params["responseformat"] = "votable"

        def ask() -> httpx.Response:
            response = self._client.get(url, params=params)
            check_status(response)
            return response

        try:
            response = self._retry.call(ask, f"calSelector {mode} {dp_id}")
        except GaveUp as exc:
            raise RemoteArchiveError("calSelector", url, f"{dp_id}: {exc}", exc.status) from exc
        if response.status_code >= 400:
            raise RemoteArchiveError("calSelector", url, f"{dp_id} ({mode})", response.status_code)
        return response.content, response.headers.get("Content-Type", "")

    def _auth_headers(self, authenticated: bool) -> dict[str, str]:
        if not authenticated:
            return {}
        if self.tokens is None:
            raise RemoteArchiveError(
                "TAP",
                self.settings.tap_url,
                "an authenticated query needs ESO credentials; none are configured",
            )
        return self.tokens.header()
