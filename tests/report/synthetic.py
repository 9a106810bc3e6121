"""A tiny bookkeeping database with QC values and scores over a few nights, filled through the models."""

from __future__ import annotations

from dataclasses import dataclass

from phoenix.db import Database
from phoenix.db.models import Dataset, Job, QcScore, QcValue

INSTRUMENT = "uves"
SETUP = "DET BINX=1,INS PATH=BLUE,INS GRAT1 WLEN=390"
NIGHTS = ("2016-05-01", "2016-05-02", "2016-05-03", "2016-05-04")
RED_NIGHT = "2016-05-03"  # the science dataset's median_snr falls below its threshold
BIAS = "MASTER_BIAS_BLUE"
SCIENCE = "RED_SCIENCE_BLUE"
RON_LIMITS = (2.0, 4.0)
SNR_LIMITS = (20.0, None)


@dataclass(frozen=True)
class Filled:
    """Ids of what :func:`fill` wrote, for the assertions."""

    red_value_id: int  # the red median_snr of RED_NIGHT
    red_dataset: str
    grey_value_id: int  # an unscored value (barycentric_rv) of RED_NIGHT


def mjd_of(night: str) -> float:
    return 57509.0 + NIGHTS.index(night) + 0.1  # 2016-05-01 is MJD 57509


def fill(db: Database) -> Filled:
    """Per night a bias (calibration) and a science dataset, with green, red and grey values."""
    red = grey = 0
    with db.session() as session:
        for n, night in enumerate(NIGHTS):
            bias = _dataset(session, f"UVES.{night}.BIAS", night, "calibration", "BIAS_BLUE", "A", "")
            science = _dataset(
                session, f"UVES.{night}.SCI", night, "science", "SCIENCE_BLUE", "B", "thin clouds <script>"
            )
            _value(session, bias, BIAS, "ron_master", 3.0 + 0.1 * n, "ADU", "green", RON_LIMITS)
            _value(session, bias, BIAS, "structure_x", 0.2, "ADU", "green", (None, 1.0))
            snr = 12.0 if night == RED_NIGHT else 40.0 + n
            value = _value(
                session, science, SCIENCE, "median_snr", snr, "", "red" if snr < 20 else "green", SNR_LIMITS
            )
            other = _value(session, science, SCIENCE, "barycentric_rv", -12.5 + n, "km/s", None, None)
            science.qc_score = "red" if snr < 20 else "green"
            session.add(science)
            if night == RED_NIGHT:
                red, grey = value, other
    return Filled(red_value_id=red, red_dataset=f"UVES.{RED_NIGHT}.SCI", grey_value_id=grey)


def _dataset(session, name: str, night: str, kind: str, category: str, grade: str, comment: str) -> Dataset:  # type: ignore[no-untyped-def]
    dataset = Dataset(
        name=name,
        instrument=INSTRUMENT,
        night=night,
        kind=kind,
        category=category,
        arm="BLUE",
        chain=kind,
        mjd_obs=mjd_of(night),
        ob_grade=grade,
        ob_comment=comment or None,
        status="ingested" if kind == "calibration" else "review",
    )
    session.add(dataset)
    session.flush()
    session.add(
        Job(id=f"job-{name}", dataset_id=dataset.id, chain=kind, step="s", recipe="r", runner="python")
    )
    session.flush()
    return dataset


def _value(session, dataset, category, name, value, unit, score, limits) -> int:  # type: ignore[no-untyped-def]
    row = QcValue(
        instrument=INSTRUMENT,
        dataset_id=dataset.id,
        job_id=f"job-{dataset.name}",
        product_category=category,
        arm="BLUE",
        setup_key=SETUP,
        name=name,
        value=value,
        unit=unit,
        mjd_obs=dataset.mjd_obs,
    )
    session.add(row)
    session.flush()
    if score is not None:
        lower, upper = limits
        reason = "within thresholds" if score == "green" else f"{value} < {lower} (fixed hard)"
        session.add(
            QcScore(
                qc_value_id=row.id,
                dataset_id=dataset.id,
                name=name,
                score=score,
                lower=lower,
                upper=upper,
                method="fixed hard",
                reason=reason,
            )
        )
    return int(row.id)
