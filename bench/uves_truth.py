"""Extracted UVES spectra against the simulator's injected truth, for every product of a night.

Usage: python bench/uves_truth.py WORKSPACE [--night 2016-05-03]
(run ``phoenix demo --workspace WORKSPACE`` first). Prints, per Phase 3 product, the wavelength
RMS of the injected lines in the product's pixels and the RMS of the continuum shape.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from astropy.io import fits

from phoenix.compare import continuum_check, wavelength_check
from phoenix.config import resolve_settings
from phoenix.naming import SDP_CATEGORY
from phoenix.production.context import open_context
from phoenix.production.status import night_status


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("workspace")
    parser.add_argument("--night", default="2016-05-03")
    args = parser.parse_args()
    ctx = open_context(resolve_settings(args.workspace))
    truth_dir = Path(args.workspace) / "truth" / "uves" / args.night
    truth = json.loads((truth_dir / "truth.json").read_text())
    print(
        f"{'product':52s} {'lines':>5s} {'RMS px':>7s} {'median px':>9s} {'cont. RMS %':>11s} {'worst %':>8s}"
    )
    for d in night_status(ctx, "uves", args.night)["datasets"]:
        if d["kind"] != "science":
            continue
        raw = next(m["file"] for m in d["members"] if m["tag"].startswith("SCIENCE"))
        injected = truth["science_frames"][raw]
        lines = [(ln["wave_nm"], ln["depth"], ln["sigma_nm"]) for ln in injected["lines"]]
        table = fits.getdata(truth_dir / injected["truth_table"], 1)
        for a in (a for a in d["archived"] if a["category"] == SDP_CATEGORY):
            with fits.open(ctx.settings.archive_root / a["path"]) as hdul:
                row = hdul[1].data[0]
                wave, flux = np.asarray(row["WAVE"], float), np.asarray(row["FLUX"], float)
            pixel = float(np.median(np.diff(wave)))
            wl = wavelength_check(wave, flux, lines, lsf_sigma_nm=injected["lsf_sigma_px"] * pixel)
            cont = continuum_check(wave, flux, table["WAVE"], table["FLUX"])
            print(
                f"{a['name']:52s} {wl.n_lines:5d} {wl.rms_px:7.3f} {wl.median_offset_px:+9.3f}"
                f" {100 * cont.rms_fraction:11.3f} {100 * cont.worst_fraction:8.3f}"
            )


if __name__ == "__main__":
    main()
