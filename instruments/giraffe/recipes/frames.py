"""What every reference recipe needs: the SOF by tag, calibrated raw images, and product files.

A calibrated image is the raw frame minus the master bias, trimmed of its prescan and overscan
(``DET.OUT1.PRSCX``/``OVSCX``) and converted to electrons with ``DET.OUT1.CONAD``; its variance
is the read noise (``DET.OUT1.RON``, e-) squared plus the electrons themselves. Products are
written with ``PRO.CATG``, ``PRO.REC1.PIPE.ID`` and the recipe's ``ESO QC`` cards in the primary
header, which is how the engine recognises them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import fits

from instruments.giraffe import keywords as kw
from phoenix import SofEntry

PIPELINE_ID = "phoenix-giraffe/0.1.0"
DEFAULT_GAIN = 1.0
DEFAULT_RON_E = 3.0


@dataclass(frozen=True)
class Calibrated:
    """A bias-subtracted, trimmed raw image in electrons, with its variance and header."""

    data: np.ndarray
    variance: np.ndarray
    header: fits.Header
    ron_e: float


def by_tag(sof: Sequence[SofEntry]) -> dict[str, list[str]]:
    """SOF tag to its files, in SOF order."""
    out: dict[str, list[str]] = {}
    for entry in sof:
        out.setdefault(entry.tag, []).append(entry.path)
    return out


def one(files: Mapping[str, list[str]], tag: str) -> str:
    """The single file of ``tag``; ValueError naming the tag when there is none."""
    paths = files.get(tag, [])
    if not paths:
        raise ValueError(f"the SOF has no {tag} frame")
    return paths[0]


def calibrated(raw_path: str, master_bias_path: str) -> Calibrated:
    """``raw - MASTER_BIAS``, trimmed and in electrons (see the module docstring)."""
    with fits.open(raw_path, memmap=False) as hdul:
        header = hdul[0].header.copy()
        raw = np.asarray(hdul[0].data, dtype=np.float64)
    bias = np.asarray(fits.getdata(master_bias_path), dtype=np.float64)
    prescan = int(header.get(kw.DET_OUT1_PRSCX, 0))
    overscan = int(header.get(kw.DET_OUT1_OVSCX, 0))
    if bias.shape == raw.shape:
        raw = raw - bias
        trimmed = raw[:, prescan : raw.shape[1] - overscan]
    else:  # a master bias already trimmed
        trimmed = raw[:, prescan : raw.shape[1] - overscan] - bias
    gain = float(header.get(kw.DET_OUT1_CONAD, DEFAULT_GAIN))
    ron = float(header.get(kw.DET_OUT1_RON, DEFAULT_RON_E))
    data = trimmed * gain
    return Calibrated(data, ron**2 + np.clip(data, 0.0, None), header, ron)


def fibre_table(raw_path: str) -> fits.FITS_rec:
    """The raw frame's OzPoz fibre table; ValueError when the frame has none."""
    with fits.open(raw_path, memmap=False) as hdul:
        if kw.FIBRE_EXTNAME not in hdul:
            raise ValueError(f"{Path(raw_path).name}: no {kw.FIBRE_EXTNAME} extension (fibre table)")
        return hdul[kw.FIBRE_EXTNAME].data.copy()


def product_header(category: str, raw_header: fits.Header, qc: Mapping[str, Any]) -> fits.Header:
    """A product's primary header: the raw frame's setup cards, PRO.CATG, pipeline id and QC."""
    header = fits.Header()
    for key in (
        kw.INSTRUME,
        kw.DATE_OBS,
        kw.MJD_OBS,
        kw.EXPTIME,
        kw.ARCFILE,
        kw.INS_SLIT_NAME,
        kw.INS_EXP_MODE,
        kw.INS_GRAT_ID,
        kw.DET_CHIP1_ID,
    ):
        if key in raw_header:
            header[_hierarch(key)] = raw_header[key]
    header[_hierarch(kw.PRO_CATG)] = category
    header[_hierarch(kw.PRO_REC1_PIPE_ID)] = PIPELINE_ID
    for key, value in qc.items():
        header[_hierarch(key)] = value
    return header


def _hierarch(key: str) -> str:
    return f"HIERARCH {key}" if len(key) > 8 or " " in key else key


def write(
    path: Path, primary: fits.Header, *extensions: fits.hdu.base.ExtensionHDU, data: Any = None
) -> Path:
    """Write a product (primary header + extensions)."""
    fits.HDUList([fits.PrimaryHDU(data=data, header=primary), *extensions]).writeto(path, overwrite=True)
    return path
