"""Steps 7, 9 and 10: QC measurements, Phase 3 products, and ingestion into the archive.

Calibration datasets end with their masters certified into the archive; science datasets end
with validated SCIENCE.SPECTRUM products ingested exactly once.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from astropy.io import fits
from sqlmodel import delete, select

from phoenix import keywords as kw
from phoenix.archive import sha256_of
from phoenix.db.models import (
    Dataset,
    DatasetMember,
    DatasetStatus,
    Frame,
    Job,
    JobStatus,
    Product,
    QcValue,
    utcnow,
)
from phoenix.errors import PhoenixError
from phoenix.headers import read_primary_header
from phoenix.naming import SDP_CATEGORY, master_name, spectrum_name
from phoenix.production.context import Context
from phoenix.production.execute import setup_key
from phoenix.production.plan import chain_of, plan_dataset
from phoenix.sdp import SpectrumProduct, check_product, write_spectrum_product

SNR_QC = "SNR"


def dataset_jobs(ctx: Context, dataset: Dataset) -> list[str]:
    """The identities of the dataset's jobs, in chain order.

    Products are found through the jobs, not through the dataset that first ran them: two
    datasets with identical inputs share their jobs.
    """
    return [job.job_id for job in plan_dataset(ctx, dataset)]


def dataset_products(ctx: Context, dataset: Dataset) -> dict[str, tuple[str, ...]]:
    """PRO.CATG to the files the dataset's finished jobs wrote."""
    jobs = dataset_jobs(ctx, dataset)
    with ctx.db.session() as session:
        rows = session.exec(
            select(Product)
            .join(Job, Job.id == Product.job_id)
            .where(Product.job_id.in_(jobs), Job.status == JobStatus.DONE)  # type: ignore[attr-defined]
        )
        out: dict[str, list[str]] = {}
        for p in rows:
            out.setdefault(p.category, []).append(p.path)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def lead_frame(ctx: Context, dataset: Dataset) -> Frame:
    with ctx.db.session() as session:
        frame = session.exec(
            select(Frame)
            .join(DatasetMember, DatasetMember.frame_id == Frame.id)
            .where(DatasetMember.dataset_id == dataset.id, DatasetMember.tag == dataset.category)
            .order_by(Frame.mjd_obs)
        ).first()
    if frame is None:
        raise PhoenixError(f"{dataset.name}: has no {dataset.category} frame")
    return frame


def set_status(ctx: Context, dataset_id: int, status: DatasetStatus, message: str | None = None) -> None:
    with ctx.db.session() as session:
        row = session.get(Dataset, dataset_id)
        if row is not None:
            row.status, row.message, row.updated = status.value, message, utcnow()
            session.add(row)


def certify_masters(ctx: Context, dataset: Dataset, *, force: bool = False) -> list[str]:
    """Ingest the calibration chain's masters into the archive's masters (with the lead frame's keys)."""
    chain = chain_of(ctx, dataset)
    products = dataset_products(ctx, dataset)
    lead = lead_frame(ctx, dataset)
    date_obs = str(lead.keys.get(kw.DATE_OBS, lead.filename))
    names = []
    for category in chain.masters:
        for path in products.get(category, ()):
            name = master_name(dataset.instrument, category, date_obs)
            ctx.archive.ingest(
                Path(path),
                kind="master",
                instrument=dataset.instrument,
                name=name,
                night=dataset.night,
                category=category,
                mjd_obs=dataset.mjd_obs,
                keys=lead.keys,
                dataset_id=dataset.id,
                replace=force,
            )
            names.append(name)
    missing = sorted(set(chain.masters) - set(products))
    if missing:
        raise PhoenixError(f"{dataset.name}: chain finished without master(s) {missing}")
    set_status(ctx, int(dataset.id or 0), DatasetStatus.INGESTED)
    return names


