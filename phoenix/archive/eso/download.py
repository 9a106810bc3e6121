"""dataPortal downloads: streamed to a ``.part`` file, resumed where a broken transfer stopped,
decompressed, verified, then renamed; several at once, never more than the configured limit.

Per file the outcome is either a whole, verified file in the staging directory or the reason
there is none. 5xx answers, time-outs and bodies cut short are retried with backoff (a cut
body resumes with an HTTP ``Range`` request); 4xx answers (401, 403, 404, ...) are final at
once. Whatever the outcome, no ``.part`` file of the request is left behind.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import httpx

from phoenix.archive.eso.auth import TokenProvider
from phoenix.archive.eso.retry import GaveUp, RetryPolicy, Transient, check_status
from phoenix.archive.eso.unpack import UnpackError, unpack
from phoenix.archive.eso.verify import VerificationError, verify_fits, verify_text
from phoenix.archive.files import PARTIAL_SUFFIX
from phoenix.archive.source import FetchOutcome, FileRequest
from phoenix.errors import AuthenticationError

logger = logging.getLogger(__name__)
NIGHTLOG_SUFFIX = ".NL"  # dataPortal's name of a frame's night-log report
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")
CREDENTIAL_VARIABLES = "PHOENIX_ESO_USERNAME and PHOENIX_ESO_PASSWORD, or PHOENIX_ESO_TOKEN_FILE"
NO_CREDENTIALS = f"no ESO credentials are configured ({CREDENTIAL_VARIABLES})"


class _Refused(Exception):
    """A final answer about this request (4xx, or a token that cannot be had)."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class Downloader:
    """Fetches files from the dataPortal with bounded concurrency."""

    def __init__(
        self,
        client: httpx.Client,
        base_url: str,
        retry: RetryPolicy,
        tokens: TokenProvider | None,
        max_concurrency: int,
    ) -> None:
        self._client = client
        self.base_url = base_url.rstrip("/")
        self._retry = retry
        self._tokens = tokens
        self._limit = max_concurrency

    def url_of(self, request: FileRequest) -> str:
        suffix = NIGHTLOG_SUFFIX if request.kind == "nightlog" else ""
        return f"{self.base_url}/{request.dp_id}{suffix}"

    def fetch(self, requests: Sequence[FileRequest], staging: Path) -> list[FetchOutcome]:
        """One outcome per request, in order; at most ``max_concurrency`` transfers at a time."""
        staging.mkdir(parents=True, exist_ok=True)
        if not requests:
            return []
        with ThreadPoolExecutor(max_workers=self._limit, thread_name_prefix="eso-fetch") as pool:
            return list(pool.map(lambda request: self.fetch_one(request, staging), requests))

    def fetch_one(self, request: FileRequest, staging: Path) -> FetchOutcome:
        url = self.url_of(request)
        final = staging / request.filename
        download = staging / f"{request.filename}.download{PARTIAL_SUFFIX}"
        unpacked = staging / f"{request.filename}.unpack{PARTIAL_SUFFIX}"
        tries = 0

        def attempt() -> None:
            nonlocal tries
            tries += 1
            self._stream(url, request, download)
            try:
                unpack(download, unpacked)
            except UnpackError as exc:
                download.unlink(missing_ok=True)
                raise Transient(f"broken download: {exc}") from exc
            download.unlink(missing_ok=True)
            try:
                verify_text(unpacked) if request.kind == "nightlog" else verify_fits(unpacked, request.dp_id)
            except VerificationError as exc:
                unpacked.unlink(missing_ok=True)
                raise Transient(f"failed verification: {exc}") from exc
            unpacked.replace(final)

        try:
            self._retry.call(attempt, f"download {request.dp_id}")
        except (GaveUp, _Refused) as exc:
            reason = self._explain(request, str(exc), exc.status)
            logger.warning("%s is missing: %s", request.filename, reason)
            return FetchOutcome(request, reason=reason, status=exc.status, attempts=tries)
        finally:
            download.unlink(missing_ok=True)
            unpacked.unlink(missing_ok=True)
        logger.info("fetched %s (%d bytes)", request.filename, final.stat().st_size)
        return FetchOutcome(request, path=final, attempts=tries)

    def _stream(self, url: str, request: FileRequest, part: Path) -> None:
        offset = part.stat().st_size if part.exists() else 0
        headers = {"Accept-Encoding": "identity"}  # byte offsets of the file itself, for Range
        if offset:
            headers["Range"] = f"bytes={offset}-"
        if request.proprietary and self._tokens is not None:
            try:
                headers.update(self._tokens.header())
            except AuthenticationError as exc:
                raise _Refused(f"no bearer token: {exc}", exc.status) from exc
        with self._client.stream("GET", url, headers=headers) as response:
            if response.status_code == 416:  # our partial file is not a prefix of this file
                part.unlink(missing_ok=True)
                raise Transient("the server refused to resume; starting over", 416)
            check_status(response)
            if response.status_code >= 400:
                raise _Refused(f"HTTP {response.status_code} {response.reason_phrase}", response.status_code)
            start, total = _extent(response, offset)
            with open(part, "ab" if start else "wb") as fh:
                for chunk in response.iter_raw():  # unbuffered: what arrived is kept if the body breaks
                    fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
        size = part.stat().st_size
        if total is not None and size != total:
            raise Transient(f"body cut short: {size} of {total} bytes", response.status_code)

    def _explain(self, request: FileRequest, reason: str, status: int | None) -> str:
        if status not in (401, 403) or not request.proprietary:
            return reason
        until = _iso(request.release_date)
        if self._tokens is None:
            return f"{reason}: proprietary until {until} and {NO_CREDENTIALS}"
        return f"{reason}: proprietary until {until}; the configured ESO account has no access to it"


def _extent(response: httpx.Response, offset: int) -> tuple[int, int | None]:
    """Where the body starts in the file and the file's full size (if the server says)."""
    if response.status_code == 206:
        match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
        if match is None or int(match.group(1)) != offset:
            raise Transient(f"unusable Content-Range {response.headers.get('Content-Range')!r}", 206)
        return offset, None if match.group(3) == "*" else int(match.group(3))
    length = response.headers.get("Content-Length")
    return 0, int(length) if length and length.isdigit() else None


def _iso(when: datetime | None) -> str:
    return when.isoformat(timespec="seconds") if when else "an unknown date"
