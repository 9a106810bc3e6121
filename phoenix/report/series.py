"""Trend series read from the QC tables: one parameter of one product category, setup and instrument."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from phoenix.db.models import Dataset, QcScore, QcValue
from phoenix.report.colours import normalise


@dataclass(frozen=True, order=True)
class SeriesKey:
    """What makes values comparable: like with like, as the Health Check monitor trends them."""

    instrument: str
    setup_key: str
    product_category: str
    name: str

    @classmethod
    def of(cls, value: QcValue) -> SeriesKey:
        return cls(value.instrument, value.setup_key, value.product_category, value.name)


@dataclass(frozen=True)
class Point:
    """One QC value with its score and the thresholds it was scored against."""

    qc_value_id: int
    dataset: str
    night: str
    kind: str
    mjd_obs: float
    value: float | None
    text: str | None
    unit: str
    score: str
    lower: float | None
    upper: float | None
    method: str
    reason: str


def point_query():  # type: ignore[no-untyped-def]
    """QC values with their dataset and (where scored) their score."""
    return (
        select(QcValue, Dataset, QcScore)
        .join(Dataset, Dataset.id == QcValue.dataset_id)
        .join(QcScore, QcScore.qc_value_id == QcValue.id, isouter=True)  # type: ignore[arg-type]
    )


def to_point(value: QcValue, dataset: Dataset, score: QcScore | None) -> Point:
    return Point(
        qc_value_id=int(value.id or 0),
        dataset=dataset.name,
        night=dataset.night,
        kind=dataset.kind,
        mjd_obs=value.mjd_obs,
        value=value.value,
        text=value.text,
        unit=value.unit,
        score=normalise(score.score if score else None),
        lower=score.lower if score else None,
        upper=score.upper if score else None,
        method=score.method if score else "",
        reason=score.reason if score else "not scored",
    )


def load_series(
    session: Session, key: SeriesKey, night_from: str | None = None, night_to: str | None = None
) -> list[Point]:
    """Every value of the series, oldest first, optionally only of nights ``night_from``..``night_to``."""
    query = point_query().where(
        QcValue.instrument == key.instrument,
        QcValue.setup_key == key.setup_key,
        QcValue.product_category == key.product_category,
        QcValue.name == key.name,
    )
    if night_from:
        query = query.where(Dataset.night >= night_from)
    if night_to:
        query = query.where(Dataset.night <= night_to)
    rows = session.exec(query.order_by(QcValue.mjd_obs, QcValue.id))  # type: ignore[arg-type]
    return [to_point(value, dataset, score) for value, dataset, score in rows]
