"""XSHOOTER Phase 3 spectra against the simulator's injected truth, and the arms' overlaps.

Usage: python bench/xshooter_truth.py WORKSPACE [--night 2026-03-10]
(simulate and run the night first: ``phoenix simulate --instrument xshooter --sources 3`` and
``phoenix run --instrument xshooter --night 2026-03-10 --complete``). Prints per product the
median flux ratio to the truth (telluric absorption applied, clean continuum only), its scatter
in 5-nm bins and the wavelength RMS of the injected emission lines; then per OB the flux ratio
of the two arms in the overlaps near 550 nm and 1000 nm.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from astropy.io import fits

from instruments.xshooter.simulator import compare
from phoenix.config import resolve_settings
from phoenix.naming import SDP_CATEGORY
from phoenix.production.context import open_context
from phoenix.production.status import night_status


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("workspace")
    parser.add_argument("--night", default="2026-03-10")
    args = parser.parse_args()
    ctx = open_context(resolve_settings(args.workspace))
    truth = compare.load(Path(args.workspace) / "truth" / "xshooter" / args.night / "truth.json")
    technique = {ob["obs_id"]: ob["technique"] for ob in truth["obs"]}
    spectra = {}
    for d in night_status(ctx, "xshooter", args.night)["datasets"]:
        for a in d["archived"]:
            if d["kind"] == "science" and a["category"] == SDP_CATEGORY:
                with fits.open(ctx.settings.archive_root / a["path"]) as hdul:
                    row = hdul[1].data[0]
                    spectra[(int(d["ob"]["id"]), d["arm"])] = (
                        np.asarray(row["WAVE"]),
                        np.asarray(row["FLUX"]),
                    )
    print(
        f"{'OB':>10s} {'tech':>6s} {'arm':>4s} {'flux ratio':>10s} {'5-nm RMS %':>10s}"
        f" {'lines':>5s} {'RMS nm':>8s} {'RMS px':>7s}"
    )
    for (ob, arm), (wave, flux) in sorted(spectra.items()):
        c = compare.check(truth, ob, arm, wave, flux)
        print(
            f"{ob:10d} {technique[ob]:>6s} {arm:>4s} {c.flux_ratio:10.4f} {100 * c.ratio_rms:10.2f}"
            f" {c.n_lines:5d} {c.wave_rms_nm:8.4f} {c.wave_rms_px:7.3f}"
        )
    for ob in sorted({ob for ob, _ in spectra}):
        for name, (blue, red, lo, hi) in compare.OVERLAP_WINDOWS_NM.items():
            ratio = compare.overlap_ratio(*spectra[(ob, blue)], *spectra[(ob, red)], lo, hi)
            print(f"{ob:10d} overlap {name} nm ({blue}/{red}, {lo:.0f}-{hi:.0f} nm): {ratio:.4f}")


if __name__ == "__main__":
    main()
