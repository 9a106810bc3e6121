"""Step 1b: group classified frames into datasets, one per chain trigger (file or template).

Set-based: one query reads the trigger frames of all the nights asked for (with only the header
values grouping needs, extracted in SQL), groups are formed in memory, and the new datasets and
their members are written with one bulk insert each.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, type_coerce
from sqlmodel import select

from phoenix.db.bulk import insert_rows
from phoenix.db.jsonkeys import decode_values, key_values
from phoenix.db.models import Dataset, DatasetMember, DatasetStatus, Frame, utcnow
from phoenix.errors import PhoenixError
from phoenix.production.context import Context
from phoenix.types import ChainKind, Grouping, RecipeChain


def dataset_name(instrument: str, chain: RecipeChain, lead: Frame) -> str:
    """A stable, readable dataset name: instrument, chain and the lead frame."""
    stem = lead.filename.removesuffix(".fits")
    return f"{instrument}:{chain.name}:{stem}"


def define_datasets(
    ctx: Context, instrument: str, night: str, kind: ChainKind | None = None
) -> list[Dataset]:
    """Create (or find) one dataset per trigger frame or template of every chain of ``kind``."""
    return define_nights(ctx, instrument, [night], kind)


@dataclass(frozen=True)
class _Trigger:
    id: int
    night: str
    filename: str
    category: str
    mjd_obs: float | None
    ob_id: int | None
    setup: dict[str, Any]
    group: tuple[str, ...]


def define_nights(
    ctx: Context, instrument: str, nights: list[str], kind: ChainKind | None = None
) -> list[Dataset]:
    """:func:`define_datasets` for many nights at once (a month of a batch): the datasets, in order."""
    definition = ctx.instruments.datasets(instrument)
    chains = [c for c in ctx.instruments.chains(instrument) if kind is None or c.kind is kind]
    if not chains or not nights:
        return []
    keys = sorted(set(definition.calibration_group_keys) | set(definition.group_keywords))
    by_category: dict[str, list[_Trigger]] = defaultdict(list)
    for trigger in _triggers(ctx, instrument, nights, {c.trigger for c in chains}, keys):
        by_category[trigger.category].append(trigger)
    planned: list[tuple[RecipeChain, list[_Trigger]]] = []
    for chain in chains:
        triggers = by_category.get(chain.trigger, [])
        if chain.kind is ChainKind.CALIBRATION:
            wanted = tuple(keys.index(k) for k in definition.calibration_group_keys)
        elif definition.grouping is Grouping.FILE:
            wanted = None
        else:
            wanted = tuple(keys.index(k) for k in definition.group_keywords)
        planned += [(chain, group) for group in _groups(triggers, wanted)]
    return _insert_new(ctx, instrument, planned)


def _triggers(
    ctx: Context, instrument: str, nights: list[str], categories: set[str], keys: list[str]
) -> Iterator[_Trigger]:
    dialect = ctx.db.engine.dialect.name
    values = key_values(Frame.keys, keys, dialect)
    # many triggers share their setup and group values: each distinct one is decoded once
    setups: dict[Any, dict[str, Any]] = {}
    groups: dict[Any, tuple[str, ...]] = {}
    with ctx.db.session() as session:
        for chunk in _chunks(nights, 400):
            rows = session.connection().execute(  # rows, not ORM entities: no ORM loading
                select(  # type: ignore[call-overload]
                    Frame.id,
                    Frame.night,
                    Frame.filename,
                    Frame.category,
                    Frame.mjd_obs,
                    Frame.ob_id,
                    type_coerce(Frame.setup, String),  # as stored (text on SQLite)
                    *values,
                )
                .where(
                    Frame.instrument == instrument,
                    Frame.night.in_(chunk),  # type: ignore[attr-defined]
                    Frame.category.in_(sorted(categories)),  # type: ignore[union-attr]
                    Frame.problem.is_(None),  # type: ignore[union-attr]
                )
                .with_hint(Frame, "INDEXED BY ix_frame_night_category", "sqlite")  # not (category, mjd)
            )
            for fid, night, filename, category, mjd, ob_id, stored, *found in rows:
                setup = setups.get(stored) if isinstance(stored, str) else None
                if setup is None:
                    setup = (json.loads(stored) if isinstance(stored, str) else stored) or {}
                    if isinstance(stored, str):
                        setups[stored] = setup
                token = tuple(found) if all(isinstance(v, str | None) for v in found) else None
                text = groups.get(token) if token is not None else None
                if text is None:
                    group = decode_values(found, keys, dialect)
                    text = tuple("" if v is None else str(v).strip() for v in group)
                    if token is not None:
                        groups[token] = text
                yield _Trigger(fid, night, filename, category, mjd, ob_id, setup, text)


def _groups(triggers: list[_Trigger], wanted: tuple[int, ...] | None) -> list[list[_Trigger]]:
    """Frames of a night with equal values of the wanted keys form one group; ``None``: one per file."""
    ordered = sorted(triggers, key=lambda f: (f.night, f.mjd_obs or 0.0, f.filename))
    if wanted is None:
        return [[f] for f in ordered]
    groups: dict[tuple, list[_Trigger]] = defaultdict(list)
    for frame in ordered:
        groups[(frame.night, *(frame.group[i] for i in wanted))].append(frame)
    return list(groups.values())


def _insert_new(
    ctx: Context, instrument: str, planned: list[tuple[RecipeChain, list[_Trigger]]]
) -> list[Dataset]:
    named = [
        (f"{instrument}:{chain.name}:{group[0].filename.removesuffix('.fits')}", chain, group)
        for chain, group in planned
    ]
    names = [name for name, _, _ in named]
    with ctx.db.session() as session:
        existing = set()
        for chunk in _chunks(names, 500):
            existing.update(session.exec(select(Dataset.name).where(Dataset.name.in_(chunk))))  # type: ignore[attr-defined]
        now = utcnow()
        new = [
            {
                "name": name,
                "instrument": instrument,
                "night": group[0].night,
                "kind": chain.kind.value,
                "category": chain.trigger,
                "arm": chain.arm,
                "chain": chain.name,
                "mjd_obs": group[0].mjd_obs or 0.0,
                "setup": dict(group[0].setup),
                "ob_id": group[0].ob_id,
                "status": DatasetStatus.DEFINED.value,
                "updated": now,
            }
            for name, chain, group in named
            if name not in existing
        ]
        if new:
            insert_rows(session, Dataset.__table__, new)  # type: ignore[arg-type]
            ids = {}
            for chunk in _chunks([row["name"] for row in new], 500):
                ids.update(
                    session.exec(select(Dataset.name, Dataset.id).where(Dataset.name.in_(chunk))).all()
                )  # type: ignore[attr-defined]
            members = [
                {"dataset_id": ids[name], "frame_id": frame.id, "tag": frame.category}
                for name, _, group in named
                if name in ids and name not in existing
                for frame in group
            ]
            insert_rows(session, DatasetMember.__table__, members)  # type: ignore[arg-type]
    found: dict[str, Dataset] = {}
    with ctx.db.session() as session:  # read after the write transaction: parallel planners wait less
        for chunk in _chunks(names, 500):
            found.update((d.name, d) for d in session.exec(select(Dataset).where(Dataset.name.in_(chunk))))  # type: ignore[attr-defined]
    return [found[name] for name in names]


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def trigger_frames(ctx: Context, dataset: Dataset) -> list[Frame]:
    """The dataset's frames of its trigger category (its science or calibration group), earliest first."""
    with ctx.db.session() as session:
        return list(
            session.exec(
                select(Frame)
                .join(DatasetMember, DatasetMember.frame_id == Frame.id)
                .where(DatasetMember.dataset_id == dataset.id, DatasetMember.tag == dataset.category)
                .order_by(Frame.mjd_obs)
            )
        )


def lead_frame(ctx: Context, dataset: Dataset) -> Frame:
    """The first frame of the dataset's trigger category: its reference for association and headers."""
    frames = trigger_frames(ctx, dataset)
    if not frames:
        raise PhoenixError(f"{dataset.name}: has no {dataset.category} frame")
    return frames[0]
