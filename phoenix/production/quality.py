"""Steps 7 and 8: QC values measured and scored, and the review gate before ingestion.

Scores are kept per QC value with the threshold that applied; a dataset's score is the worst of
its values. What happens next is the instrument's review policy: green goes on to Phase 3 and
ingestion; red (or everything, for ``always``) waits in the review queue until a person accepts
or rejects it, and the decision, who made it and why are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlmodel import delete, select

from phoenix.db.models import Dataset, DatasetStatus, QcScore, QcValue, Review, utcnow
from phoenix.errors import PhoenixError
from phoenix.production.context import Context
from phoenix.production.datasets import trigger_frames
from phoenix.production.execute import setup_key
from phoenix.production.publish import (
    certify_masters,
    dataset_jobs,
    dataset_products,
    ingest_products,
    prepare_phase3,
)
from phoenix.qc.measures import RAW_MEASURES, SPECTRUM_MEASURES, saturated_fraction, spectrum_measures
from phoenix.qc.scoring import Colour, score_value, worst
from phoenix.types import ChainKind, QcDefinition, QcThreshold, ReviewPolicy

CERTIFIED_STATUSES = (DatasetStatus.CERTIFIED.value, DatasetStatus.INGESTED.value)
HISTORY_LIMIT = 500


def measure(ctx: Context, dataset: Dataset) -> dict[str, float]:
    """Compute the engine's own QC values the instrument declares, and store them."""
    declared = [q for q in ctx.instruments.qc_parameters(dataset.instrument) if q.keyword is None]
    values: list[tuple[str, QcDefinition, float]] = []
    jobs = dataset_jobs(ctx, dataset)
    if dataset.kind == ChainKind.SCIENCE and any(q.name in SPECTRUM_MEASURES for q in declared):
        products = dataset_products(ctx, dataset, jobs)
        category_of = {path: cat for cat, paths in products.items() for path in paths}
        spectra = ctx.instruments.call(dataset.instrument, "phoenix_extract_spectra", products=products)
        for spectrum in spectra:
            category = category_of.get(spectrum.source_file, "")
            measured = spectrum_measures(spectrum)
            values += [
                (category, q, measured[q.name])
                for q in declared
                if q.name in measured and category.startswith(q.product)
            ]
    if any(q.name in RAW_MEASURES for q in declared):
        for frame in trigger_frames(ctx, dataset):
            wanted = [
                q for q in declared if q.name in RAW_MEASURES and (frame.category or "").startswith(q.product)
            ]
            if wanted:
                fraction = saturated_fraction(Path(frame.path))
                values += [(frame.category or "", q, fraction) for q in wanted]
    final_job = jobs[-1]
    with ctx.db.session() as session:
        for category, q, value in values:
            old = session.exec(
                select(QcValue).where(
                    QcValue.job_id == final_job, QcValue.name == q.name, QcValue.product_category == category
                )
            ).first()
            if old is not None:
                session.exec(delete(QcScore).where(QcScore.qc_value_id == old.id))  # type: ignore[call-overload]
                session.delete(old)
                session.flush()
            session.add(
                QcValue(
                    instrument=dataset.instrument,
                    dataset_id=int(dataset.id or 0),
                    job_id=final_job,
                    product_category=category,
                    arm=dataset.arm,
                    setup_key=setup_key(dataset.setup),
                    name=q.name,
                    value=value,
                    unit=q.unit,
                    mjd_obs=dataset.mjd_obs,
                )
            )
    return {f"{q.name} {category}": value for category, q, value in values}


def history(ctx: Context, value: QcValue, exclude_dataset: int) -> list[float]:
    """Earlier certified values of the same parameter, product and setup, newest first."""
    with ctx.db.session() as session:
        rows = session.exec(
            select(QcValue.value)
            .join(Dataset, Dataset.id == QcValue.dataset_id)
            .where(
                QcValue.instrument == value.instrument,
                QcValue.name == value.name,
                QcValue.product_category == value.product_category,
                QcValue.setup_key == value.setup_key,
                QcValue.mjd_obs <= value.mjd_obs,
                QcValue.dataset_id != exclude_dataset,
                Dataset.status.in_(CERTIFIED_STATUSES),
                QcValue.value.is_not(None),  # type: ignore[attr-defined,union-attr]
            )
            .order_by(QcValue.mjd_obs.desc())
            .limit(HISTORY_LIMIT)  # type: ignore[attr-defined]
        )
        return [float(v) for v in rows]


def score(ctx: Context, dataset: Dataset) -> Colour:
    """Score every QC value of the dataset's jobs; store the scores and the dataset's worst."""
    jobs = dataset_jobs(ctx, dataset)
    with ctx.db.session() as session:
        values = list(session.exec(select(QcValue).where(QcValue.job_id.in_(jobs))))  # type: ignore[attr-defined]
    return score_values(ctx, dataset, values)


