"""Planning speed: classify, define and associate a synthetic 16-year UVES history (~1 million frames).

1. Simulate one UVES night (both arms) once and keep its 32 classified headers as a template
   (cached under ``--workdir``).
2. Write the history straight into a fresh bookkeeping database: every night from ``--start`` for
   ``--years`` years, the template repeated in 5 or 6 instrument setups a night (other grating
   wavelengths, fresh ARCFILE, TPL.START, OBS.ID and MJD), with the classification left empty; and
   one certified master per science association rule and calibration group, as the calibration
   mode would have archived them. Not timed.
3. Time the planning of the whole history as a batch dry run does it
   (``phoenix.production.planning.plan_months``): every month's stored frames classified, then
   every month's datasets defined and associated, for each ``--workers`` count (default 1 and 2
   processes) on its own copy of the same history, side by side. Prints the wall seconds of each
   phase, the seconds of each step summed over the workers, the counts and the speed-up.

``--code DIR`` imports ``phoenix`` and ``instruments`` from another tree (e.g. an export of an older
commit: ``git archive <commit> | tar -x -C DIR``) to time the code before a change: a tree without
the planning module is driven month by month in one process through ``classify_stored``,
``define_nights`` and ``associate_datasets``, and one without those night by night through the
per-frame code. ``--keep-history`` keeps the unplanned SQLite history for the next run (building
it takes ~45 s). Goal: <= 60 s for the whole history on 2 cores.

Usage: python bench/plan_history.py [--years 16] [--workers 1,2] [--keep-history] [--database-url URL]
       [--code DIR] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import shutil
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

SETUPS = {"BLUE": (346.0, 390.0, 437.0), "RED": (520.0, 564.0, 580.0, 760.0, 860.0)}
MJD_UNIX_EPOCH = 40587.0


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--years", type=float, default=16.0)
    parser.add_argument("--start", default="2000-01-01")
    parser.add_argument("--database-url", default=None, help="default: a SQLite file in --workdir")
    parser.add_argument("--code", default=None, help="import phoenix from this tree (code before a change)")
    parser.add_argument("--workdir", default="/tmp/phoenix-plan-history")
    parser.add_argument(
        "--workers", default="1,2", help="comma-separated worker process counts, each timed on a copy"
    )
    parser.add_argument(
        "--keep-history",
        action="store_true",
        help="SQLite: keep the unplanned history in --workdir; later runs start from a copy of it",
    )
    return parser.parse_args()


def template(workdir: Path) -> list[dict]:
    """The classified frames of one simulated UVES night: category, arm and header keys."""
    cache = workdir / "template.json"
    if cache.exists():
        return json.loads(cache.read_text())
    from sqlmodel import select

    from phoenix.config import resolve_settings
    from phoenix.db.models import Frame
    from phoenix.production.context import open_context
    from phoenix.production.scan import scan_night
    from phoenix.production.simulate import simulate_night

    ctx = open_context(resolve_settings(workdir / "template-ws"))
    simulate_night(ctx, "uves", "2016-05-03")
    scan_night(ctx, "uves", "2016-05-03")
    with ctx.db.session() as session:
        frames = [
            {"category": f.category, "arm": f.arm, "mjd": f.mjd_obs, "exptime": f.exptime, "keys": f.keys}
            for f in session.exec(select(Frame).order_by(Frame.mjd_obs))
        ]
    ctx.db.dispose()
    shutil.rmtree(workdir / "template-ws")
    cache.write_text(json.dumps(frames))
    return frames


def _iso(mjd: float) -> str:
    seconds = (mjd - MJD_UNIX_EPOCH) * 86400.0
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]


def build_history(ctx, frames: list[dict], start: date, nights: int) -> tuple[list[str], int]:  # type: ignore[no-untyped-def]
    """Insert the history's frames and masters; returns the nights and the number of frames."""
    from sqlalchemy import insert

    from phoenix.db.models import ArchiveEntry, Frame

    rules = ctx.instruments.associations("uves")
    masters = {
        arm: [r for r in rules if r.source.value == "master" and r.for_categories[0].endswith(arm)]
        for arm in SETUPS
    }
    static = [r for r in rules if r.source.value == "static"]
    base_night = date(2016, 5, 3)
    wlen_key = {"BLUE": "ESO INS GRAT1 WLEN", "RED": "ESO INS GRAT2 WLEN"}
    night_names, total, obs_id = [], 0, 300000000
    rows: list[dict] = []
    entries: list[dict] = []
    for rule in static:
        entries.append(
            {
                "kind": "static",
                "name": f"{rule.category}.fits",
                "instrument": "uves",
                "night": None,
                "category": rule.category,
                "path": f"static/{rule.category}.fits",
                "checksum": "0",
                "size": 1,
                "mjd_obs": None,
                "keys": {},
                "certified": True,
            }
        )

    def flush() -> None:
        with ctx.db.session() as session:
            if rows:
                session.execute(insert(Frame), rows)
            if entries:
                session.execute(insert(ArchiveEntry), entries)
        rows.clear()
        entries.clear()

    for n in range(nights):
        night = start + timedelta(days=n)
        name = night.isoformat()
        night_names.append(name)
        shift = (night - base_night).days
        copies = 5 + (n % 2)  # 5 or 6 setups a night: about a million frames in 16 years
        for copy in range(copies):
            offset = copy * 0.004  # each setup's templates a few minutes apart
            leads: dict[str, dict] = {}
            for i, frame in enumerate(frames):
                arm = frame["arm"]
                mjd = frame["mjd"] + shift + offset
                keys = dict(frame["keys"])
                stamp = _iso(mjd)
                keys["ARCFILE"] = f"UVES.{stamp}.fits"
                keys["DATE-OBS"] = stamp
                keys["MJD-OBS"] = mjd
                keys["ORIGFILE"] = f"UVES_{name}_{copy}_{i:03d}.fits"
                if "ESO TPL START" in keys:  # one template per group, as observed
                    started = datetime.fromisoformat(frame["keys"]["ESO TPL START"])
                    keys["ESO TPL START"] = (started + timedelta(days=shift + offset)).isoformat()[:19]
                setups = SETUPS[arm]
                if wlen_key[arm] in keys:
                    keys[wlen_key[arm]] = setups[copy % len(setups)]
                if "ESO OBS ID" in keys:
                    keys["ESO OBS ID"] = obs_id + copy
                rows.append(
                    {
                        "instrument": "uves",
                        "night": name,
                        "filename": keys["ARCFILE"],
                        "path": f"raw/uves/{name}/{keys['ARCFILE']}",
                        "checksum": f"{n}-{copy}-{i}",
                        "mjd_obs": mjd,
                        "exptime": frame["exptime"],
                        "ob_id": keys.get("ESO OBS ID"),
                        "tpl_start": keys.get("ESO TPL START"),
                        "setup": {},
                        "keys": keys,
                    }
                )
                if frame["category"].startswith("FLAT_") and arm not in leads:
                    leads[arm] = keys
            for arm, keys in leads.items():  # the masters the calibration mode certified from this group
                for rule in masters[arm]:
                    entry = f"{rule.category}.{keys['ARCFILE']}"
                    entries.append(
                        {
                            "kind": "master",
                            "name": entry,
                            "instrument": "uves",
                            "night": name,
                            "category": rule.category,
                            "path": f"master/{entry}",
                            "checksum": "0",
                            "size": 1,
                            "mjd_obs": keys["MJD-OBS"],
                            "keys": keys,
                            "certified": True,
                        }
                    )
            total += len(frames)
        obs_id += 10
        if len(rows) > 20000:
            flush()
    flush()
    return night_names, total


