"""Set-based planning gives what the rules give applied frame by frame, on SQLite and PostgreSQL.

A simulated UVES night is scanned file by file (the reference classification); its frames are
copied, unclassified, into a fresh bookkeeping as two nights, then classified, grouped and
associated in SQL and compared with the per-frame classification and with
:func:`phoenix.associate.associate` run on every candidate with the full stored headers.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert
from sqlmodel import select

from phoenix.associate import Candidate, CandidateIndex, associate
from phoenix.config import resolve_settings
from phoenix.db.models import ArchiveEntry, Association, Frame
from phoenix.production.associate import associate_datasets, mid_exposure
from phoenix.production.context import Context, open_context
from phoenix.production.datasets import define_datasets, define_nights, lead_frame
from phoenix.production.planning import plan_months
from phoenix.production.scan import classify_stored, scan_night
from phoenix.production.simulate import simulate_night
from phoenix.types import Source

NIGHT = "2016-05-03"
NEXT = "2016-05-04"
COLUMNS = ("category", "role", "arm", "setup")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A small UVES night classified file by file: frame rows and the static table entries."""
    ctx = open_context(resolve_settings(tmp_path_factory.mktemp("sim")))
    simulate_night(ctx, "uves", NIGHT, {"sources": 1, "arms": ("BLUE",)})
    scan_night(ctx, "uves", NIGHT)
    with ctx.db.session() as session:
        frames = [f.model_dump(exclude={"id"}) for f in session.exec(select(Frame))]
        static = [
            e.model_dump(exclude={"id"})
            for e in session.exec(select(ArchiveEntry).where(ArchiveEntry.kind == "static"))
        ]
    ctx.db.dispose()
    return {"frames": frames, "static": static}


@pytest.fixture
def ctx(database_url: str, tmp_path: Path, scanned: dict[str, Any]) -> Iterator[Context]:
    """A bookkeeping with the night twice (the second a day later), unclassified."""
    context = open_context(resolve_settings(tmp_path / "ws", {"database_url": database_url}))
    rows = []
    for shift, night in ((0, NIGHT), (1, NEXT)):
        for frame in scanned["frames"]:
            row = {**frame, **dict.fromkeys(COLUMNS), "setup": {}, "night": night}
            row["mjd_obs"] = frame["mjd_obs"] + shift
            row["filename"] = _later(frame["filename"]) if shift else frame["filename"]
            rows.append(row)
    with context.db.session() as session:
        session.execute(insert(Frame.__table__), rows)  # type: ignore[attr-defined]
        session.execute(insert(ArchiveEntry.__table__), scanned["static"])  # type: ignore[attr-defined]
    yield context
    context.db.dispose()


def _later(filename: str, days: int = 1) -> str:
    stem = filename.removeprefix("UVES.")
    day = date.fromisoformat(stem[:10]) + timedelta(days=days)
    return f"UVES.{day.isoformat()}{stem[10:]}"


