"""A simulated GIRAFFE Medusa night: calibrations, science frames with fibre tables, and the truth.

The night holds ``biases`` biases and ``darks`` darks (full detector width), one fibre flat and
one arc of the night's setting and slit the next morning, and ``science`` Medusa exposures. All
science frames share one fibre allocation (which fibres are science, sky or parked), each with
its own field of objects, magnitudes and exposure time. Parked fibres see no light, in any frame.
"""

from __future__ import annotations

import csv
import io
import json
import zlib
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import fits
from astropy.time import Time, TimeDelta

from instruments.giraffe import keywords as kw
from instruments.giraffe.categories import LINE_CATALOG
from instruments.giraffe.setup import MAX_FIBRES, OVERSCAN_X, PRESCAN_X, SETTINGS, Setting, setting
from instruments.giraffe.simulator import lamps
from instruments.giraffe.simulator.fitsio import fibre_table, header_of, u16_primary, write_atomic
from instruments.giraffe.simulator.model import (
    FibreTruth,
    FrameTruth,
    Optics,
    Sky,
    Source,
    optics_to_json,
)
from instruments.giraffe.simulator.options import SimulationOptions
from instruments.giraffe.simulator.render import GAIN_E_PER_ADU, RON_E, render, row_counts
from phoenix import NightSimulation

TRUTH_NAME = "truth.json"
NIGHTLOG_NAME = "nightlog.csv"
PROG_ID = "097.D-0123(A)"
_FIELDS = ("NGC6752", "M67", "NGC2516", "47TUC", "NGC3532", "OMEGACEN", "M11", "NGC6397")


def simulate_night_from_options(night: str, destination: str, options: Mapping[str, Any]) -> NightSimulation:
    """The ``phoenix_simulate_night`` hook: options as a mapping (see :class:`SimulationOptions`)."""
    return simulate_night(night, Path(destination), SimulationOptions.from_mapping(options))


def simulate_night(night: str, destination: Path, options: SimulationOptions) -> NightSimulation:
    """Write the night's raw frames, the static line catalogue, the night log and the truth."""
    seed = options.seed if options.seed is not None else zlib.crc32(night.encode())
    rng = np.random.default_rng(seed)
    mode = setting(options.exp_mode)
    raw_dir, static_dir, truth_dir = (destination / d for d in ("raw", "static", "truth"))
    for d in (raw_dir, static_dir, truth_dir):
        d.mkdir(parents=True, exist_ok=True)
    allocation = _allocation(options, rng)
    lit = tuple(fps for fps, kind in allocation.items() if kind != kw.FIBRE_UNUSED)
    optics = _optics(options, mode, lit, rng)
    sky = lamps.night_sky(mode, rng)
    writer = _Writer(raw_dir, options, mode, optics, rng)
    start = Time(f"{night}T23:30:00", scale="utc")
    frames, obs = [], []
    for k in range(options.science):
        exptime = options.exptimes[k % len(options.exptimes)]
        fibres = _science_fibres(allocation, k, options, rng)
        obs_id = 200000000 + seed % 1000000 * 100 + k
        name = writer.science(start, exptime, fibres, sky, obs_id, k)
        frames.append(FrameTruth(name, mode.exp_mode, exptime, fibres))
        obs.append((obs_id, f"{_FIELDS[k % len(_FIELDS)]}_{k:02d}"))
        start = start + TimeDelta(exptime + 300.0, format="sec")
    morning = Time(f"{night}T12:00:00", scale="utc") + TimeDelta(1, format="jd")
    calib_fibres = tuple(FibreTruth(fps, kind) for fps, kind in allocation.items())
    writer.calibrations(morning, calib_fibres, lit)
    static = _write_line_catalog(static_dir / "giraffe_line_catalog.fits")
    log = _write_night_log(destination / NIGHTLOG_NAME, obs)
    truth = truth_dir / TRUTH_NAME
    truth.write_text(json.dumps(_truth(night, options, optics, sky, frames), indent=1))
    return NightSimulation(tuple(writer.written), {LINE_CATALOG: str(static)}, str(log), str(truth))


def _allocation(options: SimulationOptions, rng: np.random.Generator) -> dict[int, str]:
    """Fibre number -> S (science), U (sky) or N (parked), spread along the slit."""
    total = options.science_fibres + options.sky_fibres + options.unused_fibres
    numbers = np.unique(np.round(np.linspace(1, MAX_FIBRES, total)).astype(int))
    kinds = np.array(
        [kw.FIBRE_SCIENCE] * options.science_fibres
        + [kw.FIBRE_SKY] * options.sky_fibres
        + [kw.FIBRE_UNUSED] * options.unused_fibres
    )
    rng.shuffle(kinds)
    return {int(n): str(k) for n, k in zip(numbers, kinds, strict=True)}