def months_of(nights: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for night in nights:
        out.setdefault(night[:7], []).append(night)
    return out


def plan_set_based(ctx, months: dict[str, list[str]]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The code as it is: set-based classification, definition and association, a month at a time."""
    from phoenix.production.associate import associate_datasets
    from phoenix.production.datasets import define_nights
    from phoenix.production.scan import classify_stored

    times = {"classify": 0.0, "define": 0.0, "associate": 0.0}
    for nights in months.values():
        t0 = time.perf_counter()
        classify_stored(ctx, "uves", nights)
        t1 = time.perf_counter()
        found = define_nights(ctx, "uves", nights)
        t2 = time.perf_counter()
        associate_datasets(ctx, found)
        t3 = time.perf_counter()
        times["classify"] += t1 - t0
        times["define"] += t2 - t1
        times["associate"] += t3 - t2
    return times


def plan_per_frame(ctx, months: dict[str, list[str]]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Code before the change: per-frame classification and storage, then night by night."""
    from sqlmodel import select

    from phoenix.classify import classify_frame
    from phoenix.db.models import Frame
    from phoenix.production.associate import associate_datasets
    from phoenix.production.datasets import define_datasets

    table = ctx.instruments.classification("uves")
    times = {"classify": 0.0, "define": 0.0, "associate": 0.0}
    for nights in months.values():
        for night in nights:
            t0 = time.perf_counter()
            with ctx.db.session() as session:  # what scan_night did per frame: classify, store one row
                ids = list(session.exec(select(Frame.id).where(Frame.night == night)))
            for frame_id in ids:
                with ctx.db.session() as session:
                    row = session.get(Frame, frame_id)
                    result = classify_frame(row.keys, table, filename=row.filename)
                    row.category, row.role, row.arm = result.category, result.role.value, result.arm
                    row.setup = dict(result.setup)
                    session.add(row)
            t1 = time.perf_counter()
            found = define_datasets(ctx, "uves", night)
            t2 = time.perf_counter()
            associate_datasets(ctx, found)
            t3 = time.perf_counter()
            times["classify"] += t1 - t0
            times["define"] += t2 - t1
            times["associate"] += t3 - t2
    return times


def counts(ctx) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from sqlmodel import func, select

    from phoenix.db.models import Association, Dataset, Frame

    with ctx.db.session() as session:
        return {
            "frames": session.exec(select(func.count()).select_from(Frame)).one(),
            "classified": session.exec(select(func.count()).where(Frame.category.is_not(None))).one(),  # type: ignore[union-attr]
            "datasets": session.exec(select(func.count()).select_from(Dataset)).one(),
            "incomplete": session.exec(select(func.count()).where(Dataset.status == "incomplete")).one(),
            "associations": session.exec(select(func.count()).select_from(Association)).one(),
            "missing": session.exec(select(func.count()).where(Association.status == "missing")).one(),
        }


def plan_in_workers(ctx, months: dict[str, list[str]], workers: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The code as it is: ``phoenix.production.planning.plan_months`` over ``workers`` processes."""
    from phoenix.production.planning import plan_months

    t0 = time.perf_counter()
    marks: dict[str, float] = {}

    def progress(phase: str, _month: str, done: int, total: int) -> None:
        if done == total:
            marks[phase] = time.perf_counter()

    planned = plan_months(ctx, "uves", list(months), workers=workers, progress=progress)
    summed = {k: sum(p["seconds"][k] for p in planned.values()) for k in ("prepare", "define", "associate")}
    return {
        "classify": marks["prepare"] - t0,
        "define+associate": marks["associate"] - marks["prepare"],
        "summed_over_workers": {k: round(v, 1) for k, v in summed.items()},  # type: ignore[dict-item]
    }


def main() -> None:
    args = parse()
    if args.code:
        sys.path.insert(0, str(Path(args.code).resolve()))
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    import phoenix
    from phoenix.config import resolve_settings
    from phoenix.production.context import open_context

    print(f"phoenix from {Path(phoenix.__file__).parent}")
    counts_of_workers = [int(w) for w in args.workers.split(",")]
    if args.database_url and len(counts_of_workers) > 1:
        sys.exit("--database-url takes one --workers value (the history is built for each run)")
    frames = template(workdir)
    start = date.fromisoformat(args.start)
    nights = math.floor(args.years * 365.25)
    names = [(start + timedelta(days=n)).isoformat() for n in range(nights)]
    months = months_of(names)
    kept = workdir / f"history-{args.start}-{args.years:g}y.db"
    overrides = {"database_url": args.database_url} if args.database_url else {}
    if not args.database_url and not (args.keep_history and kept.exists()):
        t = time.perf_counter()
        shutil.rmtree(workdir / "build", ignore_errors=True)
        ctx = open_context(resolve_settings(workdir / "build"))
        _, total = build_history(ctx, frames, start, nights)
        ctx.db.dispose()  # checkpoints the WAL into the file
        shutil.move(workdir / "build" / "phoenix.db", kept)
        print(
            f"history: {nights} nights, {total} frames written in {time.perf_counter() - t:.1f} s (not timed)"
        )
    import phoenix.production.scan as scan

    results = {}
    for workers in counts_of_workers:
        ws = workdir / f"ws-{workers}"
        shutil.rmtree(ws, ignore_errors=True)
        ws.mkdir(parents=True)
        if args.database_url:
            ctx = open_context(resolve_settings(ws, overrides))
            t = time.perf_counter()
            _, total = build_history(ctx, frames, start, nights)
            print(f"history: {total} frames written in {time.perf_counter() - t:.1f} s (untimed)")
        else:
            shutil.copyfile(kept, ws / "phoenix.db")
            ctx = open_context(resolve_settings(ws, overrides))
        try:
            import phoenix.production.planning

            planner = functools.partial(plan_in_workers, workers=workers)
            name = f"plan_months, {workers} worker(s)"
        except ImportError:  # a tree from before the planning module: one process
            planner = plan_set_based if hasattr(scan, "classify_stored") else plan_per_frame
            name = planner.__name__
        t = time.perf_counter()
        times = planner(ctx, months)
        wall = time.perf_counter() - t
        found = counts(ctx)
        ctx.db.dispose()
        results[workers] = wall
        print(json.dumps({"planner": name, "seconds": round(wall, 1), **_rounded(times), **found}, indent=1))
        print(f"planned {found['frames']} frames in {wall:.1f} s ({found['frames'] / wall:,.0f} frames/s)")
        if not args.keep_history:
            shutil.rmtree(ws, ignore_errors=True)
    if not args.keep_history and kept.exists():
        kept.unlink()
    if len(results) > 1:
        first = counts_of_workers[0]
        speedup = {w: round(results[first] / s, 2) for w, s in results.items()}
        print(f"speed-up against {first} worker(s): {speedup}")


def _rounded(times: dict) -> dict:
    return {k: round(v, 1) if isinstance(v, float) else v for k, v in times.items()}


if __name__ == "__main__":
    main()
