"""Simulate one KMOS night: daytime calibrations of the K band, one nod-to-sky science OB.

Calibrations (the afternoon before): 3 darks, a flat template (3 lamp-off, 3 lamp-on), an arc
template (lamp-off, lamp-on). Science (after midnight UT): ``sources`` galaxies in IFUs
1..sources, ``pairs`` object/sky pairs of 300 s. Besides the frames: the two static tables,
``nightlog.csv`` and ``truth/truth.json``. The same options and seed write the same files.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import fits
from astropy.time import Time, TimeDelta

from kmos_phoenix import categories as cat
from kmos_phoenix import keywords as kw
from kmos_phoenix.simulator import detector, layout, scene
from kmos_phoenix.simulator.headers import TEMPLATES, Exposure, detector_cards, primary_cards
from kmos_phoenix.simulator.options import SimulationOptions
from kmos_phoenix.simulator.statics import ARC_LIST_FILE, WAVE_BAND_FILE, write_arc_list, write_wave_band
from phoenix import NightSimulation

POINTING = (150.1, 2.2)  # deg: a deep field, where such surveys point
DARK_S, FLAT_S, ARC_S, SCIENCE_S = 60.0, 10.0, 10.0, 300.0
OVERHEAD_S = 30.0
OB_ID, OB_NAME = 200_100_001, "KMOS-SIM nod to sky"
SCENES = {"dark": "dark", "flat_on": "flat", "flat_off": "dark", "arc_on": "arc", "arc_off": "dark"}


def simulate_night(night: str, destination: str | Path, options: Mapping[str, Any]) -> NightSimulation:
    """Write the night into ``destination`` and say what was written (the hook's form)."""
    opts = SimulationOptions.from_mapping(options)
    out = Path(destination)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([opts.seed, 1])
    targets = scene.draw_targets(opts.sources, *POINTING, rng)
    ifus = opts.sources
    exposures = _plan(night, opts)
    hot = layout.hot_pixels(ifus)
    rates: dict[str, np.ndarray] = {}
    raw_files = []
    for number, exp in enumerate(exposures):
        kind = SCENES.get(exp.kind, exp.kind)
        if kind not in rates:
            rates[kind] = scene.render(ifus, kind, targets)
        data = detector.expose(rates[kind], exp.seconds, hot, np.random.default_rng([opts.seed, 2, number]))
        raw_files.append(_write_raw(out / exp.arcfile, primary_cards(exp, targets, POINTING), data))
    raw_files += _faults(out, opts, exposures[-1], targets)
    static = {
        cat.ARC_LIST: str(write_arc_list(out / ARC_LIST_FILE)),
        cat.WAVE_BAND: str(write_wave_band(out / WAVE_BAND_FILE)),
    }
    truth = _write_truth(out / "truth", night, opts, targets, exposures)
    return NightSimulation(
        raw_files=tuple(str(p) for p in sorted(raw_files)),
        static_files=static,
        night_log=str(_write_night_log(out)),
        truth=str(truth),
    )


def _plan(night: str, opts: SimulationOptions) -> list[Exposure]:
    day = Time(f"{night}T18:00:00", scale="utc")
    exposures: list[Exposure] = []
    for template, kinds, seconds, start in (
        (TEMPLATES["dark"], ["dark"] * 3, DARK_S, day),
        (TEMPLATES["flat"], ["flat_off"] * 3 + ["flat_on"] * 3, FLAT_S, day + TimeDelta(600, format="sec")),
        (TEMPLATES["arc"], ["arc_off", "arc_on"], ARC_S, day + TimeDelta(1200, format="sec")),
    ):
        exposures += _template(template, kinds, seconds, start)
    science = day + TimeDelta(7 * 3600, format="sec")
    kinds = ["object", "sky"] * opts.pairs
    exposures += _template(TEMPLATES["science"], kinds, SCIENCE_S, science, OB_ID, OB_NAME, "0101.B-0999(A)")
    return exposures


def _template(
    template: str,
    kinds: list[str],
    seconds: float,
    start: Time,
    ob_id: int = -1,
    ob_name: str = "Calibration",
    prog_id: str = "60.A-9252(A)",
) -> list[Exposure]:
    step = TimeDelta(seconds + OVERHEAD_S, format="sec")
    first = start + TimeDelta(5, format="sec")
    return [
        Exposure(kind, first + k * step, seconds, template, start, k + 1, len(kinds), ob_id, ob_name, prog_id)
        for k, kind in enumerate(kinds)
    ]


def _write_raw(path: Path, cards: Mapping[str, Any], data: np.ndarray) -> Path:
    primary = fits.PrimaryHDU()
    for key, value in cards.items():
        primary.header[kw.card(key)] = value
    image = fits.ImageHDU(data=data)
    for key, value in detector_cards().items():
        image.header[kw.card(key)] = value
    fits.HDUList([primary, image]).writeto(path, overwrite=True)
    return path


def _faults(
    out: Path, opts: SimulationOptions, last: Exposure, targets: tuple[scene.Target, ...]
) -> list[Path]:
    """Broken frames on request: a science frame cut short, a frame without DPR keywords."""
    written = []
    for number, fault in enumerate(opts.faults, 1):
        start = last.start + TimeDelta(600 * number, format="sec")
        exp = Exposure(
            "object",
            start,
            SCIENCE_S,
            last.template,
            start,
            1,
            1,
            last.ob_id + number,
            "broken",
            last.prog_id,
        )
        cards = primary_cards(exp, targets, POINTING)
        if fault == "no_dpr":
            cards = {k: v for k, v in cards.items() if not k.startswith("ESO DPR")}
        path = _write_raw(out / exp.arcfile, cards, np.zeros((layout.ROWS, 64), dtype=np.float32))
        if fault == "truncated":
            size = path.stat().st_size
            with open(path, "r+b") as fh:
                fh.truncate(size - 2880 * 4)
        written.append(path)
    return written


def _write_night_log(out: Path) -> Path:
    path = out / "nightlog.csv"
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("ob_id", "ob_name", "grade", "comment"))
        writer.writerow((OB_ID, OB_NAME, "A", "seeing 0.6 arcsec, clear"))
    return path


