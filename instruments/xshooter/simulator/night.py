"""Simulate one XSHOOTER night: the three arms' daytime calibrations, a flux standard, science OBs.

Calibrations (the afternoon before the night), per arm: 3 biases (UVB, VIS) or 3 darks (NIR),
3 flats (halogen ``LAMP,QFLAT`` on UVB), a format check, an order definition, a multi-pinhole
arc and a slit arc. At the start of the night a flux standard (STARE) in all three arms. Then
``sources`` science OBs cycling through NOD (an A and a B exposure, 5" throw), STARE (two
exposures) and OFFSET (an object and a sky exposure), each with its flexure-compensation arc
(``LAMP,AFC``) per arm and a flexure shift per OB that the AFC frame sees too. The three arms
expose at the same time; the target's spectrum is one function of wavelength across all of
them, with telluric absorption applied.
Besides the frames: the static tables (:mod:`.statics`), ``nightlog.csv`` and ``truth/truth.json``.
The same options and seed write the same files.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import fits
from astropy.time import Time, TimeDelta

from instruments.xshooter.simulator import detector, render, sources
from instruments.xshooter.simulator.headers import Exposure, primary_header
from instruments.xshooter.simulator.layout import ARCSEC_PER_PIXEL, LAYOUTS
from instruments.xshooter.simulator.statics import write_statics
from phoenix import NightSimulation

ARMS = ("UVB", "VIS", "NIR")
SEEING_FWHM_ARCSEC = 0.9
NOD_THROW_ARCSEC = 5.0
MAX_FLEXURE_PX = 0.8
ARM_DELAY_S = {"UVB": 0.0, "VIS": 0.3, "NIR": 0.6}  # the arms' files get distinct names
CALIB_SECONDS = {"bias": 0.0, "dark": 60.0, "flat": 10.0, "qflat": 10.0, "fmtchk": 5.0}
CALIB_SECONDS |= {"orderdef": 1.0, "qorderdef": 1.0, "wave": 5.0, "arc_slit": 30.0}
AFC_SECONDS, STD_SECONDS = 5.0, 120.0
WAVE_PINHOLES_ARCSEC = (-4.0, -2.0, 0.0, 2.0, 4.0)
OB_ID0 = 300_100_001
TECHNIQUES = ("nod", "stare", "offset")
TEMPLATES = {
    "nod": "XSHOOTER_slt_obs_AutoNodOnSlit",
    "stare": "XSHOOTER_slt_obs_Stare",
    "offset": "XSHOOTER_slt_obs_FixedSkyOffset",
}


@dataclass(frozen=True)
class Options:
    """What to simulate: ``sources`` science OBs (NOD, STARE, OFFSET, NOD, ...), seconds per exposure."""

    sources: int = 2
    seed: int = 0
    exptime: float = 300.0

    @classmethod
    def from_mapping(cls, options: Mapping[str, Any]) -> Options:
        unknown = set(options) - {"sources", "seed", "exptime", "faults"}
        if unknown or options.get("faults"):
            raise ValueError(
                f"xshooter simulator: unsupported option(s) {sorted(unknown) or options['faults']}"
            )
        return cls(
            int(options.get("sources", 2)), int(options.get("seed", 0)), float(options.get("exptime", 300.0))
        )


def simulate_night(night: str, destination: str | Path, options: Mapping[str, Any]) -> NightSimulation:
    """Write the night into ``destination`` (the hook's form)."""
    opts = Options.from_mapping(options)
    out = Path(destination)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([opts.seed, 11])
    start = Time(f"{night}T19:00:00", scale="utc")
    exposures = _calibrations(start)
    obs = _science_obs(Time(f"{night}T23:50:00", scale="utc") + TimeDelta(3600.0, format="sec"), opts, rng)
    exposures += _standard(Time(f"{night}T23:50:00", scale="utc") + TimeDelta(1800.0, format="sec"))
    for ob in obs:
        exposures += ob["exposures"]
    cache: dict[tuple, np.ndarray] = {}
    raw_files = []
    for number, exp in enumerate(exposures):
        rate = _rate(exp, obs, cache)
        data = detector.expose(exp.arm, rate, exp.seconds, np.random.default_rng([opts.seed, 3, number]))
        path = out / exp.arcfile
        fits.HDUList([fits.PrimaryHDU(data, primary_header(exp))]).writeto(path, overwrite=True)
        raw_files.append(str(path))
    static_dir = out / "static"
    static_dir.mkdir(exist_ok=True)
    statics = write_statics(static_dir)
    log = _night_log(out, obs)
    truth = _truth(out / "truth", night, obs)
    return NightSimulation(tuple(raw_files), statics, str(log), str(truth))


def _calibrations(start: Time) -> list[Exposure]:
    plan = []
    t = start
    for arm in ARMS:
        kinds = [
            ("bias" if arm != "NIR" else "dark", 3),
            ("qflat" if arm == "UVB" else "flat", 3),
            ("fmtchk", 1),
            ("qorderdef" if arm == "UVB" else "orderdef", 1),
            ("wave", 1),
            ("arc_slit", 1),
        ]
        for kind, n in kinds:
            tpl = t.isot[:19]
            for i in range(n):
                seconds = CALIB_SECONDS[kind]
                plan.append(
                    Exposure(arm, kind, t, seconds, tpl, f"XSHOOTER_{arm.lower()}_cal_{kind}", i + 1, n)
                )
                t = t + TimeDelta(seconds + 40.0, format="sec")
    return plan


def _standard(start: Time) -> list[Exposure]:
    star = sources.standard_star()
    tpl = start.isot[:19]
    return [
        Exposure(
            arm,
            "std",
            start + TimeDelta(ARM_DELAY_S[arm], format="sec"),
            STD_SECONDS,
            tpl,
            "XSHOOTER_slt_cal_SpecphotStdStare",
            1,
            1,
            OB_ID0 - 1,
            "STD flux",
            star.name,
            35.0,
            -20.0,
        )
        for arm in ARMS
    ]


def _science_obs(start: Time, opts: Options, rng: np.random.Generator) -> list[dict]:
    obs = []
    t = start
    for i in range(opts.sources):
        technique = TECHNIQUES[i % len(TECHNIQUES)]
        target = sources.draw_target(f"SIM-XSH-{i + 1}", rng)
        ra, dec = float(rng.uniform(0.0, 360.0)), float(rng.uniform(-60.0, 10.0))
        shift = {
            arm: (float(rng.uniform(-1, 1) * MAX_FLEXURE_PX), float(rng.uniform(-1, 1) * MAX_FLEXURE_PX))
            for arm in ARMS
        }
        obs_id, name = OB_ID0 + i, f"XSH {technique} {target.name}"
        acq = t.isot[:19]
        exposures = [
            Exposure(
                arm,
                "afc",
                t + TimeDelta(ARM_DELAY_S[arm], format="sec"),
                AFC_SECONDS,
                acq,
                "XSHOOTER_slt_acq",
                1,
                1,
                obs_id,
                name,
                target.name,
                ra,
                dec,
            )
            for arm in ARMS
        ]
        t = t + TimeDelta(120.0, format="sec")
        tpl = t.isot[:19]
        offsets = (NOD_THROW_ARCSEC / 2, -NOD_THROW_ARCSEC / 2) if technique == "nod" else (0.0, 0.0)
        kinds = (f"object_{technique}", "sky" if technique == "offset" else f"object_{technique}")
        for expno, (offset, kind) in enumerate(zip(offsets, kinds, strict=True), 1):
            exposures += [
                Exposure(
                    arm,
                    kind,
                    t + TimeDelta(ARM_DELAY_S[arm], format="sec"),
                    opts.exptime,
                    tpl,
                    TEMPLATES[technique],
                    expno,
                    len(offsets),
                    obs_id,
                    name,
                    target.name,
                    ra,
                    dec,
                    offset,
                )
                for arm in ARMS
            ]
            t = t + TimeDelta(opts.exptime + 60.0, format="sec")
        obs.append(
            {
                "obs_id": obs_id,
                "name": name,
                "technique": technique,
                "target": target,
                "shift": shift,
                "tpl_start": tpl,
                "exposures": exposures,
            }
        )
        t = t + TimeDelta(600.0, format="sec")
    return obs


def _rate(exp: Exposure, obs: list[dict], cache: dict[tuple, np.ndarray]) -> np.ndarray:
    """e-/s per pixel falling on the detector during ``exp``."""
    layout = LAYOUTS[exp.arm]
    ob = next((o for o in obs if o["obs_id"] == exp.obs_id), None)
    shift = ob["shift"][exp.arm] if ob else (0.0, 0.0)
    key = (exp.arm, exp.kind, exp.obs_id, exp.slit_offset_arcsec)
    if key in cache:
        return cache[key]
    slit = lambda edges: render.slit_profile(layout, edges)  # noqa: E731
    lamp = lambda lam: sources.lamp_continuum(exp.arm, lam)  # noqa: E731
    lines, strengths = sources.arc_lines(exp.arm)
    pin = 1.0 / ARCSEC_PER_PIXEL
    if exp.kind in ("bias", "dark"):
        rate = np.zeros((layout.ny, layout.nx))
    elif exp.kind in ("flat", "qflat"):
        rate = render.continuum(layout, lamp, slit)
    elif exp.kind in ("orderdef", "qorderdef"):
        rate = render.continuum(layout, lamp, render.pinholes([0.0]))
    elif exp.kind in ("fmtchk", "afc"):
        rate = render.lines(layout, lines, strengths, render.pinholes([0.0]), shift)
    elif exp.kind == "wave":
        rate = render.lines(
            layout, lines, strengths, render.pinholes([p * pin for p in WAVE_PINHOLES_ARCSEC])
        )
    elif exp.kind == "arc_slit":
        rate = render.lines(layout, lines, strengths, slit)
    elif exp.kind == "sky":
        rate = _sky(layout, exp.arm, shift)
    else:
        target = sources.standard_star() if exp.kind == "std" else ob["target"]
        rate = _object(layout, exp.arm, target, exp.slit_offset_arcsec, shift) + _sky(layout, exp.arm, shift)
    cache[key] = rate
    return rate


def _object(layout, arm: str, target: sources.Target, offset_arcsec: float, shift) -> np.ndarray:  # type: ignore[no-untyped-def]
    pixel = (layout.lam_max - layout.lam_min) / layout.n_orders / layout.ny
    fine = np.arange(layout.lam_min - 5.0, layout.lam_max + 5.0, pixel / 4.0)
    observed = render.convolve_to_lsf(layout, fine, target.flux(fine) * sources.telluric(fine))
    sigma = SEEING_FWHM_ARCSEC / ARCSEC_PER_PIXEL / 2.3548

    def rate(lam: np.ndarray) -> np.ndarray:
        return sources.photons_per_nm(observed(lam), lam, arm)

    return render.continuum(
        layout, rate, render.gaussian_profile(offset_arcsec / ARCSEC_PER_PIXEL, sigma), shift
    )


def _sky(layout, arm: str, shift) -> np.ndarray:  # type: ignore[no-untyped-def]
    length = layout.slit_px * ARCSEC_PER_PIXEL

    def rate(lam: np.ndarray) -> np.ndarray:
        return sources.photons_per_nm(sources.sky_per_arcsec(lam) * length, lam, arm)

    return render.continuum(layout, rate, lambda edges: render.slit_profile(layout, edges), shift)


def _night_log(out: Path, obs: list[dict]) -> Path:
    path = out / "nightlog.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(("ob_id", "ob_name", "grade", "comment"))
        for ob in obs:
            writer.writerow((ob["obs_id"], ob["name"], "A", "simulated"))
    return path


def _truth(directory: Path, night: str, obs: list[dict]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    record = {
        "instrument": "xshooter",
        "night": night,
        "flux_unit": "erg/s/cm2/Angstrom",
        "telluric_bands_nm": [list(b) for b in sources.TELLURIC_BANDS],
        "arms_nm": {arm: [lay.lam_min, lay.lam_max] for arm, lay in LAYOUTS.items()},
        "obs": [
            {
                "obs_id": ob["obs_id"],
                "technique": ob["technique"],
                "tpl_start": ob["tpl_start"],
                "flexure_px": {arm: list(s) for arm, s in ob["shift"].items()},
                "target": {
                    "name": ob["target"].name,
                    "temperature": ob["target"].temperature,
                    "flux550": ob["target"].flux550,
                    "lines": [[ln.centre, ln.sigma, ln.peak] for ln in ob["target"].lines],
                },
            }
            for ob in obs
        ],
    }
    path = directory / "truth.json"
    path.write_text(json.dumps(record, indent=1), encoding="utf-8")
    return path
