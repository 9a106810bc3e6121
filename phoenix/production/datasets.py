"""Step 1b: group classified frames into datasets, one per chain trigger (file or template)."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import select

from phoenix.db.models import Dataset, DatasetMember, Frame, utcnow
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
    definition = ctx.instruments.datasets(instrument)
    chains = [c for c in ctx.instruments.chains(instrument) if kind is None or c.kind is kind]
    with ctx.db.session() as session:
        frames = list(
            session.exec(
                select(Frame).where(
                    Frame.instrument == instrument,
                    Frame.night == night,
                    Frame.problem.is_(None),
                    Frame.category.is_not(None),
                )  # type: ignore[union-attr]
            )
        )
    out: list[Dataset] = []
    for chain in chains:
        triggers = [f for f in frames if f.category == chain.trigger]
        if chain.kind is ChainKind.CALIBRATION:
            groups = _grouped(triggers, definition.calibration_group_keys)
        elif definition.grouping is Grouping.FILE:
            groups = [[f] for f in _ordered(triggers)]
        else:
            groups = _grouped(triggers, definition.group_keywords)
        out.extend(_upsert(ctx, instrument, night, chain, group) for group in groups)
    return out


def _ordered(frames: list[Frame]) -> list[Frame]:
    return sorted(frames, key=lambda f: (f.mjd_obs or 0.0, f.filename))


def _grouped(frames: list[Frame], keys: tuple[str, ...]) -> list[list[Frame]]:
    """Frames with equal values of ``keys`` form one group (a keyword absent everywhere is equal)."""
    groups: dict[tuple, list[Frame]] = defaultdict(list)
    for frame in _ordered(frames):
        groups[tuple(str(frame.keys.get(k, "")).strip() for k in keys)].append(frame)
    return list(groups.values())


def _upsert(ctx: Context, instrument: str, night: str, chain: RecipeChain, group: list[Frame]) -> Dataset:
    lead = group[0]
    name = dataset_name(instrument, chain, lead)
    with ctx.db.session() as session:
        dataset = session.exec(select(Dataset).where(Dataset.name == name)).first()
        if dataset is None:
            dataset = Dataset(
                name=name,
                instrument=instrument,
                night=night,
                kind=chain.kind.value,
                category=chain.trigger,
                arm=chain.arm,
                chain=chain.name,
                mjd_obs=lead.mjd_obs or 0.0,
                setup=dict(lead.setup),
                ob_id=lead.ob_id,
                updated=utcnow(),
            )
            session.add(dataset)
            session.flush()
            for frame in group:
                session.add(DatasetMember(dataset_id=dataset.id, frame_id=frame.id, tag=frame.category or ""))
            session.flush()
        session.refresh(dataset)
        return dataset


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
