"""Steps 9 and 10: Phase 3 products, and ingestion into the archive.

Calibration datasets end with their masters certified into the archive; science datasets end
with validated SCIENCE.SPECTRUM products ingested exactly once.
"""

from __future__ import annotations

from pathlib import Path

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
    utcnow,
)
from phoenix.errors import PhoenixError
from phoenix.headers import read_primary_header
from phoenix.naming import (
    CUBE_CATEGORY,
    PREVIEW_CATEGORY,
    SDP_CATEGORY,
    WHITELIGHT_CATEGORY,
    master_name,
    preview_name,
    spectrum_name,
)
from phoenix.production.context import Context
from phoenix.production.cubes import EXTRACT_CUBES, implements, science_exposures, write_cubes
from phoenix.production.datasets import lead_frame
from phoenix.production.plan import chain_of, plan_dataset
from phoenix.production.release import hold_if_proprietary, product_cards
from phoenix.report.previews import write_spectrum_preview
from phoenix.sdp import SpectrumProduct, check_product, write_spectrum_product

PHASE3_CATEGORIES = (SDP_CATEGORY, CUBE_CATEGORY, WHITELIGHT_CATEGORY)  # what ingestion gates and archives


def dataset_jobs(ctx: Context, dataset: Dataset) -> list[str]:
    """The identities of the dataset's jobs, in chain order.

    Products are found through the jobs, not through the dataset that first ran them: two
    datasets with identical inputs share their jobs.
    """
    return [job.job_id for job in plan_dataset(ctx, dataset)]


def dataset_products(
    ctx: Context, dataset: Dataset, jobs: list[str] | None = None
) -> dict[str, tuple[str, ...]]:
    """PRO.CATG to the files the dataset's finished jobs wrote (``jobs``: its jobs, if already planned)."""
    jobs = dataset_jobs(ctx, dataset) if jobs is None else jobs
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
    """Write and validate one SCIENCE.SPECTRUM per spectrum the plugin extracts; returns the files.

    Each product gets its PNG preview (``ANCILLARY.PREVIEW``) beside it, written first so that
    its name and MD5 go into the product's ASSON1/ASSOC1/ASSOM1.
    """
    jobs = dataset_jobs(ctx, dataset)
    products = dataset_products(ctx, dataset, jobs)
    if implements(ctx, dataset.instrument, EXTRACT_CUBES):  # integral field: cubes, not spectra
        return _prepare_cubes(ctx, dataset, products, jobs[-1])
    spectra = ctx.instruments.call(dataset.instrument, "phoenix_extract_spectra", products=products)
    lead = lead_frame(ctx, dataset)
    raw_header = read_primary_header(Path(lead.path))
    provenance = _provenance(ctx, dataset)
    out_dir = ctx.settings.work_root / dataset.instrument / "sdp" / dataset.name.replace(":", "_")
    out_dir.mkdir(parents=True, exist_ok=True)
    final_job = _final_job(ctx, dataset, jobs[-1])
    extra = product_cards(ctx, dataset)  # release date of the inputs, OB grade and comment
    written, previews = [], []
    for spectrum in spectra:
        cards = ctx.instruments.call(
            dataset.instrument, "phoenix_prepare_sdp_header", raw_header=raw_header, spectrum=spectrum
        )
        label = spectrum.label or Path(spectrum.source_file).stem
        path = out_dir / spectrum_name(
            dataset.instrument, str(raw_header.get(kw.DATE_OBS, lead.filename)), label
        )
        # The preview goes first: the product records its name and MD5 (ASSON1, ASSOM1).
        preview = path.with_name(preview_name(path.name))
        title = f"{path.stem}   {raw_header.get(kw.OBJECT, '')}".strip()
        write_spectrum_preview(spectrum, preview, title)
        previews.append(str(preview))
        product = SpectrumProduct(
            spectrum=spectrum,
            raw_header=raw_header,
            provenance=provenance,
            instrument_cards=dict(cards),
            associated=((PREVIEW_CATEGORY, preview.name),),
            extra_primary=extra,
            flux_calibrated=spectrum.flux_calibrated,
        )
        write_spectrum_product(product, path)
        check_product(path)
        written.append(str(path))
    _record_sdp(ctx, dataset, final_job, written)
    _record_sdp(ctx, dataset, final_job, previews, category=PREVIEW_CATEGORY)
    return written


