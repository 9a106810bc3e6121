"""Run the GIRAFFE reference recipes directly (no engine, no esorex) on a simulated night."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from astropy.io import fits

from instruments.giraffe import categories as cat
from instruments.giraffe import keywords as kw
from instruments.giraffe.recipes import calibration, science
from instruments.giraffe.simulator import SimulationOptions, simulate_night
from phoenix import NightSimulation, SofEntry

_DPR_TAG = {"BIAS": cat.BIAS, "DARK": cat.DARK, "FLAT,LAMP": cat.FIBER_FLAT, "WAVE,LAMP": cat.ARC_SPECTRUM}


@dataclass(frozen=True)
class ReducedNight:
    simulation: NightSimulation
    masters: dict[str, str]  # category -> file
    science: dict[str, str]  # raw file name -> its SCIENCE_RBNSPECTRA


def _by_tag(raw_files: tuple[str, ...]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in raw_files:
        header = fits.getheader(path)
        tag = cat.SCIENCE if header[kw.DPR_CATG] == "SCIENCE" else _DPR_TAG[header[kw.DPR_TYPE]]
        out.setdefault(tag, []).append(path)
    return out


def reduce_night(root: Path, night: str, options: SimulationOptions) -> ReducedNight:
    """Simulate ``night`` under ``root`` and run bias -> flat -> wave -> science on it."""
    sim = simulate_night(night, root / "sim", options)
    raw = _by_tag(sim.raw_files)
    work = root / "work"
    for step in ("bias", "flat", "wave"):
        (work / step).mkdir(parents=True, exist_ok=True)
    calibration.master_bias([SofEntry(p, cat.BIAS) for p in raw[cat.BIAS]], work / "bias", {})
    masters = {cat.MASTER_BIAS: str(work / "bias" / "master_bias.fits")}
    bias = SofEntry(masters[cat.MASTER_BIAS], cat.MASTER_BIAS)
    calibration.fibre_flat([SofEntry(raw[cat.FIBER_FLAT][0], cat.FIBER_FLAT), bias], work / "flat", {})
    for category in (cat.FF_LOCCENTROID, cat.FF_LOCWIDTH, cat.FF_EXTSPECTRA):
        masters[category] = str(work / "flat" / f"{category.lower()}.fits")
    loc = [SofEntry(masters[c], c) for c in (cat.FF_LOCCENTROID, cat.FF_LOCWIDTH)]
    lines = SofEntry(sim.static_files[cat.LINE_CATALOG], cat.LINE_CATALOG)
    calibration.wave_calibration(
        [SofEntry(raw[cat.ARC_SPECTRUM][0], cat.ARC_SPECTRUM), bias, *loc, lines], work / "wave", {}
    )
    masters[cat.DISPERSION_SOLUTION] = str(work / "wave" / "dispersion_solution.fits")
    cal = [bias, *loc, *(SofEntry(masters[c], c) for c in (cat.FF_EXTSPECTRA, cat.DISPERSION_SOLUTION))]
    products = {}
    for i, path in enumerate(raw.get(cat.SCIENCE, [])):
        out = work / f"science{i:03d}"
        out.mkdir()
        science.science([SofEntry(path, cat.SCIENCE), *cal], out, {})
        products[Path(path).name] = str(out / "science_rbnspectra.fits")
    return ReducedNight(sim, masters, products)
