"""What ``phoenix status`` shows: every dataset with its members, associations, state and products."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from phoenix.db.models import ArchiveEntry, Association, Dataset, DatasetMember, Frame, Job
from phoenix.production.context import Context


def night_status(ctx: Context, instrument: str | None = None, night: str | None = None) -> dict[str, Any]:
    """A JSON-able report of datasets and of the frames that could not be used."""
    with ctx.db.session() as session:
        query = select(Dataset)
        frames_query = select(Frame).where(Frame.problem.is_not(None))  # type: ignore[union-attr]
        if instrument:
            query = query.where(Dataset.instrument == instrument)
            frames_query = frames_query.where(Frame.instrument == instrument)
        if night:
            query = query.where(Dataset.night == night)
            frames_query = frames_query.where(Frame.night == night)
        datasets = [_dataset(session, d) for d in session.exec(query.order_by(Dataset.kind, Dataset.name))]
        problems = [
            {"file": f.filename, "night": f.night, "reason": f.problem, "keyword": f.problem_keyword}
            for f in session.exec(frames_query.order_by(Frame.filename))
        ]
    return {"datasets": datasets, "frame_problems": problems}


def _dataset(session, dataset: Dataset) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    members = session.exec(
        select(DatasetMember, Frame)
        .where(DatasetMember.dataset_id == dataset.id, DatasetMember.frame_id == Frame.id)
        .order_by(Frame.mjd_obs)
    )
    associations = session.exec(
        select(Association).where(Association.dataset_id == dataset.id).order_by(Association.category)
    )
    jobs = session.exec(select(Job).where(Job.dataset_id == dataset.id).order_by(Job.started))
    archived = session.exec(
        select(ArchiveEntry).where(ArchiveEntry.dataset_id == dataset.id).order_by(ArchiveEntry.name)
    )
    return {
        "name": dataset.name,
        "instrument": dataset.instrument,
        "night": dataset.night,
        "kind": dataset.kind,
        "category": dataset.category,
        "arm": dataset.arm,
        "status": dataset.status,
        "qc_score": dataset.qc_score,
        "message": dataset.message,
        "ob": {"id": dataset.ob_id, "grade": dataset.ob_grade, "comment": dataset.ob_comment},
        "members": [{"file": f.filename, "tag": m.tag} for m, f in members],
        "associations": [
            {
                "category": a.category,
                "source": a.source,
                "target": a.target,
                "level": a.level,
                "delta_days": a.delta_days,
                "status": a.status,
                "reason": a.reason,
            }
            for a in associations
        ],
        "jobs": [
            {
                "id": j.id[:16],
                "step": j.step,
                "recipe": j.recipe,
                "status": j.status,
                "wall_s": j.wall_s,
                "pipeline": j.pipeline_version,
                "error": j.error,
            }
            for j in jobs
        ],
        "archived": [
            {"kind": e.kind, "name": e.name, "path": e.path, "category": e.category} for e in archived
        ],
    }
