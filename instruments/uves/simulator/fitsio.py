"""Writing FITS files the ESO way, atomically.

Raw pixels are 16-bit unsigned integers stored as ``BITPIX = 16`` with ``BZERO = 32768.0`` and
``BSCALE = 1.0``, both as *floating-point* cards: the UVES recipes reject an integer BSCALE
("Keyword 'BSCALE' has wrong type (int). double expected"). Every file is written under a
temporary name in the same directory and moved into place with ``os.replace``, so an interrupted
simulation never leaves a half-written file under its final name.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from astropy.io import fits

from instruments.uves import keywords as kw

UINT16_ZERO = 32768


def u16_image_hdu(
    pixels: np.ndarray, header: fits.Header, *, primary: bool
) -> fits.PrimaryHDU | fits.ImageHDU:
    """An image HDU holding ``pixels`` (uint16) as BITPIX=16 with float BZERO/BSCALE cards."""
    if pixels.dtype != np.uint16:
        raise TypeError(f"raw pixels must be uint16, got {pixels.dtype}")
    stored = (pixels.astype(np.int32) - UINT16_ZERO).astype(np.int16)
    cls = fits.PrimaryHDU if primary else fits.ImageHDU
    hdu = cls(stored, header=header, do_not_scale_image_data=True)
    hdu.header[kw.BSCALE] = (1.0, "pixel = FITS * BSCALE + BZERO")
    hdu.header[kw.BZERO] = (float(UINT16_ZERO), "offset for unsigned 16-bit integers")
    return hdu


def temporary_path(path: Path) -> Path:
    """Where ``path`` is written before it is moved into place (hidden, same directory)."""
    return path.with_name(f".{path.name}.part")


def write_hdul_atomic(hdul: fits.HDUList, path: Path) -> Path:
    """Write ``hdul`` to ``path`` through a temporary file and ``os.replace``."""
    tmp = temporary_path(path)
    try:
        hdul.writeto(tmp, overwrite=True, output_verify="exception")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_bytes_atomic(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``."""
    tmp = temporary_path(path)
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_text_atomic(text: str, path: Path) -> Path:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file and ``os.replace``."""
    return write_bytes_atomic(text.encode("utf-8"), path)


def card(keyword: str, value: object, comment: str = "") -> fits.Card:
    """A header card; ESO's long names (``ESO DPR CATG``) become HIERARCH cards without a warning."""
    if len(keyword) > 8 or " " in keyword:
        keyword = f"HIERARCH {keyword}"
    return fits.Card(keyword, value, comment)
