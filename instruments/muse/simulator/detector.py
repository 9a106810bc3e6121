"""One MUSE CCD as the raw frame stores it: four ports with prescan and overscan, 16-bit unsigned.

Layout of an extension (NOTES.md §4.3): x = [pre | Q1/Q4 | over | over | Q2/Q3 | pre], the same in
y. The signal is drawn on the *trimmed* CCD (2·NX × 2·NY) and placed into the four quadrants.
BSCALE/BZERO are written as floating-point cards, as ESO does (NOTES.md §3).
"""

from __future__ import annotations

import numpy as np
from astropy.io import fits

from instruments.muse import keywords as kw

BIAS_LEVEL = 1000.0
READ_NOISE = 3.0
GAIN = 1.1


def ext_header(ifu: int, qnx: int, qny: int) -> fits.Header:
    """The extension header of IFU ``ifu`` with quadrants of ``qnx`` × ``qny`` pixels."""
    header = fits.Header()
    header[kw.EXTNAME] = f"CHAN{ifu:02d}"
    header[kw.card(kw.DET_CHIP_NAME)] = f"CCD{ifu:02d}"
    header[kw.card(kw.DET_CHIP_ID)] = f"ESO-CCD-{ifu:02d}"
    for port, (x, y) in kw.PORTS.items():
        for item, value in (
            ("NX", qnx),
            ("NY", qny),
            ("X", x),
            ("Y", y),
            ("PRSCX", kw.PRESCAN),
            ("PRSCY", kw.PRESCAN),
            ("OVSCX", kw.PRESCAN),
            ("OVSCY", kw.PRESCAN),
            ("GAIN", GAIN),
            ("RON", READ_NOISE),
        ):
            header[kw.card(kw.det_out(port, item))] = value
    return header


def raw_extension(
    ifu: int, signal: np.ndarray | None, rng: np.random.Generator, qnx: int, qny: int
) -> fits.ImageHDU:
    """The raw image of one IFU: bias level + read noise + ``signal`` (trimmed CCD, counts)."""
    pre = kw.PRESCAN
    nx, ny = 2 * (qnx + 2 * pre), 2 * (qny + 2 * pre)
    data = BIAS_LEVEL + rng.normal(0.0, READ_NOISE, (ny, nx)).astype(np.float32)
    if signal is not None:
        s = signal
        data[pre : pre + qny, pre : pre + qnx] += s[:qny, :qnx]
        data[pre : pre + qny, nx - pre - qnx : nx - pre] += s[:qny, qnx:]
        data[ny - pre - qny : ny - pre, nx - pre - qnx : nx - pre] += s[qny:, qnx:]
        data[ny - pre - qny : ny - pre, pre : pre + qnx] += s[qny:, :qnx]
    raw = (np.clip(np.rint(data), 0, 65535).astype(np.int32) - 32768).astype(np.int16)
    hdu = fits.ImageHDU(raw, ext_header(ifu, qnx, qny), do_not_scale_image_data=True)
    hdu.header[kw.BSCALE] = (1.0, "pixel=FITS*BSCALE+BZERO")
    hdu.header[kw.BZERO] = (32768.0, "")
    return hdu
