"""dataPortal downloads against a real HTTP server on 127.0.0.1, with injected faults.

Each file either lands whole and verified (its bytes those of the original frame) or is
reported missing with the reason; no ``.part`` file is ever left behind.
"""

from __future__ import annotations

from collections import deque
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from phoenix.archive.eso import EsoArchive
from phoenix.archive.files import PARTIAL_SUFFIX
from phoenix.archive.source import FetchOutcome, FileRequest
from tests.archive.conftest import eso_settings, with_credentials
from tests.archive.fake_eso import FakeEso, ServedFile
from tests.archive.frames import as_gzip, as_z, raw_frame

NIGHT_IDS = [f"UVES.2016-05-04T0{i}:10:00.{100 + i}" for i in range(8)]
FUTURE = datetime.now(UTC) + timedelta(days=365)


def _serve(fake: FakeEso, dp_id: str, encode=lambda b: b, **options) -> bytes:  # type: ignore[no-untyped-def]
    original = raw_frame(dp_id)
    fake.files[dp_id] = ServedFile(encode(original), **options)
    return original


def _fetch(archive: EsoArchive, staging: Path, *requests: FileRequest) -> list[FetchOutcome]:
    outcomes = archive.fetch(list(requests), staging)
    assert list(staging.rglob(f"*{PARTIAL_SUFFIX}")) == []
    return outcomes


def test_plain_gzip_and_compress_files_land_whole_and_verified(eso: FakeEso, tmp_path: Path) -> None:
    originals = {
        NIGHT_IDS[0]: _serve(eso, NIGHT_IDS[0]),
        NIGHT_IDS[1]: _serve(eso, NIGHT_IDS[1], as_gzip),
        NIGHT_IDS[2]: _serve(eso, NIGHT_IDS[2], as_z),
    }
    with EsoArchive(eso_settings(eso)) as archive:
        outcomes = _fetch(archive, tmp_path, *(FileRequest(i) for i in originals))
    for outcome in outcomes:
        assert outcome.ok, outcome.reason
        assert outcome.path == tmp_path / f"{outcome.request.dp_id}.fits"
        assert outcome.path.read_bytes() == originals[outcome.request.dp_id]


@pytest.mark.parametrize(
    ("faults", "requests_seen"),
    [
        (["500", "503"], 3),  # server errors: retried with backoff
        (["timeout"], 2),  # the answer comes later than the client waits: retried
        (["corrupt"], 2),  # whole length but a changed byte: CHECKSUM/DATASUM fail, fetched again
    ],
)
def test_transient_faults_are_retried_until_the_file_lands(
    eso: FakeEso, tmp_path: Path, faults: list[str], requests_seen: int
) -> None:
    original = _serve(eso, NIGHT_IDS[0], as_gzip, faults=deque(faults))
    with EsoArchive(eso_settings(eso)) as archive:
        [outcome] = _fetch(archive, tmp_path, FileRequest(NIGHT_IDS[0]))
    assert outcome.ok, outcome.reason
    assert outcome.path is not None and outcome.path.read_bytes() == original
    assert outcome.attempts == requests_seen
    assert len(eso.requests_for(NIGHT_IDS[0])) == requests_seen


def test_a_truncated_body_is_resumed_with_a_range_request(eso: FakeEso, tmp_path: Path) -> None:
    original = _serve(eso, NIGHT_IDS[0], faults=deque(["truncate"]))
    with EsoArchive(eso_settings(eso)) as archive:
        [outcome] = _fetch(archive, tmp_path, FileRequest(NIGHT_IDS[0]))
    assert outcome.ok, outcome.reason
    assert outcome.path is not None and outcome.path.read_bytes() == original
    first, second = eso.requests_for(NIGHT_IDS[0])
    assert "Range" not in first.headers
    assert second.headers["Range"] == f"bytes={len(original) // 2}-"  # only the rest was sent again


def test_persistent_server_errors_give_a_missing_file_with_the_reason(eso: FakeEso, tmp_path: Path) -> None:
    _serve(eso, NIGHT_IDS[0], faults=deque(["500"] * 10))
    with EsoArchive(eso_settings(eso, attempts=3)) as archive:
        [outcome] = _fetch(archive, tmp_path, FileRequest(NIGHT_IDS[0]))
    assert not outcome.ok
    assert outcome.reason is not None and "HTTP 500" in outcome.reason and "3 attempt" in outcome.reason
    assert len(eso.requests_for(NIGHT_IDS[0])) == 3
    assert list(tmp_path.iterdir()) == []


def test_a_body_that_does_not_decompress_is_fetched_again_then_reported(eso: FakeEso, tmp_path: Path) -> None:
    eso.files[NIGHT_IDS[0]] = ServedFile(b"\x1f\x8b" + b"not gzip at all" * 100)
    with EsoArchive(eso_settings(eso, attempts=2)) as archive:
        [outcome] = _fetch(archive, tmp_path, FileRequest(NIGHT_IDS[0]))
    assert not outcome.ok and "broken download" in (outcome.reason or "")
    assert len(eso.requests_for(NIGHT_IDS[0])) == 2
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("status", ["401", "403", "404"])
def test_client_errors_are_never_retried(eso: FakeEso, tmp_path: Path, status: str) -> None:
    _serve(eso, NIGHT_IDS[0], faults=deque([status]))
    with EsoArchive(eso_settings(eso)) as archive:
        [outcome] = _fetch(archive, tmp_path, FileRequest(NIGHT_IDS[0]))
    assert not outcome.ok and outcome.status == int(status)
    assert f"HTTP {status}" in (outcome.reason or "")
    assert len(eso.requests_for(NIGHT_IDS[0])) == 1


def test_a_proprietary_file_the_account_may_not_read_is_missing_after_one_request(
    eso: FakeEso, tmp_path: Path
) -> None:
    _serve(eso, NIGHT_IDS[0], proprietary=True, denied=True)
    with EsoArchive(with_credentials(eso)) as archive:
        [outcome] = _fetch(
            archive, tmp_path, FileRequest(NIGHT_IDS[0], proprietary=True, release_date=FUTURE)
        )
    assert not outcome.ok and outcome.status == 401
    assert f"proprietary until {FUTURE.isoformat(timespec='seconds')}" in (outcome.reason or "")
    assert "has no access" in (outcome.reason or "")
    [request] = eso.requests_for(NIGHT_IDS[0])
    assert request.headers["Authorization"].startswith("Bearer ")  # it did authenticate


def test_a_proprietary_file_without_credentials_says_which_to_set(eso: FakeEso, tmp_path: Path) -> None:
    _serve(eso, NIGHT_IDS[0], proprietary=True)
    with EsoArchive(eso_settings(eso)) as archive:
        [outcome] = _fetch(
            archive, tmp_path, FileRequest(NIGHT_IDS[0], proprietary=True, release_date=FUTURE)
        )
    assert outcome.status == 401 and "PHOENIX_ESO_USERNAME" in (outcome.reason or "")
    assert len(eso.requests_for(NIGHT_IDS[0])) == 1


def test_concurrency_is_bounded_by_the_setting(eso: FakeEso, tmp_path: Path) -> None:
    for dp_id in NIGHT_IDS:
        _serve(eso, dp_id, delay_s=0.15)
    with EsoArchive(eso_settings(eso, max_concurrency=3)) as archive:
        outcomes = _fetch(archive, tmp_path, *(FileRequest(i) for i in NIGHT_IDS))
    assert all(o.ok for o in outcomes)
    assert 1 < eso.max_in_flight <= 3
