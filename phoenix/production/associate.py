"""Step 2: associate each dataset with the calibrations its chain needs, and store why.

Candidates come from the archive catalog (certified masters, static tables) and from the
bookkeeping (raw calibration frames, for master reconstruction). The choice itself is
:func:`phoenix.associate.associate`; this module feeds it and records the outcome.
"""

from __future__ import annotations

from sqlmodel import delete, func, select

from phoenix.associate import Candidate, CandidateIndex, associate
from phoenix.db.models import ArchiveEntry, Association, Dataset, DatasetMember, DatasetStatus, Frame, utcnow
from phoenix.production.context import Context
from phoenix.production.datasets import lead_frame
from phoenix.types import Source

# statuses a re-association may move a dataset out of; later ones mean it already went through
_OPEN = {DatasetStatus.DEFINED, DatasetStatus.ASSOCIATED, DatasetStatus.INCOMPLETE, DatasetStatus.FAILED}


def candidate_indexes(ctx: Context, instrument: str) -> dict[Source, CandidateIndex]:
    """Every candidate of the instrument, indexed per source (built once per association pass)."""
    with ctx.db.session() as session:
        archived = list(
            session.exec(
                select(ArchiveEntry).where(
                    ArchiveEntry.instrument == instrument, ArchiveEntry.kind.in_(["master", "static"])
                )
            )
        )  # type: ignore[attr-defined]
        frames = list(
            session.exec(
                select(Frame).where(
                    Frame.instrument == instrument, Frame.problem.is_(None), Frame.category.is_not(None)
                )
            )
        )  # type: ignore[union-attr]

    def from_archive(kind: str) -> CandidateIndex:
        return CandidateIndex.build(
            Candidate(
                e.name, e.category or "", e.mjd_obs or 0.0, e.keys, e.certified if kind == "master" else None
            )
            for e in archived
            if e.kind == kind
        )

    raw = CandidateIndex.build(
        Candidate(f.filename, f.category or "", mid_exposure(f), f.keys) for f in frames
    )
    return {Source.MASTER: from_archive("master"), Source.STATIC: from_archive("static"), Source.RAW: raw}


def mid_exposure(frame: Frame) -> float:
    return (frame.mjd_obs or 0.0) + (frame.exptime or 0.0) / 2.0 / 86400.0


def associate_datasets(ctx: Context, datasets: list[Dataset]) -> list[Dataset]:
    """Associate every dataset; returns them refreshed (INCOMPLETE ones carry the reasons)."""
    indexes: dict[str, dict[Source, CandidateIndex]] = {}
    out = []
    for dataset in datasets:
        if dataset.instrument not in indexes:
            indexes[dataset.instrument] = candidate_indexes(ctx, dataset.instrument)
        out.append(_associate_one(ctx, dataset, indexes[dataset.instrument]))
    return out


def _associate_one(ctx: Context, dataset: Dataset, index: dict[Source, CandidateIndex]) -> Dataset:
    rules = [
        r for r in ctx.instruments.associations(dataset.instrument) if dataset.category in r.for_categories
    ]
    lead = lead_frame(ctx, dataset)
    with ctx.db.session() as session:
        session.exec(delete(Association).where(Association.dataset_id == dataset.id))  # type: ignore[call-overload]
        session.exec(
            delete(DatasetMember).where(
                DatasetMember.dataset_id == dataset.id,  # type: ignore[call-overload]
                DatasetMember.tag != dataset.category,
            )
        )
        members = session.exec(
            select(func.count()).select_from(DatasetMember).where(DatasetMember.dataset_id == dataset.id)
        ).one()
        needed = ctx.instruments.datasets(dataset.instrument).min_members.get(dataset.category, 1)
        missing = [] if members >= needed else [f"only {members} {dataset.category} frame(s); needs {needed}"]
        for rule in rules:
            outcome = associate(lead.keys, mid_exposure(lead), rule, index[rule.source])
            if not outcome.ok:
                session.add(
                    Association(
                        dataset_id=dataset.id,
                        category=rule.category,
                        source=rule.source,
                        status="missing",
                        reason=outcome.reason,
                    )
                )
                if rule.required:
                    missing.append(outcome.reason)
                continue
            for pick in outcome.picks:
                session.add(
                    Association(
                        dataset_id=dataset.id,
                        category=rule.category,
                        source=rule.source,
                        target=pick.candidate.id,
                        level=outcome.level,
                        delta_days=pick.delta_days,
                        rank=pick.rank,
                        reason=outcome.reason,
                    )
                )
                if rule.source is Source.RAW:
                    frame = session.exec(
                        select(Frame).where(
                            Frame.instrument == dataset.instrument, Frame.filename == pick.candidate.id
                        )
                    ).one()
                    session.add(DatasetMember(dataset_id=dataset.id, frame_id=frame.id, tag=rule.category))
        row = session.get(Dataset, dataset.id)
        if missing:
            row.status, row.message = DatasetStatus.INCOMPLETE.value, "; ".join(missing)
        elif row.status in _OPEN:
            row.status, row.message = DatasetStatus.ASSOCIATED.value, None
        row.updated = utcnow()
        session.add(row)
        session.flush()
        session.refresh(row)
        return row
