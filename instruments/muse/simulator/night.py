"""A synthetic MUSE night: daytime calibrations and OBs of dithered, rotated exposures of one target.

Each OB is one template (TPL.START) of ``nexp`` exposures with offsets and derotator angles from
:data:`DITHERS`; every exposure sees the same point source at a fixed sky position, drawn into
the CCD through the exposure's own pointing and rotation, so a cube that recovers it at the
right RA/DEC shows that every step (geometry, dithers, rotation, combination) did its job.
The truth (source position and flux, exposures, static tables) goes to ``truth.json``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import fits

from instruments.muse import keywords as kw
from instruments.muse.simulator import scene, statics
from instruments.muse.simulator.detector import raw_extension
from instruments.muse.simulator.headers import Exposure, arc_cards, date_obs, primary_header, science_cards
from phoenix.types import NightSimulation

# (east, north) offsets in arcsec and derotator angle (deg) per exposure of an OB; 180° keeps the
# one-IFU strip on itself, so a rotated exposure overlaps the others
DITHERS: tuple[tuple[float, float, float], ...] = (
    (0.0, 0.0, 0.0),
    (0.6, 0.2, 0.0),
    (-0.4, -0.2, 180.0),
    (0.2, 0.0, 180.0),
)
CALIB_NAMES = {"BIAS": "bias", "FLAT,LAMP": "flat", "WAVE": "arc"}


@dataclass(frozen=True)
class MuseNightOptions:
    """What one simulated MUSE night contains.

    ``obs`` OBs of ``nexp`` exposures of target ``target``; ``ifus`` CCDs per frame (1 keeps
    tests fast; the recipes then run with --nifu=1); ``source_flux`` counts per CCD row of the
    point source; ``first_ob`` numbers the OBs so that nights can be chained (deep cubes).
    """

    obs: int = 2
    nexp: int = 4
    ifus: int = 1
    seed: int = 0
    target: str = "SYNTH-1"
    ra: float = 150.0
    dec: float = -30.0
    source_offset: tuple[float, float] = (2.0, 0.1)  # arcsec east, north of the pointing
    source_flux: float = 3000.0
    continuum: float = 300.0
    psf_sigma: float = 2.0  # spaxels
    n_bias: int = 3
    n_flat: int = 3
    first_ob: int = 1
    calibrations: bool = True

    def __post_init__(self) -> None:
        if not 1 <= self.ifus <= kw.N_IFUS:
            raise ValueError(f"option 'ifus' must be 1..{kw.N_IFUS}, got {self.ifus}")
        if self.obs < 0 or self.nexp < 1 or self.n_bias < 3 or self.n_flat < 3:
            raise ValueError("options: obs >= 0, nexp >= 1, n_bias >= 3 and n_flat >= 3 are needed")

    @classmethod
    def from_mapping(cls, options: Mapping[str, Any]) -> MuseNightOptions:
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(options) - known)
        if unknown:
            raise ValueError(f"unknown MUSE simulation option(s) {unknown}; known: {sorted(known)}")
        values = dict(options)
        if "source_offset" in values:
            values["source_offset"] = tuple(values["source_offset"])
        return cls(**values)


def _mjd(night: str, hours: float) -> float:
    from astropy.time import Time

    return float(Time(f"{night}T12:00:00", scale="utc").mjd) + hours / 24.0


def _write(
    path: Path, header: fits.Header, signal: np.ndarray | None, opts: MuseNightOptions, seed: int
) -> str:
    rng = np.random.default_rng(seed)
    hdus: list[Any] = [fits.PrimaryHDU(header=header)]
    for ifu in range(1, opts.ifus + 1):
        hdus.append(raw_extension(ifu, signal, rng, kw.QUADRANT_NX, kw.QUADRANT_NY))
    fits.HDUList(hdus).writeto(path, overwrite=True)
    return str(path)


def _calibrations(night: str, out: Path, opts: MuseNightOptions, lines: np.ndarray) -> list[str]:
    ny, nx = 2 * kw.QUADRANT_NY, 2 * kw.QUADRANT_NX
    files = []
    plan = (("BIAS", opts.n_bias, 0.0, None), ("FLAT,LAMP", opts.n_flat, 10.0, scene.flat_signal(ny, nx)))
    hours = 2.0  # after noon: the morning calibrations of the night's date + 1 are taken next day
    for dpr_type, n, exptime, signal in plan:
        start = date_obs(_mjd(night, hours))[:19]
        tpl = f"MUSE_wfm_cal_{'specflat' if dpr_type.startswith('FLAT') else dpr_type.lower()}"
        for i in range(n):
            mjd = _mjd(night, hours)
            exp = Exposure("CALIB", dpr_type, "IFU", exptime, mjd, tpl, start, i + 1, n)
            name = f"MUSE.{date_obs(mjd)}.fits".replace(":", "_")
            files.append(_write(out / name, primary_header(exp), signal, opts, opts.seed * 1000 + len(files)))
            hours += 0.01
    mjd = _mjd(night, hours)
    exp = Exposure("CALIB", "WAVE", "IFU", 30.0, mjd, "MUSE_wfm_cal_arc", date_obs(mjd)[:19], 1, 1)
    header = primary_header(exp)
    for key, value in arc_cards():
        header[kw.card(key)] = value
    arc = scene.arc_signal(ny, nx, lines)
    files.append(_write(out / f"MUSE.{date_obs(mjd)}.fits".replace(":", "_"), header, arc, opts, 999))
    return files


def _science(night: str, out: Path, opts: MuseNightOptions) -> tuple[list[str], list[dict[str, Any]]]:
    ny, nx = 2 * kw.QUADRANT_NY, 2 * kw.QUADRANT_NX
    src_ra = opts.ra + opts.source_offset[0] / 3600.0 / np.cos(np.radians(opts.dec))
    src_dec = opts.dec + opts.source_offset[1] / 3600.0
    files, exposures = [], []
    hours = 10.0
    for ob in range(opts.first_ob, opts.first_ob + opts.obs):
        start = date_obs(_mjd(night, hours))[:19]
        for i in range(opts.nexp):
            east, north, posang = DITHERS[i % len(DITHERS)]
            ra0 = opts.ra + east / 3600.0 / np.cos(np.radians(opts.dec))
            dec0 = opts.dec + north / 3600.0
            mjd = _mjd(night, hours)
            exp = Exposure(
                "SCIENCE", "OBJECT", "IFU", 600.0, mjd, "MUSE_wfm-noao_obs_genericoffset", start,
                i + 1, opts.nexp, 1000 + ob, opts.target, ra0, dec0, posang,
            )  # fmt: skip
            header = primary_header(exp)
            for key, value in science_cards(exp):
                header[kw.card(key)] = value
            x, y = scene.field_position(src_ra, src_dec, ra0, dec0, posang)
            signal = scene.science_signal(ny, nx, ((x, y, opts.source_flux),), opts.continuum, opts.psf_sigma)
            name = f"MUSE.{date_obs(mjd)}.fits".replace(":", "_")
            seed = opts.seed * 1000 + 100 * ob + i
            files.append(_write(out / name, header, signal, opts, seed))
            exposures.append({**asdict(exp), "file": name, "field_x": x, "field_y": y})
            hours += 0.2
        hours += 0.5
    return files, [{"source_ra": src_ra, "source_dec": src_dec}, *exposures]


def simulate_night(night: str, destination: str | Path, options: Mapping[str, Any]) -> NightSimulation:
    """Write a MUSE night into ``destination``; see :class:`MuseNightOptions` for the options."""
    opts = MuseNightOptions.from_mapping(options)
    out = Path(destination)
    raw_dir, static_dir = out / "raw", out / "static"
    raw_dir.mkdir(parents=True, exist_ok=True)
    static_dir.mkdir(parents=True, exist_ok=True)
    lines = statics.arc_lines()
    statics_written = {
        "LINE_CATALOG": str(statics.write_line_catalog(static_dir / "line_catalog.fits", lines)),
        "GEOMETRY_TABLE": str(
            statics.write_geometry_table(static_dir / "geometry_table.fits", tuple(range(1, opts.ifus + 1)))
        ),
    }
    ext, resp = statics.write_extinction_and_response(
        static_dir / "extinct_table.fits", static_dir / "std_response.fits"
    )
    statics_written |= {"EXTINCT_TABLE": str(ext), "STD_RESPONSE": str(resp)}
    raw = _calibrations(night, raw_dir, opts, lines) if opts.calibrations else []
    science, exposures = _science(night, raw_dir, opts)
    truth_path = out / "truth.json"
    source = exposures[0]
    truth = {
        "night": night,
        "options": {k: v for k, v in asdict(opts).items()},
        "source": {
            "ra": source["source_ra"],
            "dec": source["source_dec"],
            "counts_per_row": opts.source_flux,
            "continuum_per_spaxel_row": opts.continuum * scene.SLICE_WIDTH / statics.SLICE_SKY_WIDTH,
            "psf_sigma_spaxels": opts.psf_sigma,
        },
        "exposures": exposures[1:],
    }
    truth_path.write_text(json.dumps(truth, indent=1))
    log = out / "nightlog.csv"
    obs = range(opts.first_ob, opts.first_ob + opts.obs)
    log.write_text("ob_id,ob_name,grade,comment\n" + "".join(f"{1000 + ob},{opts.target},A,\n" for ob in obs))
    return NightSimulation(
        raw_files=tuple(raw + science),
        static_files=statics_written,
        night_log=str(log),
        truth=str(truth_path),
    )
