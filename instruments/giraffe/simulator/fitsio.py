"""Writing raw GIRAFFE frames the ESO way, atomically.

Raw pixels are 16-bit unsigned integers stored as ``BITPIX = 16`` with *floating-point*
``BZERO = 32768.0`` and ``BSCALE = 1.0`` cards (NOTES.md §3). Fibre frames carry the OzPoz fibre
table as a binary-table extension. Every file is written under a hidden temporary name and moved
into place, so an interrupted simulation never leaves a half-written frame under its final name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import fits

from instruments.giraffe import keywords as kw
from instruments.giraffe.simulator.model import FibreTruth

UINT16_ZERO = 32768


def header_of(cards: Mapping[str, Any]) -> fits.Header:
    """A header from ``{keyword: value}``; ESO's long names become HIERARCH cards."""
    header = fits.Header()
    for key, value in cards.items():
        name = f"HIERARCH {key}" if len(key) > 8 or " " in key else key
        header.append(fits.Card(name, value))
    return header


def u16_primary(pixels: np.ndarray, header: fits.Header) -> fits.PrimaryHDU:
    """The primary HDU holding ``pixels`` (uint16) as BITPIX=16 with float BZERO/BSCALE cards."""
    if pixels.dtype != np.uint16:
        raise TypeError(f"raw pixels must be uint16, got {pixels.dtype}")
    stored = (pixels.astype(np.int32) - UINT16_ZERO).astype(np.int16)
    hdu = fits.PrimaryHDU(stored, header=header, do_not_scale_image_data=True)
    hdu.header["BSCALE"] = (1.0, "pixel = FITS * BSCALE + BZERO")
    hdu.header["BZERO"] = (float(UINT16_ZERO), "offset for unsigned 16-bit integers")
    return hdu


def fibre_table(fibres: Sequence[FibreTruth]) -> fits.BinTableHDU:
    """The OzPoz fibre table: number, type, object, RA/DEC [deg] and the user's magnitude."""
    columns = [
        fits.Column(kw.COL_FIBRE, "J", array=np.array([f.fps for f in fibres], dtype=np.int32)),
        fits.Column(kw.COL_TYPE, "1A", array=np.array([f.type for f in fibres])),
        fits.Column(kw.COL_OBJECT, "32A", array=np.array([f.object for f in fibres])),
        fits.Column(kw.COL_RA, "D", unit="deg", array=np.array([f.ra for f in fibres])),
        fits.Column(kw.COL_DEC, "D", unit="deg", array=np.array([f.dec for f in fibres])),
        fits.Column(kw.COL_MAGNITUDE, "E", unit="mag", array=np.array([f.magnitude for f in fibres])),
        fits.Column(kw.COL_BUTTON, "J", array=np.array([f.fps + 200 for f in fibres], dtype=np.int32)),
    ]
    hdu = fits.BinTableHDU.from_columns(columns)
    hdu.header[kw.EXTNAME] = kw.FIBRE_EXTNAME
    return hdu


def write_atomic(hdul: fits.HDUList, path: Path) -> Path:
    """Write ``hdul`` to ``path`` through a hidden temporary file and ``os.replace``."""
    tmp = path.with_name(f".{path.name}.part")
    try:
        hdul.writeto(tmp, overwrite=True, output_verify="exception")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