def _optics(
    options: SimulationOptions, mode: Setting, lit: tuple[int, ...], rng: np.random.Generator
) -> Optics:
    scale = options.rows / 4096.0  # perturbations in rows shrink with a reduced detector
    transmission = rng.uniform(0.8, 1.2, len(lit))
    transmission /= np.median(transmission)
    sigma_px = (
        (0.5 * (mode.wmin_nm + mode.wmax_nm) / mode.resolving_power) / 2.355 / mode.dispersion(options.rows)
    )
    every = range(1, MAX_FIBRES + 1)
    return Optics(
        rows=options.rows,
        shift_a=float(rng.uniform(-6.0, 6.0) * scale),
        curve_c=float(rng.uniform(-3.0, 3.0) * scale),
        fibre_shift={n: float(rng.uniform(-1.5, 1.5) * scale) for n in every},
        trace_dx=float(rng.uniform(-2.0, 2.0)),
        trace_cx=float(rng.uniform(-2.0, 2.0)),
        trace_offset={n: float(rng.uniform(-0.3, 0.3)) for n in every},
        width={n: float(rng.uniform(1.4, 1.8)) for n in every},
        transmission={n: float(t) for n, t in zip(lit, transmission, strict=True)},
        line_sigma_px=float(np.clip(sigma_px, 1.2, 3.0)),
    )


def _science_fibres(
    allocation: Mapping[int, str], frame: int, options: SimulationOptions, rng: np.random.Generator
) -> tuple[FibreTruth, ...]:
    ra0, dec0 = float(rng.uniform(0.0, 360.0)), float(rng.uniform(-70.0, 10.0))
    field = _FIELDS[frame % len(_FIELDS)]
    out = []
    for fps, kind in sorted(allocation.items()):
        if kind == kw.FIBRE_SCIENCE:
            ra = ra0 + float(rng.uniform(-0.2, 0.2)) / np.cos(np.radians(dec0))
            dec = dec0 + float(rng.uniform(-0.2, 0.2))
            mag = float(rng.uniform(*options.magnitudes))
            centre = float(rng.uniform(0.2, 0.8))
            source = Source(round(mag, 3), float(rng.uniform(-2.0, 1.0)), _features(options, centre, rng))
            out.append(FibreTruth(fps, kind, f"{field}_{fps:03d}", ra % 360.0, dec, round(mag, 3), source))
        elif kind == kw.FIBRE_SKY:
            ra = ra0 + float(rng.uniform(-0.2, 0.2))
            out.append(FibreTruth(fps, kind, "SKY", ra % 360.0, dec0 + float(rng.uniform(-0.2, 0.2))))
        else:
            out.append(FibreTruth(fps, kind))
    return tuple(out)


def _features(
    options: SimulationOptions, where: float, rng: np.random.Generator
) -> tuple[tuple[float, float, float], ...]:
    mode = setting(options.exp_mode)
    span = mode.wmax_nm - mode.wmin_nm
    return ((mode.wmin_nm + where * span, float(rng.uniform(0.2, 0.5)), span / 40.0),)


