"""Small raw frames with real ESO header keywords, written in memory (FITS bytes)."""

from __future__ import annotations

import gzip
import io
from datetime import datetime

import numpy as np
from astropy.io import fits
from astropy.time import Time

from tests.archive.lzw import compress_z


def raw_frame(
    dp_id: str, *, category: str = "SCIENCE", dpr_type: str = "OBJECT", ob_id: int = 200100
) -> bytes:
    """A UVES-like raw frame named ``dp_id``, with CHECKSUM/DATASUM."""
    when = datetime.fromisoformat(dp_id.split(".", 1)[1])
    header = fits.Header()
    header["INSTRUME"] = "UVES"
    header["ARCFILE"] = f"{dp_id}.fits"
    header["DATE-OBS"] = when.isoformat(timespec="milliseconds")
    header["MJD-OBS"] = Time(when, scale="utc").mjd
    header["EXPTIME"] = 300.0
    header["HIERARCH ESO DPR CATG"] = category
    header["HIERARCH ESO DPR TYPE"] = dpr_type
    header["HIERARCH ESO DPR TECH"] = "ECHELLE"
    header["HIERARCH ESO OBS ID"] = ob_id
    data = (np.arange(24 * 16, dtype=np.int16).reshape(24, 16) + len(dp_id)) % 1000
    hdu = fits.PrimaryHDU(data=data, header=header)
    hdu.add_checksum()
    buffer = io.BytesIO()
    hdu.writeto(buffer)
    return buffer.getvalue()


def master_frame(dp_id: str, category: str) -> bytes:
    header = fits.Header()
    header["INSTRUME"] = "UVES"
    header["ARCFILE"] = f"{dp_id}.fits"
    header["MJD-OBS"] = 57511.5
    header["HIERARCH ESO PRO CATG"] = category
    hdu = fits.PrimaryHDU(data=np.ones((8, 8), dtype=np.float32), header=header)
    hdu.add_checksum()
    buffer = io.BytesIO()
    hdu.writeto(buffer)
    return buffer.getvalue()


def as_gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def as_z(data: bytes) -> bytes:
    return compress_z(data)


def corrupt(data: bytes) -> bytes:
    """The same length, one data byte changed: DATASUM no longer matches."""
    changed = bytearray(data)
    changed[2880 + 10] ^= 0xFF
    return bytes(changed)
