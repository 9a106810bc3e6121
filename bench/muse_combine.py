"""MUSE combination: peak memory and wall time of muse_exp_combine against the scheduler's estimate.

1. Simulate one OB of 4 dithered exposures (one full-size IFU) and reduce it with the real
   recipes (bias, flat, wavecal, scibasic, scipost ``--save=individual``) through the engine's
   esorex runner.
2. Make N reduced exposures (N = 4, 8, 16) from the 4 pixel tables: copies whose primary header
   says another exposure (DATE-OBS, MJD-OBS), so muse_exp_combine resamples N exposures' tables.
3. For each N, run muse_exp_combine in a fresh child process and print its peak RSS
   (``getrusage(RUSAGE_CHILDREN).ru_maxrss`` of that child), the wall time and the MUSE plugin's
   estimate (``phoenix_estimate_resources``), which must not be below the peak.
4. Submit two combinations at once through the engine's :class:`ResourceBudget` with this
   machine's memory budget, sample the summed RSS of every esorex process from /proc, and print
   the largest sum, whether the two overlapped, and the machine's RAM.

Usage: python bench/muse_combine.py [--sizes 4 8 16] [--pair 16 8] [--keep]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from astropy.io import fits
from astropy.time import Time

from instruments.muse import categories as cat
from instruments.muse.chains import recipe_parameters
from instruments.muse.resources import combine_limit, estimate_memory_mb
from instruments.muse.simulator import simulate_night
from phoenix.config import default_memory_budget_mb
from phoenix.production.resources import ResourceBudget
from phoenix.runners.base import SofEntry
from phoenix.runners.esorex import DEFAULT_RECIPE_DIR, run_esorex, write_sof
from phoenix.types import JobResources

os.environ.setdefault("PHOENIX_MUSE_NIFU", "1")
NIGHT = "2026-01-10"
TIMEOUT_S = 1800.0
CHILD = """
import resource, subprocess, sys, time
t = time.monotonic()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(rc, time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def reduce_one_ob(work: Path) -> list[Path]:
    """Simulate and reduce one OB of 4 exposures up to the reduced pixel tables."""
    sim = simulate_night(NIGHT, work / "sim", {"obs": 1, "nexp": 4})
    by_type: dict[str, list[str]] = {}
    for f in sim.raw_files:
        by_type.setdefault(str(fits.getheader(f)["HIERARCH ESO DPR TYPE"]), []).append(f)
    static = sim.static_files

    def run(name: str, recipe: str, sof: list[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
        entries = [SofEntry(str(p), t) for p, t in sof]
        result = run_esorex(recipe, entries, work / name, recipe_parameters(recipe), timeout_s=TIMEOUT_S)
        print(f"  {recipe}: {result.wall_s:.1f} s", flush=True)
        return result.by_category()

    bias = run("bias", "muse_bias", [(f, cat.BIAS) for f in by_type["BIAS"]])[cat.MASTER_BIAS][0]
    flat = run("flat", "muse_flat", [(f, cat.FLAT) for f in by_type["FLAT,LAMP"]] + [(bias, cat.MASTER_BIAS)])
    trace, master_flat = flat[cat.TRACE_TABLE][0], flat[cat.MASTER_FLAT][0]
    wave = run(
        "wavecal",
        "muse_wavecal",
        [
            (by_type["WAVE"][0], cat.ARC),
            (bias, cat.MASTER_BIAS),
            (trace, cat.TRACE_TABLE),
            (static[cat.LINE_CATALOG], cat.LINE_CATALOG),
        ],
    )[cat.WAVECAL_TABLE][0]
    masters = [(bias, cat.MASTER_BIAS), (master_flat, cat.MASTER_FLAT), (trace, cat.TRACE_TABLE)]
    masters += [(wave, cat.WAVECAL_TABLE), (static[cat.GEOMETRY_TABLE], cat.GEOMETRY_TABLE)]
    basic = run("scibasic", "muse_scibasic", [(f, cat.OBJECT) for f in by_type["OBJECT"]] + masters)
    post = run(
        "scipost",
        "muse_scipost",
        [(f, cat.PIXTABLE_OBJECT) for f in basic[cat.PIXTABLE_OBJECT]]
        + [(static[cat.EXTINCT_TABLE], cat.EXTINCT_TABLE), (static[cat.STD_RESPONSE], cat.STD_RESPONSE)],
    )
    return [Path(p) for p in sorted(post[cat.PIXTABLE_REDUCED])]


def exposures(tables: list[Path], n: int, directory: Path) -> list[Path]:
    """``n`` reduced exposures: the tables, then copies that say they are later exposures."""
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(n):
        source = tables[k % len(tables)]
        target = directory / f"PIXTABLE_REDUCED_{k + 1:04d}.fits"
        if not target.exists():
            shutil.copyfile(source, target)
            with fits.open(target, mode="update", memmap=True) as hdus:
                header = hdus[0].header
                mjd = float(header["MJD-OBS"]) + (k // len(tables)) * 0.05
                header["MJD-OBS"] = mjd
                header["DATE-OBS"] = Time(mjd, format="mjd", scale="utc").isot[:23]
        out.append(target)
    return out


def combine_command(tables: list[Path], workdir: Path) -> list[str]:
    workdir.mkdir(parents=True, exist_ok=True)
    sof = workdir / "input.sof"
    write_sof(sof, [SofEntry(str(t), cat.PIXTABLE_REDUCED) for t in tables])
    return [
        shutil.which("esorex") or "esorex",
        f"--recipe-dir={DEFAULT_RECIPE_DIR}",
        f"--output-dir={workdir}",
        f"--log-dir={workdir}",
        "--log-file=esorex.log",
        "muse_exp_combine",
        str(sof),
    ]


def measure(tables: list[Path], workdir: Path) -> tuple[float, float]:
    """(peak RSS in MB, wall s) of one combination, in a fresh child process."""
    cmd = [sys.executable, "-c", CHILD, *combine_command(tables, workdir)]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    out = subprocess.run(
        cmd, cwd=workdir, capture_output=True, text=True, timeout=TIMEOUT_S, env=env, check=True
    )
    rc, wall, maxrss_kb = out.stdout.split()
    if rc != "0":
        raise RuntimeError(f"muse_exp_combine failed in {workdir} (exit {rc}); see its esorex.log")
    return int(maxrss_kb) / 1024.0, float(wall)


def esorex_rss_mb() -> float:
    total = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            comm = Path(f"/proc/{pid}/comm").read_text().strip()
            if comm != "esorex":
                continue
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024.0
        except OSError:
            continue
    return total


def pair(tables: list[Path], work: Path, budget_mb: float) -> dict:
    """Two combinations submitted together through the engine's budget; summed RSS sampled."""
    budget = ResourceBudget(budget_mb, cores=os.cpu_count() or 1, max_jobs=2)
    need = JobResources(estimate_memory_mb("muse_exp_combine", len(tables), 1))
    spans: list[tuple[float, float]] = []
    peak = [0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], esorex_rss_mb())
            time.sleep(0.2)

    def job(i: int) -> None:
        with budget.reserve(f"combine {i}", need):
            start = time.monotonic()
            measure(tables, work / f"pair{len(tables)}_{i}")
            spans.append((start, time.monotonic()))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    threads = [threading.Thread(target=job, args=(i,)) for i in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    sampler.join()
    (a0, a1), (b0, b1) = sorted(spans)
    return {
        "estimate_each_mb": need.memory_mb,
        "overlap_s": max(0.0, min(a1, b1) - max(a0, b0)),
        "peak_sum_mb": peak[0],
        "wall_s": time.monotonic() - started,
        "budget_peak_mb": budget.usage().peak_memory_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[4, 8, 16])
    parser.add_argument("--pair", type=int, nargs="*", default=[16, 8])
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="muse_combine_"))
    ram_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    budget_mb = default_memory_budget_mb()
    try:
        print(
            f"machine RAM {ram_mb:.0f} MB, memory budget {budget_mb:.0f} MB; reducing one OB...", flush=True
        )
        tables = reduce_one_ob(work)
        print(f"\n{'N':>3} {'peak RSS MB':>12} {'estimate MB':>12} {'est/peak':>9} {'wall s':>8}")
        for n in args.sizes:
            peak, wall = measure(exposures(tables, n, work / "tables"), work / f"combine{n}")
            estimate = estimate_memory_mb("muse_exp_combine", n, 1)
            flag = "" if estimate >= peak else "  ESTIMATE BELOW PEAK"
            print(
                f"{n:>3} {peak:>12.0f} {estimate:>12.0f} {estimate / peak:>9.2f} {wall:>8.1f}{flag}",
                flush=True,
            )
        print(f"\ncombine limit within this budget (1 IFU): {combine_limit(budget_mb, 1)} exposures;"
              f" 24 IFUs: {combine_limit(budget_mb, 24)}")  # fmt: skip
        for n in args.pair:
            result = pair(exposures(tables, n, work / "tables"), work, budget_mb)
            print(
                f"two N={n} combinations together: estimate {result['estimate_each_mb']:.0f} MB each,"
                f" overlap {result['overlap_s']:.0f} s, largest summed esorex RSS"
                f" {result['peak_sum_mb']:.0f} MB of {ram_mb:.0f} MB RAM (budget {budget_mb:.0f} MB),"
                f" wall {result['wall_s']:.0f} s",
                flush=True,
            )
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
