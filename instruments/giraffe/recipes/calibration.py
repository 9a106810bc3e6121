"""Reference recipes of the calibration chain, called by the engine's ``python`` runner.

* :func:`master_bias` and :func:`master_dark` stand in for ESO's gimasterbias and gimasterdark
  when cpl-plugin-giraf is not installed (the engine runs them instead; with the pipeline
  installed the real recipes run): a median of the raw frames, same shapes and PRO.CATG as ESO's
  products (2148 x rows master bias with the overscans kept, trimmed 2048-wide master dark).
* :func:`fibre_flat` and :func:`wave_calibration` do what gimasterflat and giwavecalibration do
  for this project, because those need static tables whose formats are unknown (NOTES.md §4.2):
  localisation, relative fibre transmission, and a per-fibre dispersion solution.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import fits

from instruments.giraffe import categories as cat
from instruments.giraffe import keywords as kw
from instruments.giraffe.recipes import frames, tables
from instruments.giraffe.recipes.extract import extract
from instruments.giraffe.recipes.localise import localise
from instruments.giraffe.recipes.wavecal import solve
from instruments.giraffe.setup import setting
from phoenix import SofEntry


def _stack(paths: list[str]) -> tuple[np.ndarray, fits.Header]:
    cube = np.stack([np.asarray(fits.getdata(p), dtype=np.float32) for p in paths])
    return np.median(cube, axis=0), fits.getheader(paths[0])


def master_bias(sof: list[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """MASTER_BIAS (median of the BIAS frames, overscans kept) and an empty BAD_PIXEL_MAP."""
    files = frames.by_tag(sof)
    stack, header = _stack(files.get(cat.BIAS, []) or [frames.one(files, cat.BIAS)])
    ron_raw = float(np.std(np.asarray(fits.getdata(files[cat.BIAS][0]), dtype=float)[100:-100, 100:-100]))
    qc = {
        kw.QC_BIAS_MASTER_MEDIAN: float(np.median(stack)),
        kw.QC_OUT1_RON_RAW: ron_raw,
        kw.QC_OUT1_RON_MASTER: float(np.std(stack[100:-100, 100:-100])),
    }
    frames.write(workdir / "master_bias.fits", frames.product_header(cat.MASTER_BIAS, header, qc), data=stack)
    bpm = np.zeros(stack.shape, dtype=np.int32)
    frames.write(
        workdir / "bad_pixel_map.fits", frames.product_header(cat.BAD_PIXEL_MAP, header, {}), data=bpm
    )


def master_dark(sof: list[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """MASTER_DARK: median of the bias-subtracted DARK frames, trimmed, in ADU; QC dark current per hour."""
    files = frames.by_tag(sof)
    bias = frames.one(files, cat.MASTER_BIAS)
    darks = [frames.calibrated(p, bias) for p in files.get(cat.DARK, [])]
    if not darks:
        raise ValueError("the SOF has no DARK frame")
    header = darks[0].header
    gain = float(header.get(kw.DET_OUT1_CONAD, frames.DEFAULT_GAIN))
    stack = np.median(np.stack([d.data for d in darks]), axis=0) / gain
    hours = max(float(header.get(kw.EXPTIME, 0.0)), 1e-3) / 3600.0
    qc = {kw.QC_DARK_CURRENT: float(np.median(stack) / hours)}
    frames.write(workdir / "master_dark.fits", frames.product_header(cat.MASTER_DARK, header, qc), data=stack)


def fibre_flat(sof: list[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """FF_LOCCENTROID, FF_LOCWIDTH and FF_EXTSPECTRA (flat spectra + relative transmission)."""
    files = frames.by_tag(sof)
    image = frames.calibrated(frames.one(files, cat.FIBER_FLAT), frames.one(files, cat.MASTER_BIAS))
    traces = localise(image.data, float(parameters.get("min_level", 50.0)))
    n_rows = image.data.shape[0]
    spectra = [extract(image.data, t, image.ron_e) for t in traces]
    level = np.array([np.median(s.counts) for s in spectra])
    transmission = level / np.median(level)
    widths = np.array([t.sigma for t in traces])
    qc_loc = {
        kw.QC_NFIBRES: len(traces),
        kw.QC_FIBRE_WIDTH_MEAN: float(widths.mean()),
        kw.QC_FIBRE_CENTROID_RMS: float(np.max([t.rms for t in traces])),
    }
    qc_trans = {
        kw.QC_FIBRE_TRANS_MEDIAN: float(np.median(transmission)),
        kw.QC_FIBRE_TRANS_RMS: float(np.std(transmission)),
    }
    header = image.header
    frames.write(
        workdir / "ff_loccentroid.fits",
        frames.product_header(cat.FF_LOCCENTROID, header, qc_loc),
        tables.traces_hdu(traces, n_rows),
    )
    frames.write(
        workdir / "ff_locwidth.fits",
        frames.product_header(cat.FF_LOCWIDTH, header, {}),
        tables.widths_hdu(traces, n_rows),
    )
    frames.write(
        workdir / "ff_extspectra.fits",
        frames.product_header(cat.FF_EXTSPECTRA, header, qc_trans),
        tables.transmission_hdu([t.fps for t in traces], transmission.tolist()),
        data=np.stack([s.counts for s in spectra]).astype(np.float32),
    )


def wave_calibration(sof: list[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """DISPERSION_SOLUTION: one polynomial per fibre from the arc and the LINE_CATALOG."""
    files = frames.by_tag(sof)
    image = frames.calibrated(frames.one(files, cat.ARC_SPECTRUM), frames.one(files, cat.MASTER_BIAS))
    traces, _ = tables.read_traces(frames.one(files, cat.FF_LOCCENTROID), frames.one(files, cat.FF_LOCWIDTH))
    catalogue = np.asarray(fits.getdata(frames.one(files, cat.LINE_CATALOG), 1)["WLEN"], dtype=float)
    mode = setting(str(image.header[kw.INS_EXP_MODE]))
    solutions = []
    for trace in traces:
        arc = extract(image.data, trace, image.ron_e)
        solutions.append(solve(trace.fps, arc.counts, arc.variance, catalogue, mode))
    n_rows = image.data.shape[0]
    qc = {
        kw.QC_WSOL_RMS: float(max(s.rms_px for s in solutions)),
        kw.QC_WSOL_NLINES: int(min(s.n_lines for s in solutions)),
    }
    frames.write(
        workdir / "dispersion_solution.fits",
        frames.product_header(cat.DISPERSION_SOLUTION, image.header, qc),
        tables.solutions_hdu(solutions, n_rows),
    )