def _write_truth(
    directory: Path,
    night: str,
    opts: SimulationOptions,
    targets: tuple[scene.Target, ...],
    exposures: list[Exposure],
) -> Path:
    directory.mkdir(exist_ok=True)
    doc = {
        "instrument": "KMOS",
        "night": night,
        "options": {
            "sources": opts.sources,
            "pairs": opts.pairs,
            "seed": opts.seed,
            "faults": list(opts.faults),
        },
        "conventions": {
            "wavelength": "air, nm",
            "rates": "photo-electrons per second, summed over the source (line) or per nm (continuum)",
            "gain_e_per_adu": detector.GAIN,
            "read_noise_e": detector.READ_NOISE,
            "seeing_fwhm_arcsec": scene.SEEING_FWHM_ARCSEC,
        },
        "targets": [
            {
                "ifu": t.ifu,
                "name": t.name,
                "ra_deg": t.ra_deg,
                "dec_deg": t.dec_deg,
                "redshift": t.redshift,
                "line_nm": round(t.line_nm, 4),
                "line_rate_e_per_s": t.line_rate,
                "line_sigma_kms": t.line_sigma_kms,
                "continuum_rate_e_per_s_per_nm": t.continuum_rate,
                "centre_spaxel": [t.x_spaxel, t.y_spaxel],
            }
            for t in targets
        ],
        "science_frames": {
            e.arcfile: {"kind": e.kind, "exptime_s": e.seconds} for e in exposures if e.ob_id > 0
        },
    }
    path = directory / "truth.json"
    path.write_text(json.dumps(doc, indent=1))
    return path
