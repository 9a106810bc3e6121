"""Catalog ingestion at the scale of the seed's GIRAFFE production: 1.2 million per-fibre products.

Usage: python bench/giraffe_ingest.py [--products 1200000] [--fibres 80] [--chunk 5000] [--single 2000]

Synthetic catalog rows (15,000 raw frames x 80 science fibres by default: one SCIENCE.SPECTRUM
per fibre, named as the engine names them, with a sha256 and size) are recorded through the
real code path, ``LocalArchive.record_many`` on a fresh SQLite bookkeeping database (WAL, as the
engine opens it). The files themselves are not written: the bench measures the catalog. For
comparison, ``--single`` products are ingested one by one through ``LocalArchive.ingest`` (real
small files, copied, checksummed and recorded) and the rate of both paths is printed. A second
``record_many`` of the first chunk checks that re-recording adds nothing (exactly once).
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

from phoenix.archive import LocalArchive
from phoenix.archive.catalog import CatalogRow
from phoenix.db import open_database
from phoenix.naming import spectrum_name

INSTRUMENT = "giraffe"
CATEGORY = "SCIENCE.SPECTRUM"


def synthetic_rows(archive: LocalArchive, first: int, count: int, fibres: int) -> list[CatalogRow]:
    """Product rows ``first``..``first + count``, ``fibres`` per raw frame, over as many nights as needed."""
    rows = []
    for i in range(first, first + count):
        frame, fibre = divmod(i, fibres)
        night = f"20{10 + frame // 4000:02d}-{1 + frame // 300 % 12:02d}-{1 + frame // 10 % 28:02d}"
        date_obs = f"{night}T{frame % 10:02d}:{frame % 60:02d}:{frame % 7:02d}.{frame % 1000:03d}"
        name = spectrum_name(INSTRUMENT, date_obs, f"FIB{fibre + 1:03d}")
        directory = archive.directory("product", INSTRUMENT, night).relative_to(archive.root)
        rows.append(
            CatalogRow(
                kind="product",
                name=name,
                instrument=INSTRUMENT,
                path=str(directory / name),
                checksum=hashlib.sha256(name.encode()).hexdigest(),
                size=40_320,
                night=night,
                category=CATEGORY,
                mjd_obs=55197.0 + frame / 10.0,
            )
        )
    return rows


def bench_batched(root: Path, products: int, fibres: int, chunk: int) -> float:
    """Record ``products`` rows, generated 50,000 at a time (only the recording is timed)."""
    db = open_database(f"sqlite:///{root / 'bookkeeping.sqlite'}")
    archive = LocalArchive(root / "archive", db)
    wall = made = 0.0
    added = 0
    step = 50_000
    for first in range(0, products, step):
        started = time.perf_counter()
        rows = synthetic_rows(archive, first, min(step, products - first), fibres)
        made += time.perf_counter() - started
        started = time.perf_counter()
        added += archive.record_many(rows, chunk=chunk)
        wall += time.perf_counter() - started
    assert added == products, (added, products)
    again = archive.record_many(synthetic_rows(archive, 0, chunk, fibres), chunk=chunk)
    assert again == 0, again
    db.dispose()
    rate = products / wall
    print(f"rows generated        {products:>10,d} in {made:7.1f} s (not counted)")
    print(
        f"record_many (batched) {products:>10,d} in {wall:7.1f} s = {rate:>9,.0f} products/s (chunk {chunk})"
    )
    return rate


def bench_single(root: Path, count: int) -> float:
    db = open_database(f"sqlite:///{root / 'single.sqlite'}")
    archive = LocalArchive(root / "single-archive", db)
    src_dir = root / "src"
    src_dir.mkdir()
    sources = []
    for i in range(count):
        path = src_dir / spectrum_name(
            INSTRUMENT, f"2016-05-03T00:00:{i // 1000:02d}.{i % 1000:03d}", "FIB001"
        )
        path.write_bytes(i.to_bytes(4, "big") * 256)
        sources.append(path)
    started = time.perf_counter()
    for path in sources:
        archive.ingest(path, kind="product", instrument=INSTRUMENT, night="2016-05-03", category=CATEGORY)
    wall = time.perf_counter() - started
    db.dispose()
    rate = count / wall
    print(f"ingest (one by one)  {count:>10,d} in {wall:7.1f} s = {rate:>9,.0f} products/s (files copied)")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--products", type=int, default=1_200_000)
    parser.add_argument("--fibres", type=int, default=80)
    parser.add_argument("--chunk", type=int, default=5000)
    parser.add_argument("--single", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="giraffe-ingest-") as tmp:
        root = Path(tmp)
        batched = bench_batched(root, args.products, args.fibres, args.chunk)
        single = bench_single(root, args.single) if args.single else 0.0
    goal = "met" if batched >= 1000 else "NOT met"
    print(
        f"goal >= 1,000 products/s: {goal}"
        + (f"; batched / single = {batched / single:.0f}x" if single else "")
    )


if __name__ == "__main__":
    main()