def prepare_phase3(ctx: Context, dataset: Dataset) -> list[str]:
    """Write and validate one SCIENCE.SPECTRUM per spectrum the plugin extracts; returns the files."""
    products = dataset_products(ctx, dataset)
    spectra = ctx.instruments.call(dataset.instrument, "phoenix_extract_spectra", products=products)
    lead = lead_frame(ctx, dataset)
    raw_header = read_primary_header(Path(lead.path))
    provenance = _provenance(ctx, dataset)
    out_dir = ctx.settings.work_root / dataset.instrument / "sdp" / dataset.name.replace(":", "_")
    out_dir.mkdir(parents=True, exist_ok=True)
    final_job = _final_job(ctx, dataset)
    written = []
    for spectrum in spectra:
        cards = ctx.instruments.call(
            dataset.instrument, "phoenix_prepare_sdp_header", raw_header=raw_header, spectrum=spectrum
        )
        label = spectrum.label or Path(spectrum.source_file).stem
        path = out_dir / spectrum_name(
            dataset.instrument, str(raw_header.get(kw.DATE_OBS, lead.filename)), label
        )
        product = SpectrumProduct(
            spectrum=spectrum, raw_header=raw_header, provenance=provenance, instrument_cards=dict(cards)
        )
        write_spectrum_product(product, path)
        check_product(path)
        written.append(str(path))
    _record_sdp(ctx, dataset, final_job, written)
    return written


def measure_qc(ctx: Context, dataset: Dataset) -> dict[str, float]:
    """Post-pipeline QC the engine computes: median SNR of every Phase 3 spectrum."""
    values = {}
    with ctx.db.session() as session:
        sdp = list(
            session.exec(
                select(Product).where(Product.dataset_id == dataset.id, Product.category == SDP_CATEGORY)
            )
        )
        for product in sdp:
            with fits.open(product.path) as hdul:
                row = hdul[1].data[0]
                flux, err = np.asarray(row["FLUX"], float), np.asarray(row["ERR"], float)
            good = np.isfinite(flux) & np.isfinite(err) & (err > 0)
            snr = float(np.median(flux[good] / err[good])) if good.any() else float("nan")
            name = f"{SNR_QC} {Path(product.path).name}"
            session.exec(delete(QcValue).where(QcValue.job_id == product.job_id, QcValue.name == name))  # type: ignore[call-overload]
            session.add(
                QcValue(
                    instrument=dataset.instrument,
                    dataset_id=int(dataset.id or 0),
                    job_id=product.job_id,
                    product_category=SDP_CATEGORY,
                    arm=dataset.arm,
                    setup_key=setup_key(dataset.setup),
                    name=name,
                    value=snr,
                    unit="",
                    mjd_obs=dataset.mjd_obs,
                )
            )
            values[name] = snr
    return values


def ingest_products(ctx: Context, dataset: Dataset, *, force: bool = False) -> list[str]:
    """Ingest the dataset's validated Phase 3 products, exactly once."""
    with ctx.db.session() as session:
        sdp = list(
            session.exec(
                select(Product).where(Product.dataset_id == dataset.id, Product.category == SDP_CATEGORY)
            )
        )
    names = []
    for product in sdp:
        path = Path(product.path)
        check_product(path)  # the gate: nothing invalid reaches the archive
        ctx.archive.ingest(
            path,
            kind="product",
            instrument=dataset.instrument,
            night=dataset.night,
            category=SDP_CATEGORY,
            mjd_obs=dataset.mjd_obs,
            dataset_id=dataset.id,
            job_id=product.job_id,
            replace=force,
        )
        names.append(path.name)
    set_status(ctx, int(dataset.id or 0), DatasetStatus.INGESTED)
    return names


def _final_job(ctx: Context, dataset: Dataset) -> str:
    final = dataset_jobs(ctx, dataset)[-1]
    with ctx.db.session() as session:
        job = session.get(Job, final)
    if job is None or job.status != JobStatus.DONE:
        raise PhoenixError(f"{dataset.name}: the chain's last step has not finished")
    return job.id


def _record_sdp(ctx: Context, dataset: Dataset, job_id: str, paths: list[str]) -> None:
    with ctx.db.session() as session:
        session.exec(
            delete(Product).where(Product.dataset_id == dataset.id, Product.category == SDP_CATEGORY)
        )  # type: ignore[call-overload]
        for path in paths:
            session.add(
                Product(
                    job_id=job_id,
                    dataset_id=int(dataset.id or 0),
                    category=SDP_CATEGORY,
                    path=path,
                    checksum=sha256_of(Path(path)),
                )
            )


def _provenance(ctx: Context, dataset: Dataset) -> tuple[str, ...]:
    with ctx.db.session() as session:
        frames = session.exec(
            select(Frame)
            .join(DatasetMember, DatasetMember.frame_id == Frame.id)
            .where(DatasetMember.dataset_id == dataset.id)
            .order_by(Frame.mjd_obs)
        )
        return tuple(str(f.keys.get(kw.ARCFILE) or f.filename) for f in frames)
