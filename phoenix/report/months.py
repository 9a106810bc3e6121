"""The nights of a month that have datasets, each with its overall score and counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlmodel import Session, select

from phoenix.db.models import Dataset, QcScore
from phoenix.report.colours import normalise, worst


@dataclass(frozen=True)
class NightSummary:
    """One night of one instrument: its datasets' scores and states."""

    night: str
    datasets: int
    scores: dict[str, int]  # green/red/grey -> datasets with that overall score
    statuses: dict[str, int]
    score: str  # the worst of its datasets


def month_nights(session: Session, instrument: str, month: str) -> list[NightSummary]:
    """Summaries of the nights ``YYYY-MM-*`` of ``instrument``, in date order."""
    datasets = list(
        session.exec(
            select(Dataset)
            .where(Dataset.instrument == instrument, Dataset.night.like(f"{month}-%"))  # type: ignore[attr-defined]
            .order_by(Dataset.night, Dataset.name)
        )
    )
    scored = _scores_by_dataset(session, [int(d.id or 0) for d in datasets])
    by_night: dict[str, list[tuple[Dataset, str]]] = {}
    for d in datasets:
        score = normalise(d.qc_score) if d.qc_score else worst(scored.get(int(d.id or 0), ()))
        by_night.setdefault(d.night, []).append((d, score))
    return [
        NightSummary(
            night=night,
            datasets=len(items),
            scores=dict(Counter(score for _, score in items)),
            statuses=dict(Counter(str(d.status) for d, _ in items)),
            score=worst(score for _, score in items),
        )
        for night, items in by_night.items()
    ]


def _scores_by_dataset(session: Session, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if ids:
        rows = session.exec(
            select(QcScore.dataset_id, QcScore.score).where(QcScore.dataset_id.in_(ids))  # type: ignore[attr-defined]
        )
        for dataset_id, score in rows:
            out.setdefault(int(dataset_id), []).append(score)
    return out
