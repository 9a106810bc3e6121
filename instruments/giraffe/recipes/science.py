"""The reference science recipe (giscience's job): extract, calibrate and sky-subtract every fibre.

1. ``raw - MASTER_BIAS``, trimmed, in electrons; every lit fibre of the flat optimally extracted.
2. Each fibre's rows get wavelengths from its DISPERSION_SOLUTION; counts become a flux density
   ``counts / (Δλ_row · EXPTIME · T_f)`` in e-/s/nm, ``T_f`` the fibre's relative transmission
   measured on the flat (FF_EXTSPECTRA): the flux scale of a fibre of median transmission.
3. All fibres are resampled onto one linear wavelength grid (the range every fibre covers, the
   setting's nominal step).
4. The sky is the median of the sky fibres (type ``U`` in the raw frame's OzPoz table), with
   error ``1.253 σ / √n``; it is subtracted from every science fibre (type ``S``). Parked and
   calibration fibres produce nothing.
5. QC: per science fibre its median S/N per pixel and its total extracted counts; the brightest
   fibre's S/N and counts (the seed paper's Figure 7), the brightest and faintest fibres'
   magnitude and median flux (Figure 6).

MASTER_DARK is accepted (``giraf.oca``: optional for giscience) but not subtracted: the simulated
dark current, 0.5 e-/h, is far below the sky in every science fibre.
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
from instruments.giraffe.setup import setting
from phoenix import SofEntry

FLUX_UNIT = "electron/(s nm)"
MEDIAN_ERROR_FACTOR = 1.2533  # sqrt(pi/2): the error of a median of n normal values, times sigma/sqrt(n)


def science(sof: list[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """SCIENCE_RBNSPECTRA: flux and error of every science fibre on one grid, with the fibre table."""
    files = frames.by_tag(sof)
    raw = frames.one(files, cat.SCIENCE)
    image = frames.calibrated(raw, frames.one(files, cat.MASTER_BIAS))
    traces, _ = tables.read_traces(frames.one(files, cat.FF_LOCCENTROID), frames.one(files, cat.FF_LOCWIDTH))
    transmission = tables.read_transmission(frames.one(files, cat.FF_EXTSPECTRA))
    solutions = tables.read_solutions(frames.one(files, cat.DISPERSION_SOLUTION))
    fibres = frames.fibre_table(raw)
    kind = {int(f): str(t).strip() for f, t in zip(fibres[kw.COL_FIBRE], fibres[kw.COL_TYPE], strict=True)}
    exptime = float(image.header[kw.EXPTIME])
    n_rows = image.data.shape[0]
    rows = np.arange(n_rows, dtype=float)
    mode = setting(str(image.header[kw.INS_EXP_MODE]))

    wanted = [t for t in traces if kind.get(t.fps) in (kw.FIBRE_SCIENCE, kw.FIBRE_SKY) and t.fps in solutions]
    waves, densities, errors, totals = {}, {}, {}, {}
    for trace in wanted:
        spectrum = extract(image.data, trace, image.ron_e)
        solution = solutions[trace.fps]
        width = solution.wave(rows + 0.5, n_rows) - solution.wave(rows - 0.5, n_rows)
        scale = 1.0 / (width * exptime * transmission[trace.fps])
        waves[trace.fps] = solution.wave(rows, n_rows)
        densities[trace.fps] = spectrum.counts * scale
        errors[trace.fps] = np.sqrt(spectrum.variance) * scale
        totals[trace.fps] = float(spectrum.counts.sum())
    grid = _grid(list(waves.values()), mode.dispersion(n_rows))
    flux = {f: np.interp(grid, waves[f], densities[f]) for f in waves}
    error = {f: np.interp(grid, waves[f], errors[f]) for f in waves}

    skies = [f for f in flux if kind[f] == kw.FIBRE_SKY]
    if not skies:
        raise ValueError(f"{Path(raw).name}: no sky fibre (type {kw.FIBRE_SKY}) to subtract the sky with")
    sky = np.median(np.stack([flux[f] for f in skies]), axis=0)
    sky_error = MEDIAN_ERROR_FACTOR * np.sqrt(
        np.mean(np.stack([error[f] ** 2 for f in skies]), axis=0) / len(skies)
    )
    science_fibres = [f for f in flux if kind[f] == kw.FIBRE_SCIENCE]
    if not science_fibres:
        raise ValueError(f"{Path(raw).name}: no science fibre (type {kw.FIBRE_SCIENCE}) was extracted")
    net = np.stack([flux[f] - sky for f in science_fibres])
    net_error = np.stack([np.sqrt(error[f] ** 2 + sky_error**2) for f in science_fibres])
    snr = np.median(net / net_error, axis=1)
    median_flux = np.median(net, axis=1)

    row_of = {int(f): i for i, f in enumerate(fibres[kw.COL_FIBRE])}
    info = [fibres[row_of[f]] for f in science_fibres]
    magnitudes = np.array([float(r[kw.COL_MAGNITUDE]) for r in info])
    bright = int(np.argmax([totals[f] for f in science_fibres]))
    faint = int(np.argmin([totals[f] for f in science_fibres]))
    qc = {
        kw.QC_SCI_NFIBRES: len(science_fibres),
        kw.QC_SKY_NFIBRES: len(skies),
        kw.QC_SNR_MEDIAN: float(np.median(snr)),
        kw.QC_SNR_BRIGHT: float(snr[bright]),
        kw.QC_COUNTS_BRIGHT: totals[science_fibres[bright]],
        kw.QC_MAG_BRIGHT: float(magnitudes[bright]),
        kw.QC_FLUX_BRIGHT: float(median_flux[bright]),
        kw.QC_MAG_FAINT: float(magnitudes[faint]),
        kw.QC_FLUX_FAINT: float(median_flux[faint]),
    }
    table = fits.BinTableHDU.from_columns(
        [
            fits.Column("FPS", "J", array=np.array(science_fibres, dtype=np.int32)),
            fits.Column(kw.COL_OBJECT, "32A", array=np.array([str(r[kw.COL_OBJECT]).strip() for r in info])),
            fits.Column(kw.COL_RA, "D", unit="deg", array=np.array([float(r[kw.COL_RA]) for r in info])),
            fits.Column(kw.COL_DEC, "D", unit="deg", array=np.array([float(r[kw.COL_DEC]) for r in info])),
            fits.Column(kw.COL_MAGNITUDE, "E", unit="mag", array=magnitudes.astype(np.float32)),
            fits.Column("TRANS", "D", array=np.array([transmission[f] for f in science_fibres])),
            fits.Column("SNR", "D", array=snr),
            fits.Column("COUNTS", "D", unit="electron", array=np.array([totals[f] for f in science_fibres])),
            fits.Column("FLUX_MEDIAN", "D", unit=FLUX_UNIT, array=median_flux),
        ],
        name="FIBRES",
    )
    frames.write(
        workdir / "science_rbnspectra.fits",
        frames.product_header(cat.SCIENCE_RBNSPECTRA, image.header, qc),
        _image("FLUX", net, grid),
        _image("ERR", net_error, grid),
        _image("SKY", sky[None, :], grid),
        table,
    )


def _grid(waves: list[np.ndarray], step: float) -> np.ndarray:
    """A linear grid over the wavelengths every fibre covers."""
    start = max(float(w.min()) for w in waves)
    stop = min(float(w.max()) for w in waves)
    return start + step * np.arange(int(np.floor((stop - start) / step)) + 1)


def _image(name: str, data: np.ndarray, grid: np.ndarray) -> fits.ImageHDU:
    hdu = fits.ImageHDU(data.astype(np.float64), name=name)
    hdu.header[kw.CRVAL1] = float(grid[0])
    hdu.header[kw.CDELT1] = float(grid[1] - grid[0])
    hdu.header[kw.CRPIX1] = 1.0
    hdu.header[kw.CTYPE1] = "WAVE"
    hdu.header[kw.CUNIT1] = "nm"
    hdu.header[kw.BUNIT] = FLUX_UNIT
    return hdu
