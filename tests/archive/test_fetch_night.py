"""The fetch step: a simulated night from the fake ESO into the local archive, faults and all.

Every file lands whole and verified or is reported missing with the reason; no ``.part`` file
is left; a second fetch finds everything present and verified and downloads nothing again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlmodel import select

from flows import tasks
from phoenix.archive.eso import EsoArchive
from phoenix.archive.files import PARTIAL_SUFFIX
from phoenix.config import Settings
from phoenix.db.models import ArchiveEntry, Frame, NightLogEntry
from phoenix.production.context import Context, open_context
from phoenix.production.fetch import fetch_night
from phoenix.production.nightlog import apply_night_log
from phoenix.production.scan import scan_night
from tests.archive.fake_eso import FakeEso
from tests.archive.night import (
    BIASES,
    CLOSED,
    CLOSED_OB,
    FUTURE,
    LOST,
    MASTERS,
    NIGHT,
    RECORDED_OB,
    SCIENCE,
    serve_night,
)

pytestmark = pytest.mark.reference


@pytest.fixture
def ctx(settings: Settings) -> Context:
    return open_context(settings)


def _entries(ctx: Context, kind: str) -> dict[str, ArchiveEntry]:
    with ctx.db.session() as session:
        return {e.name: e for e in session.exec(select(ArchiveEntry).where(ArchiveEntry.kind == kind))}


def test_a_night_lands_whole_verified_or_reported_missing(
    eso: FakeEso, reference: Path, ctx: Context
) -> None:
    served = serve_night(eso, reference)
    with EsoArchive(ctx.settings.eso) as archive:
        report = fetch_night(ctx, "uves", NIGHT, archive, proprietary=True)

    raw_names = [f"{i}.fits" for i in [*BIASES, *SCIENCE, CLOSED]]
    assert report.listed == 6
    assert sorted(report.fetched) == sorted(
        raw_names + [f"{m}.fits" for m in MASTERS] + [f"{SCIENCE[0]}.NL.txt", f"{CLOSED}.NL.txt"]
    )
    [missing] = report.missing
    assert (missing.name, missing.kind, missing.status) == (f"{LOST}.fits", "raw", 404)
    assert "HTTP 404" in missing.reason
    assert report.proprietary == (f"{CLOSED}.fits",)
    archived = {**_entries(ctx, "raw"), **_entries(ctx, "master")}
    for name, original in served.originals.items():
        entry = archived[name]
        assert (ctx.archive.path_of(entry)).read_bytes() == original
        assert entry.checksum == hashlib.sha256(original).hexdigest()
    masters = _entries(ctx, "master")
    assert {e.category for e in masters.values()} == set(MASTERS.values())  # from their PRO.CATG
    assert masters[f"{next(iter(MASTERS))}.fits"].mjd_obs == 57511.5
    assert list(ctx.settings.workspace.rglob(f"*{PARTIAL_SUFFIX}")) == []
    assert not (ctx.settings.workspace / "staging" / "eso" / "uves" / NIGHT).exists()


def test_a_second_fetch_skips_what_is_present_and_verified(
    eso: FakeEso, reference: Path, ctx: Context
) -> None:
    serve_night(eso, reference)
    with EsoArchive(ctx.settings.eso) as archive:
        first = fetch_night(ctx, "uves", NIGHT, archive, proprietary=True)
        before = len(eso.file_requests())
        second = fetch_night(ctx, "uves", NIGHT, archive, proprietary=True)
    assert second.fetched == ()
    assert sorted(second.skipped) == sorted(n for n in first.fetched if n.endswith(".fits"))
    assert [s.path for s in eso.file_requests()[before:]] == [f"/dataPortal/file/{LOST}"]  # only the lost one
    # a damaged file is no longer "present and verified": it is fetched again, whole
    damaged = ctx.archive.path_of(_entries(ctx, "raw")[f"{SCIENCE[1]}.fits"])
    damaged.write_bytes(damaged.read_bytes()[:-2880])
    with EsoArchive(ctx.settings.eso) as archive:
        third = fetch_night(ctx, "uves", NIGHT, archive, proprietary=True)
    assert third.fetched == (f"{SCIENCE[1]}.fits",)
    assert hashlib.sha256(damaged.read_bytes()).hexdigest() == _entries(ctx, "raw")[damaged.name].checksum


def test_without_asking_for_proprietary_data_no_token_is_used(
    eso: FakeEso, reference: Path, ctx: Context
) -> None:
    serve_night(eso, reference)
    with EsoArchive(ctx.settings.eso) as archive:
        report = fetch_night(ctx, "uves", NIGHT, archive, masters=False)
    closed = next(m for m in report.missing if m.name == f"{CLOSED}.fits")
    assert "proprietary until" in closed.reason and "not asked for" in closed.reason
    assert eso.requests_for(CLOSED) == [] and eso.requests_for("/sso/oidc/token") == []
    assert all("Authorization" not in s.headers for s in eso.seen)


def test_release_dates_reach_the_frames_and_night_logs_the_bookkeeping(
    eso: FakeEso, reference: Path, ctx: Context
) -> None:
    serve_night(eso, reference)
    report = tasks.fetch_from_archive.fn(ctx.settings, "uves", NIGHT, "eso")  # the flow's task, no Prefect
    assert report["source"] == "eso" and len(report["missing"]) == 1
    scan_night(ctx, "uves", NIGHT)
    with ctx.db.session() as session:
        frames = {f.filename: f for f in session.exec(select(Frame))}
    assert frames[f"{CLOSED}.fits"].release_date == FUTURE
    assert frames[f"{SCIENCE[0]}.fits"].release_date is not None
    assert frames[f"{CLOSED}.fits"].release_date > frames[f"{SCIENCE[0]}.fits"].release_date
    assert apply_night_log(ctx, "uves", NIGHT) == 2
    with ctx.db.session() as session:
        entries = {e.ob_id: e for e in session.exec(select(NightLogEntry))}
    recorded, closed = entries[RECORDED_OB], entries[CLOSED_OB]
    assert (recorded.grade, recorded.ob_name, recorded.comment) == ("X", "IC4406", "")
    assert recorded.constraints["Seeing"] == {"requested": "2.0", "fulfilled": "n/a"}
    assert recorded.source == f"{SCIENCE[0]}.NL.txt"
    assert closed.grade == "A"