def test_months_planned_in_two_worker_processes_equal_the_rules(
    database_url: str, tmp_path: Path, scanned: dict[str, Any]
) -> None:
    """Four nights across a month's end, planned by two processes, one month each."""
    ctx = open_context(resolve_settings(tmp_path / "ws", {"database_url": database_url}))
    shifts = (27, 28, 29, 30)  # 2016-05-30 ... 2016-06-02 (night dates: the simulated night + shift)
    rows = []
    for shift in shifts:
        night = (date.fromisoformat(NIGHT) + timedelta(days=shift)).isoformat()
        for frame in scanned["frames"]:
            row = {**frame, **dict.fromkeys(COLUMNS), "setup": {}, "night": night}
            row["mjd_obs"] = frame["mjd_obs"] + shift
            row["filename"] = _later(frame["filename"], shift)
            rows.append(row)
    with ctx.db.session() as session:
        session.execute(insert(Frame.__table__), rows)  # type: ignore[attr-defined]
        session.execute(insert(ArchiveEntry.__table__), scanned["static"])  # type: ignore[attr-defined]
    seen: list[tuple[str, str]] = []

    planned = plan_months(
        ctx,
        "uves",
        ["2016-05", "2016-06"],
        workers=2,
        progress=lambda phase, month, *_: seen.append((phase, month)),
    )

    assert [p["nights"] for p in planned.values()] == [
        ["2016-05-30", "2016-05-31"],
        ["2016-06-01", "2016-06-02"],
    ]
    per_night = len(define_datasets(ctx, "uves", "2016-05-30"))  # found: the workers defined them
    assert per_night >= 2  # a calibration and a science dataset
    assert [p["datasets"] for p in planned.values()] == [2 * per_night, 2 * per_night]
    assert sorted(seen) == sorted((phase, m) for phase in ("associate", "prepare") for m in planned)
    assert seen.index(("associate", "2016-05")) > max(seen.index(("prepare", m)) for m in planned)
    want = sorted(tuple(f[c] for c in COLUMNS) for f in scanned["frames"])
    with ctx.db.session() as session:
        for shift in shifts:
            night = (date.fromisoformat(NIGHT) + timedelta(days=shift)).isoformat()
            frames = session.exec(select(Frame).where(Frame.night == night))
            assert sorted(tuple(getattr(f, c) for c in COLUMNS) for f in frames) == want, night
    nights = [n for p in planned.values() for n in p["nights"]]
    datasets = define_nights(ctx, "uves", nights)  # defined by the workers: found, not made again
    assert len(datasets) == 4 * per_night
    stored = _assert_stored_associations_equal_the_rules(ctx, datasets)
    assert any(a.source == "raw" and a.status == "ok" for a in stored)
    ctx.db.dispose()


def test_classification_in_sql_equals_the_per_file_scan(ctx: Context, scanned: dict[str, Any]) -> None:
    assert classify_stored(ctx, "uves", [NIGHT]) == len(scanned["frames"])
    assert classify_stored(ctx, "uves", [NIGHT]) == 0  # nothing left unclassified there
    with ctx.db.session() as session:
        got = {
            f.filename: tuple(getattr(f, c) for c in COLUMNS)
            for f in session.exec(select(Frame).where(Frame.night == NIGHT))
        }
        other = session.exec(select(Frame).where(Frame.night == NEXT)).first()
    want = {f["filename"]: tuple(f[c] for c in COLUMNS) for f in scanned["frames"]}
    assert got == want
    assert {c for c, *_ in want.values()} >= {"BIAS_BLUE", "FLAT_BLUE", "SCIENCE_BLUE"}
    assert other.category is None  # another night was left alone


def test_a_frame_missing_a_required_keyword_gets_its_problem(ctx: Context) -> None:
    with ctx.db.session() as session:
        frame = session.exec(select(Frame).where(Frame.night == NIGHT)).first()
        keys = dict(frame.keys)
        del keys["ESO DPR CATG"]
        frame.keys = keys
        session.add(frame)
        name = frame.filename
    classify_stored(ctx, "uves")
    with ctx.db.session() as session:
        row = session.exec(select(Frame).where(Frame.filename == name)).one()
    assert row.category is None
    assert (row.problem_keyword, "missing required keyword" in row.problem) == ("ESO DPR CATG", True)


def test_datasets_and_associations_in_bulk_equal_the_rules_applied_one_by_one(ctx: Context) -> None:
    classify_stored(ctx, "uves")
    together = define_nights(ctx, "uves", [NIGHT, NEXT])
    one_by_one = define_datasets(ctx, "uves", NIGHT) + define_datasets(ctx, "uves", NEXT)
    assert sorted(d.name for d in together) == sorted(d.name for d in one_by_one)
    assert {d.kind for d in together} == {"science", "calibration"}
    assert define_nights(ctx, "uves", [NIGHT, NEXT]) == together  # defined once

    associated = associate_datasets(ctx, together)
    stored = _assert_stored_associations_equal_the_rules(ctx, associated)
    statuses = {d.kind: d.status for d in associated}
    assert statuses == {"calibration": "associated", "science": "incomplete"}  # no master archived yet
    assert any(a.level is not None and a.source == "raw" for a in stored)


