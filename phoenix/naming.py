"""File names of everything PHOENIX writes to the archive, built in one place."""

from __future__ import annotations

import re

SDP_CATEGORY = "SCIENCE.SPECTRUM"
PREVIEW_CATEGORY = "ANCILLARY.PREVIEW"


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._:+-]", "_", text)


def master_name(instrument: str, category: str, date_obs: str) -> str:
    """``UVES.MASTER_BIAS_BLUE.2016-05-04T10:00:00.000.fits``: category and the lead raw frame's time."""
    return _safe(f"{instrument.upper()}.{category}.{date_obs}.fits")


def spectrum_name(instrument: str, date_obs: str, label: str) -> str:
    """``UVES.2016-05-04T01:02:03.456.REDL.SPECTRUM.fits``: the raw frame's time and the chip or arm."""
    return _safe(f"{instrument.upper()}.{date_obs}.{label}.SPECTRUM.fits")


def preview_name(product_name: str) -> str:
    """``UVES.2016-05-04T01:02:03.456.REDL.SPECTRUM.preview.png``: the PNG preview beside a product."""
    stem = product_name.removesuffix(".fits")
    return _safe(f"{stem}.preview.png")


CUBE_CATEGORY = "SCIENCE.CUBE.IFS"
WHITELIGHT_CATEGORY = "ANCILLARY.IMAGE.WHITELIGHT"


def cube_name(instrument: str, date_obs: str, label: str) -> str:
    """``MUSE.2026-01-10T22:00:00.000.CUBE.fits``: the first raw exposure's time and the cube's label."""
    return _safe(f"{instrument.upper()}.{date_obs}.{label}.fits")


def whitelight_name(cube_file: str) -> str:
    """``MUSE.2026-01-10T22:00:00.000.CUBE.WHITELIGHT.fits``: the white-light image beside a cube."""
    return _safe(f"{cube_file.removesuffix('.fits')}.WHITELIGHT.fits")