class _Writer:
    """Renders and writes frames, remembering the files."""

    def __init__(
        self,
        raw_dir: Path,
        options: SimulationOptions,
        mode: Setting,
        optics: Optics,
        rng: np.random.Generator,
    ) -> None:
        self.raw_dir, self.options, self.mode, self.optics, self.rng = raw_dir, options, mode, optics, rng
        self.written: list[str] = []

    def science(
        self, start: Time, exptime: float, fibres: tuple[FibreTruth, ...], sky: Sky, obs_id: int, k: int
    ) -> str:
        centre = self.mode.wlen_nm
        counts = {}
        for f in fibres:
            if f.type == kw.FIBRE_UNUSED:
                continue
            source = f.source

            def density(wave: np.ndarray, source: Source | None = source) -> np.ndarray:
                own = source.density(wave, centre) if source is not None else 0.0
                return own + sky.continuum

            counts[f.fps] = row_counts(self.optics, self.mode, f.fps, exptime, density, sky.lines)
        field = _FIELDS[k % len(_FIELDS)]
        science = [f for f in fibres if f.type == kw.FIBRE_SCIENCE]
        cards = {
            kw.OBJECT: field,
            kw.RA: float(np.mean([f.ra for f in science])) if science else 0.0,
            kw.DEC: float(np.mean([f.dec for f in science])) if science else 0.0,
            kw.DPR_CATG: "SCIENCE",
            kw.DPR_TYPE: "OBJECT",
            kw.DPR_TECH: "MOS",
            kw.OBS_ID: obs_id,
            kw.OBS_NAME: f"{field}_{k:02d}",
        }
        return self._write(start, exptime, cards, counts, fibres)

    def calibrations(self, morning: Time, fibres: tuple[FibreTruth, ...], lit: tuple[int, ...]) -> None:
        o, mode = self.options, self.mode
        t = morning
        tpl = t
        for _ in range(o.biases):
            self._write(t, 0.0, _calib("BIAS", "IMAGE"), {}, (), tpl)
            t = t + TimeDelta(60.0, format="sec")
        tpl = t
        for _ in range(o.darks):
            self._write(t, 1800.0, _calib("DARK", "IMAGE"), {}, (), tpl)
            t = t + TimeDelta(1860.0, format="sec")
        flat = lamps.flat_density(mode, o.rows)
        counts = {fps: row_counts(self.optics, mode, fps, lamps.FLAT_EXPTIME, flat) for fps in lit}
        self._write(t, lamps.FLAT_EXPTIME, _calib("FLAT,LAMP", "MOS"), counts, fibres, t)
        t = t + TimeDelta(120.0, format="sec")
        lines = lamps.arc_lines(mode)
        counts = {fps: row_counts(self.optics, mode, fps, lamps.ARC_EXPTIME, None, lines) for fps in lit}
        self._write(t, lamps.ARC_EXPTIME, _calib("WAVE,LAMP", "MOS"), counts, fibres, t)

    def _write(
        self,
        start: Time,
        exptime: float,
        cards: Mapping[str, Any],
        counts: Mapping[int, np.ndarray],
        fibres: tuple[FibreTruth, ...],
        template: Time | None = None,
    ) -> str:
        name = f"GIRAF.{start.isot[:23]}.fits"
        header = header_of({**self._common(start, exptime, template or start), **cards})
        pixels = render(self.optics, counts, exptime, self.rng)
        hdus: list[fits.hdu.base.ExtensionHDU] = [u16_primary(pixels, header)]
        if fibres:
            hdus.append(fibre_table(fibres))
        path = write_atomic(fits.HDUList(hdus), self.raw_dir / name)
        self.written.append(str(path))
        return name

    def _common(self, start: Time, exptime: float, template: Time) -> dict[str, Any]:
        o, mode = self.options, self.mode
        name = f"GIRAF.{start.isot[:23]}.fits"
        return {
            "ORIGIN": "ESO",
            kw.TELESCOP: "ESO-VLT-U2",
            kw.INSTRUME: "GIRAFFE",
            kw.OBJECT: "CALIB",
            kw.RA: 0.0,
            kw.DEC: 0.0,
            kw.EQUINOX: 2000.0,
            kw.RADESYS: "FK5",
            kw.DATE_OBS: start.isot[:23],
            kw.MJD_OBS: float(start.mjd),
            kw.EXPTIME: float(exptime),
            kw.ARCFILE: name,
            kw.ORIGFILE: name,
            kw.TPL_START: template.isot[:19],
            kw.OBS_ID: 200000000,
            kw.OBS_PROG_ID: PROG_ID,
            kw.DET_CHIP1_ID: "EEV44-82",
            kw.DET_WIN1_BINX: 1,
            kw.DET_WIN1_BINY: 1,
            kw.DET_READ_SPEED: "225kHz",
            kw.DET_READ_MODE: "normal",
            kw.DET_READ_CLOCK: "225kHz,1port,Low Gain",
            kw.DET_OUT1_PRSCX: PRESCAN_X,
            kw.DET_OUT1_OVSCX: OVERSCAN_X,
            kw.DET_OUT1_CONAD: GAIN_E_PER_ADU,
            kw.DET_OUT1_RON: RON_E,
            kw.INS_SLIT_NAME: o.slit,
            kw.INS_EXP_MODE: mode.exp_mode,
            kw.INS_GRAT_ID: mode.grating,
            kw.INS_GRAT_WLEN: mode.wlen_nm,
            kw.INS_GRAT_ORDER: mode.order,
            kw.INS_FILT_NAME: mode.name,
        }


def _calib(dpr_type: str, tech: str) -> dict[str, Any]:
    return {kw.DPR_CATG: "CALIB", kw.DPR_TYPE: dpr_type, kw.DPR_TECH: tech}


def _write_line_catalog(path: Path) -> Path:
    rows = [line for mode in SETTINGS.values() for line in lamps.arc_lines(mode)]
    columns = [
        fits.Column("WLEN", "D", unit="nm", array=np.array([w for w, _ in rows])),
        fits.Column("FLUX", "E", array=np.array([f for _, f in rows], dtype=np.float32)),
    ]
    primary = fits.PrimaryHDU(header=header_of({kw.INSTRUME: "GIRAFFE", kw.PRO_CATG: LINE_CATALOG}))
    table = fits.BinTableHDU.from_columns(columns)
    table.header[kw.EXTNAME] = "LINE_CATALOG"
    return write_atomic(fits.HDUList([primary, table]), path)


def _write_night_log(path: Path, obs: list[tuple[int, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("ob_id", "ob_name", "grade", "comment"))
    for obs_id, name in obs:
        writer.writerow((obs_id, name, "A", "simulated Medusa exposure"))
    path.write_text(buffer.getvalue())
    return path


def _truth(
    night: str, options: SimulationOptions, optics: Optics, sky: Sky, frames: list[FrameTruth]
) -> dict:
    return {
        "night": night,
        "exp_mode": options.exp_mode,
        "slit": options.slit,
        "optics": optics_to_json(optics),
        "sky": asdict(sky),
        "frames": [asdict(f) for f in frames],
    }