# days from the first night's science lead of the masters of its bias, flat, order and line table
# rules, one closer uncertified master each (half the first offset): the bias only at the unlimited
# level (all candidates read), the flat at level 1 (level 0 on the next night), the order table at
# level 2, the line table (with another slit: relaxed there) at level 3, and missing the next night
OFFSETS = ((60.0, -45.0), (2.0, 9.0), (5.0,), (-29.5,))


def test_masters_found_at_every_level_equal_the_rules_applied_one_by_one(ctx: Context) -> None:
    classify_stored(ctx, "uves")
    datasets = define_nights(ctx, "uves", [NIGHT, NEXT])
    science = next(d for d in datasets if d.kind == "science" and d.night == NIGHT)
    lead = lead_frame(ctx, science)
    rules = [r for r in ctx.instruments.associations("uves") if science.category in r.for_categories]
    rules = [r for r in rules if r.source is Source.MASTER]
    assert len(rules) == len(OFFSETS)
    entries = []
    for i, (rule, offsets) in enumerate(zip(rules, OFFSETS, strict=True)):
        for j, offset in enumerate((*offsets, offsets[0] / 2)):
            keys = dict(lead.keys)
            if offsets == OFFSETS[-1]:  # only the relaxed levels accept another slit
                keys = {k: (v + 0.5 if "SLIT" in k and isinstance(v, float) else v) for k, v in keys.items()}
            entries.append(
                {
                    "kind": "master",
                    "name": f"{rule.category}.{i}.{j}.fits",
                    "instrument": "uves",
                    "night": NIGHT,
                    "category": rule.category,
                    "path": f"master/{rule.category}.{i}.{j}.fits",
                    "checksum": "0",
                    "size": 1,
                    "mjd_obs": (lead.mjd_obs or 0.0) + offset,
                    "keys": keys,
                    "certified": j < len(offsets),  # the closest one (half the first offset) is not
                }
            )
    with ctx.db.session() as session:
        session.execute(insert(ArchiveEntry.__table__), entries)  # type: ignore[attr-defined]
    stored = _assert_stored_associations_equal_the_rules(ctx, associate_datasets(ctx, datasets))
    found = {a.level for a in stored if a.source == "master" and a.status == "ok"}
    assert found >= {0, 1, 2, 3}
    assert any(a.source == "master" and a.status == "missing" for a in stored)


def _assert_stored_associations_equal_the_rules(ctx: Context, associated: list[Any]) -> list[Association]:
    index = _reference_index(ctx)
    rules = ctx.instruments.associations("uves")
    with ctx.db.session() as session:
        stored = list(session.exec(select(Association)))
    for dataset in associated:
        lead = lead_frame(ctx, dataset)
        want = []
        for rule in (r for r in rules if dataset.category in r.for_categories):
            outcome = associate(lead.keys, mid_exposure(lead), rule, index[rule.source])
            if not outcome.ok:
                want.append((rule.category, None, None, None, "missing", outcome.reason))
            want += [
                (rule.category, p.candidate.id, outcome.level, p.rank, "ok", outcome.reason)
                for p in outcome.picks
            ]
        got = [
            (a.category, a.target, a.level, a.rank, a.status, a.reason)
            for a in stored
            if a.dataset_id == dataset.id
        ]
        assert sorted(got, key=str) == sorted(want, key=str), dataset.name
    return stored


def _reference_index(ctx: Context) -> dict[Source, CandidateIndex]:
    """Every candidate with its full stored header, built in Python as the engine did per night."""
    with ctx.db.session() as session:
        frames = list(session.exec(select(Frame).where(Frame.category.is_not(None))))  # type: ignore[union-attr]
        static = list(session.exec(select(ArchiveEntry).where(ArchiveEntry.kind == "static")))
        masters = list(session.exec(select(ArchiveEntry).where(ArchiveEntry.kind == "master")))
    return {
        Source.RAW: CandidateIndex.build(
            Candidate(f.filename, f.category, mid_exposure(f), f.keys) for f in frames
        ),
        Source.MASTER: CandidateIndex.build(
            Candidate(e.name, e.category or "", e.mjd_obs or 0.0, e.keys, e.certified) for e in masters
        ),
        Source.STATIC: CandidateIndex.build(
            Candidate(e.name, e.category or "", e.mjd_obs or 0.0, e.keys) for e in static
        ),
    }