def score_values(ctx: Context, dataset: Dataset, values: Sequence[QcValue]) -> Colour:
    """Score ``values`` against the instrument's thresholds and the setup's certified history."""
    thresholds: Sequence[QcThreshold] = ctx.instruments.call_optional(
        dataset.instrument, "phoenix_declare_qc_thresholds", default=()
    )
    scored = [
        (
            value,
            score_value(
                value.name, value.value, dataset.setup, thresholds, history(ctx, value, int(dataset.id or 0))
            ),
        )
        for value in values
    ]
    overall = worst(result.colour for _, result in scored)
    with ctx.db.session() as session:
        ids = [v.id for v, _ in scored]
        session.exec(delete(QcScore).where(QcScore.qc_value_id.in_(ids)))  # type: ignore[attr-defined,call-overload]
        for value, result in scored:
            session.add(
                QcScore(
                    qc_value_id=value.id,
                    dataset_id=int(dataset.id or 0),
                    name=value.name,
                    score=result.colour.value,
                    lower=result.lower,
                    upper=result.upper,
                    method=result.method,
                    reason=result.reason,
                )
            )
        row = session.get(Dataset, dataset.id)
        row.qc_score = overall.value
        session.add(row)
    return overall


def quality_control(ctx: Context, dataset: Dataset) -> Colour:
    """Step 7: measure, then score."""
    measure(ctx, dataset)
    return score(ctx, dataset)


def review_gate(ctx: Context, dataset: Dataset, *, reopen: bool = False) -> bool:
    """Step 8: True when the dataset may go on to Phase 3 and ingestion.

    A decision already taken stands (accepted: go on; rejected: stay out) unless ``reopen``
    (a forced reprocessing) asks for a new look at new products.
    """
    policy = ReviewPolicy(
        ctx.instruments.call_optional(
            dataset.instrument, "phoenix_declare_review_policy", default=ReviewPolicy.ON_RED
        )
    )
    with ctx.db.session() as session:
        row = session.get(Dataset, dataset.id)
        review = session.exec(
            select(Review).where(Review.dataset_id == dataset.id).order_by(Review.opened.desc())
        ).first()  # type: ignore[attr-defined]
        if review is not None and reopen and review.state != "pending":
            review = None
        if review is not None and review.state == "accepted":
            return True
        if review is not None and review.state == "rejected":
            row.status, row.message = (
                DatasetStatus.REJECTED.value,
                f"rejected by {review.reviewer}: {review.comment}",
            )
            session.add(row)
            return False
        needed = policy is ReviewPolicy.ALWAYS or (
            policy is ReviewPolicy.ON_RED and row.qc_score == Colour.RED
        )
        if not needed:
            row.status, row.message, row.updated = DatasetStatus.CERTIFIED.value, None, utcnow()
            session.add(row)
            return True
        if review is None:
            session.add(Review(dataset_id=int(dataset.id or 0), score=row.qc_score))
        reds = session.exec(
            select(QcScore).where(QcScore.dataset_id == dataset.id, QcScore.score == Colour.RED)
        )
        why = "; ".join(f"{s.name}: {s.reason}" for s in reds) or f"review policy {policy.value}"
        row.status, row.message, row.updated = (
            DatasetStatus.REVIEW.value,
            f"held for review ({why})",
            utcnow(),
        )
        session.add(row)
        return False


def pending_reviews(
    ctx: Context, instrument: str | None = None, state: str | None = "pending"
) -> list[tuple[Review, Dataset]]:
    with ctx.db.session() as session:
        query = select(Review, Dataset).where(Review.dataset_id == Dataset.id)
        if instrument:
            query = query.where(Dataset.instrument == instrument)
        if state:
            query = query.where(Review.state == state)
        return list(session.exec(query.order_by(Review.opened)))


def decide(ctx: Context, dataset_name: str, *, accept: bool, reviewer: str, comment: str) -> Review:
    """Record a person's decision on a dataset held for review."""
    if not comment.strip() and not accept:
        raise PhoenixError("a rejection needs a comment saying why")
    with ctx.db.session() as session:
        dataset = session.exec(select(Dataset).where(Dataset.name == dataset_name)).first()
        if dataset is None:
            raise PhoenixError(f"no dataset named {dataset_name!r}")
        review = session.exec(
            select(Review).where(Review.dataset_id == dataset.id, Review.state == "pending")
        ).first()
        if review is None:
            raise PhoenixError(f"{dataset_name} is not waiting for review (status {dataset.status})")
        review.state = "accepted" if accept else "rejected"
        review.reviewer, review.comment, review.decided = reviewer, comment, utcnow()
        session.add(review)
        if not accept:
            dataset.status, dataset.message = (
                DatasetStatus.REJECTED.value,
                f"rejected by {reviewer}: {comment}",
            )
            session.add(dataset)
        session.flush()
        session.refresh(review)
        return review


def qc_scores(ctx: Context, dataset: Dataset) -> list[tuple[QcValue, QcScore | None]]:
    """The dataset's QC values with their scores (None where not scored yet)."""
    jobs = dataset_jobs(ctx, dataset)
    with ctx.db.session() as session:
        values = session.exec(
            select(QcValue)
            .where(QcValue.job_id.in_(jobs))  # type: ignore[attr-defined]
            .order_by(QcValue.product_category, QcValue.name)
        )
        return [(v, session.exec(select(QcScore).where(QcScore.qc_value_id == v.id)).first()) for v in values]


def dataset_by_name(ctx: Context, name: str) -> Dataset:
    with ctx.db.session() as session:
        dataset = session.exec(select(Dataset).where(Dataset.name == name)).first()
    if dataset is None:
        raise PhoenixError(f"no dataset named {name!r}")
    return dataset


def publish_accepted(ctx: Context, dataset: Dataset) -> list[str]:
    """After acceptance: certify a calibration dataset's masters, or write and ingest the products."""
    if dataset.kind == ChainKind.CALIBRATION:
        return certify_masters(ctx, dataset)
    prepare_phase3(ctx, dataset)
    return ingest_products(ctx, dataset)
