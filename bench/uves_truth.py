"""Extracted UVES spectra against the simulator's injected truth, for every product of a night.

Usage: python bench/uves_truth.py WORKSPACE [--night 2016-05-03]
(run ``phoenix demo --workspace WORKSPACE`` first). Prints, per Phase 3 product, the wavelength
RMS of the injected lines in the product's pixels and the RMS of the continuum shape.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from phoenix.compare import compare_with_truth
from phoenix.config import resolve_settings
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
    report = night_status(ctx, "uves", args.night)["datasets"]
    print(
        f"{'product':52s} {'lines':>5s} {'RMS px':>7s} {'median px':>9s} {'cont. RMS %':>11s} {'worst %':>8s}"
    )
    for c in compare_with_truth(ctx.settings.archive_root, truth_dir, report):
        wl, cont = c.wavelength, c.continuum
        print(
            f"{c.product:52s} {wl.n_lines:5d} {wl.rms_px:7.3f} {wl.median_offset_px:+9.3f}"
            f" {100 * cont.rms_fraction:11.3f} {100 * cont.worst_fraction:8.3f}"
        )


if __name__ == "__main__":
    main()