def _prepare_cubes(
    ctx: Context, dataset: Dataset, products: dict[str, tuple[str, ...]], final: str
) -> list[str]:
    out_dir = ctx.settings.work_root / dataset.instrument / "sdp" / dataset.name.replace(":", "_")
    exposures = science_exposures(ctx, [dataset])
    written = write_cubes(ctx, dataset.instrument, products, exposures, out_dir, product_cards(ctx, dataset))
    final_job = _final_job(ctx, dataset, final)
    for category, paths in written.items():
        _record_sdp(ctx, dataset, final_job, paths, category=category)
    return written[CUBE_CATEGORY] + written[WHITELIGHT_CATEGORY]


def ingest_products(ctx: Context, dataset: Dataset, *, force: bool = False) -> list[str]:
    """Ingest the dataset's validated Phase 3 products, exactly once, then their previews."""
    sdp = [p for category in PHASE3_CATEGORIES for p in _products_of(ctx, dataset, category)]
    if hold_if_proprietary(ctx, dataset, [Path(p.path) for p in sdp]):
        return []  # proprietary: held (status and date on the dataset) until its release date
    for product in sdp:
        check_product(Path(product.path))  # the gate: nothing invalid reaches the archive
    # previews (ANCILLARY.PREVIEW, named by the products' ASSONi) go in after the products
    ingested = sdp + _products_of(ctx, dataset, PREVIEW_CATEGORY)
    for product in ingested:
        _archive_product(ctx, dataset, product, force=force)
    set_status(ctx, int(dataset.id or 0), DatasetStatus.INGESTED)
    return [Path(p.path).name for p in ingested]


def _products_of(ctx: Context, dataset: Dataset, category: str) -> list[Product]:
    with ctx.db.session() as session:
        return list(
            session.exec(
                select(Product).where(Product.dataset_id == dataset.id, Product.category == category)
            )
        )


def _archive_product(ctx: Context, dataset: Dataset, product: Product, *, force: bool) -> None:
    ctx.archive.ingest(
        Path(product.path),
        kind="product",
        instrument=dataset.instrument,
        night=dataset.night,
        category=product.category,
        mjd_obs=dataset.mjd_obs,
        dataset_id=dataset.id,
        job_id=product.job_id,
        replace=force,
    )


def _final_job(ctx: Context, dataset: Dataset, final: str) -> str:
    with ctx.db.session() as session:
        job = session.get(Job, final)
    if job is None or job.status != JobStatus.DONE:
        raise PhoenixError(f"{dataset.name}: the chain's last step has not finished")
    return job.id


def _record_sdp(
    ctx: Context, dataset: Dataset, job_id: str, paths: list[str], category: str = SDP_CATEGORY
) -> None:
    with ctx.db.session() as session:
        session.exec(delete(Product).where(Product.dataset_id == dataset.id, Product.category == category))  # type: ignore[call-overload]
        for path in paths:
            session.add(
                Product(
                    job_id=job_id,
                    dataset_id=int(dataset.id or 0),
                    category=category,
                    path=path,
                    checksum=sha256_of(Path(path)),
                )
            )


def _provenance(ctx: Context, dataset: Dataset) -> tuple[str, ...]:
    """PROVi: the dataset's raw science frames (its own category), not the raw calibrations a
    template carries along (an XSHOOTER flexure arc, a MUSE illumination flat)."""
    with ctx.db.session() as session:
        rows = list(
            session.exec(
                select(Frame, DatasetMember.tag)
                .join(DatasetMember, DatasetMember.frame_id == Frame.id)
                .where(DatasetMember.dataset_id == dataset.id)
                .order_by(Frame.mjd_obs)
            )
        )
    science = [frame for frame, tag in rows if tag == dataset.category] or [frame for frame, _ in rows]
    return tuple(str(f.keys.get(kw.ARCFILE) or f.filename) for f in science)
