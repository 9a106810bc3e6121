"""Bookkeeping tables: what was seen, grouped, associated, run, produced, measured and ingested.

The schema is owned by the alembic migrations in ``phoenix/db/migrations``; these models must
match them (a test checks that autogenerate finds no difference).
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def _json() -> Any:
    return Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class DatasetStatus(enum.StrEnum):
    """Where a dataset stands in the production line."""

    DEFINED = "defined"
    ASSOCIATED = "associated"
    INCOMPLETE = "incomplete"  # a required calibration is missing; the reason is stored
    PROCESSED = "processed"
    FAILED = "failed"
    REVIEW = "review"  # waits for a person's decision (red QC, or the instrument reviews everything)
    REJECTED = "rejected"  # a person kept it out of the archive; the comment says why
    CERTIFIED = "certified"
    PROPRIETARY = "proprietary"  # products held back until the latest release date of their inputs
    INGESTED = "ingested"


class JobStatus(enum.StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Run(SQLModel, table=True):
    """One invocation of a flow, with the settings it ran with."""

    id: int | None = Field(default=None, primary_key=True)
    instrument: str = Field(index=True)
    night: str = Field(index=True)
    mode: str
    status: str = "running"
    started: datetime = Field(default_factory=utcnow)
    finished: datetime | None = None
    settings: dict[str, Any] = _json()
    settings_digest: str = ""
    summary: dict[str, Any] = _json()


class Claim(SQLModel, table=True):
    """Who works on a unit of a batch (a month, a night) now: one row per unit, taken by compare-and-set.

    A worker holds the unit while ``expires`` (Unix seconds) lies ahead and renews it by heartbeat;
    a worker that died stops renewing, and another takes the unit over once the lease ran out.
    """

    __table_args__ = (UniqueConstraint("instrument", "scope", "unit"),)

    id: int | None = Field(default=None, primary_key=True)
    instrument: str
    scope: str  # "month" or "night"
    unit: str  # YYYY-MM or YYYY-MM-DD
    owner: str = ""  # host:pid:token of the holder
    expires: float = 0.0
    taken: int = 0  # how many times the unit was claimed (a takeover after a crash counts)


class Frame(SQLModel, table=True):
    """A raw frame seen in the archive, classified (or with the reason it could not be)."""

    # candidates for association by category around a time; a night's frames by category
    __table_args__ = (
        UniqueConstraint("instrument", "filename"),
        Index("ix_frame_candidates", "instrument", "category", "mjd_obs"),
        Index("ix_frame_night_category", "instrument", "night", "category"),
    )

    id: int | None = Field(default=None, primary_key=True)
    instrument: str = Field(index=True)
    night: str = Field(index=True)
    filename: str
    path: str
    checksum: str = ""
    mjd_obs: float | None = Field(default=None, index=True)
    exptime: float | None = None
    category: str | None = Field(default=None, index=True)
    role: str | None = None
    arm: str | None = None
    ob_id: int | None = Field(default=None, index=True)
    tpl_start: str | None = None
    setup: dict[str, Any] = _json()
    keys: dict[str, Any] = _json()
    problem: str | None = None
    problem_keyword: str | None = None
    release_date: datetime | None = None  # end of the proprietary period (archive metadata); None = public


class Dataset(SQLModel, table=True):
    """A unit of processing: a science dataset, or a group of raw calibrations for a master."""

    __table_args__ = (Index("ix_dataset_night_kind", "instrument", "night", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    instrument: str = Field(index=True)
    night: str = Field(index=True)
    kind: str  # "science" or "calibration"
    category: str
    arm: str
    chain: str
    mjd_obs: float
    setup: dict[str, Any] = _json()
    ob_id: int | None = None
    ob_grade: str | None = None
    ob_comment: str | None = None
    status: str = Field(default=DatasetStatus.DEFINED, index=True)
    qc_score: str | None = None  # worst score of its QC parameters: green, red or grey
    message: str | None = None
    updated: datetime = Field(default_factory=utcnow)


class DatasetMember(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("dataset_id", "frame_id"),)

    id: int | None = Field(default=None, primary_key=True)
    dataset_id: int = Field(foreign_key="dataset.id", index=True)
    frame_id: int = Field(foreign_key="frame.id", index=True)
    tag: str


class Association(SQLModel, table=True):
    """A calibration chosen for a dataset (or the reason none could be)."""

    __table_args__ = (Index("ix_association_dataset_category", "dataset_id", "category"),)

    id: int | None = Field(default=None, primary_key=True)
    dataset_id: int = Field(foreign_key="dataset.id")
    category: str
    source: str
    target: str | None = None  # archive entry name, or raw frame file name
    level: int | None = None
    delta_days: float | None = None
    rank: int | None = None
    status: str = "ok"  # "ok" or "missing"
    reason: str | None = None


class Job(SQLModel, table=True):
    """A recipe run, identified by the hash of everything that determines its result."""

    id: str = Field(primary_key=True)
    dataset_id: int = Field(foreign_key="dataset.id", index=True)
    chain: str
    step: str
    recipe: str
    runner: str
    status: str = Field(default=JobStatus.RUNNING, index=True)
    workdir: str = ""
    parameters: dict[str, Any] = _json()
    inputs: dict[str, Any] = _json()
    plugin_version: str = ""
    pipeline_version: str = ""
    runner_version: str = ""
    wall_s: float | None = None
    started: datetime = Field(default_factory=utcnow)
    finished: datetime | None = None
    error: str | None = None


class Product(SQLModel, table=True):
    """A file a job wrote."""

    __table_args__ = (UniqueConstraint("job_id", "path"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: str = Field(foreign_key="job.id", index=True)
    dataset_id: int = Field(foreign_key="dataset.id", index=True)
    category: str = Field(index=True)
    path: str
    checksum: str = ""


class QcValue(SQLModel, table=True):
    """One QC parameter value, with what is needed to trend it."""

    __table_args__ = (
        UniqueConstraint("job_id", "product_category", "name"),
        Index("ix_qc_trend", "instrument", "name", "setup_key", "mjd_obs"),
    )

    id: int | None = Field(default=None, primary_key=True)
    instrument: str
    dataset_id: int = Field(foreign_key="dataset.id", index=True)
    job_id: str = Field(foreign_key="job.id")
    product_category: str
    arm: str
    setup_key: str
    name: str
    value: float | None = None
    text: str | None = None
    unit: str = ""
    mjd_obs: float


class ArchiveEntry(SQLModel, table=True):
    """The local archive's catalog: one row per file, exactly once."""

    __table_args__ = (
        UniqueConstraint("kind", "name"),
        Index("ix_archive_lookup", "instrument", "kind", "category", "mjd_obs"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str  # raw, master, static, product
    name: str
    instrument: str
    night: str | None = None
    category: str | None = None
    path: str  # relative to the archive root
    checksum: str
    size: int = Field(sa_type=BigInteger)  # bytes; MUSE cubes outgrow PostgreSQL's 32-bit INTEGER
    mjd_obs: float | None = None
    keys: dict[str, Any] = _json()
    dataset_id: int | None = None
    job_id: str | None = None
    certified: bool = True
    ingested_at: datetime = Field(default_factory=utcnow)


class NightLogEntry(SQLModel, table=True):
    """An OB's grade, comment and observing constraints from the night log."""

    __table_args__ = (UniqueConstraint("instrument", "ob_id"),)

    id: int | None = Field(default=None, primary_key=True)
    instrument: str
    night: str = Field(index=True)
    ob_id: int
    ob_name: str = ""
    grade: str | None = None  # A-D or X; None when the log assigns none ("_")
    comment: str = ""
    # constraint name -> {"requested": ..., "fulfilled": ...} as the log states them
    constraints: dict[str, Any] = _json()
    source: str = ""  # the night-log file it was read from


class QcScore(SQLModel, table=True):
    """The score of one QC value against the threshold that applied, and why."""

    __table_args__ = (UniqueConstraint("qc_value_id"),)

    id: int | None = Field(default=None, primary_key=True)
    qc_value_id: int = Field(foreign_key="qcvalue.id")
    dataset_id: int = Field(foreign_key="dataset.id", index=True)
    name: str
    score: str  # green, red, grey
    lower: float | None = None
    upper: float | None = None
    method: str = ""  # e.g. "fixed hard", "statistical: median ± 5 MAD of 30"
    reason: str = ""


class Review(SQLModel, table=True):
    """A person's review of a dataset's products: opened by the review step, decided by a person."""

    id: int | None = Field(default=None, primary_key=True)
    dataset_id: int = Field(foreign_key="dataset.id", index=True)
    state: str = Field(default="pending", index=True)  # pending, accepted, rejected
    score: str | None = None
    opened: datetime = Field(default_factory=utcnow)
    decided: datetime | None = None
    reviewer: str | None = None
    comment: str | None = None
