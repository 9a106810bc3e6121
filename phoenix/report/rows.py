"""The rows of a night's score report: each dataset with one box per QC value."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from phoenix.db.models import Dataset, QcValue
from phoenix.report.colours import normalise, worst
from phoenix.report.series import Point, SeriesKey, point_query, to_point


@dataclass(frozen=True)
class Box:
    """One QC value of a dataset, with the series it is trended in."""

    key: SeriesKey
    point: Point


@dataclass(frozen=True)
class DatasetRow:
    """A dataset as the report shows it; ``score`` is the stored overall score, else the worst box."""

    id: int
    name: str
    kind: str
    arm: str
    category: str
    ob_grade: str
    ob_comment: str
    status: str
    score: str
    boxes: tuple[Box, ...]


def night_rows(session: Session, instrument: str, night: str) -> list[DatasetRow]:
    """The night's datasets of ``instrument`` (calibrations first, then by name) and their boxes."""
    datasets = session.exec(
        select(Dataset)
        .where(Dataset.instrument == instrument, Dataset.night == night)
        .order_by(Dataset.kind, Dataset.name)
    )
    boxes: dict[int, list[Box]] = {}
    rows = session.exec(
        point_query()
        .where(QcValue.instrument == instrument, Dataset.night == night)
        .order_by(QcValue.product_category, QcValue.id)
    )
    for value, dataset, score in rows:
        boxes.setdefault(int(dataset.id), []).append(
            Box(SeriesKey.of(value), to_point(value, dataset, score))
        )
    return [_row(d, tuple(boxes.get(int(d.id or 0), ()))) for d in datasets]


def _row(dataset: Dataset, boxes: tuple[Box, ...]) -> DatasetRow:
    score = normalise(dataset.qc_score) if dataset.qc_score else worst(b.point.score for b in boxes)
    return DatasetRow(
        id=int(dataset.id or 0),
        name=dataset.name,
        kind=dataset.kind,
        arm=dataset.arm,
        category=dataset.category,
        ob_grade=dataset.ob_grade or "",
        ob_comment=dataset.ob_comment or "",
        status=str(dataset.status),
        score=score,
        boxes=boxes,
    )
