"""Reading a reference recipe's inputs and writing its products the way the xshoo recipes do."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import fits

from instruments.xshooter import __version__
from instruments.xshooter import keywords as kw
from phoenix import RecipeError, SofEntry

PIPELINE_ID = f"phoenix-xsh-ref/{__version__}"
_COPIED = (
    kw.INSTRUME,
    kw.TELESCOP,
    kw.OBJECT,
    kw.RA,
    kw.DEC,
    kw.DATE_OBS,
    kw.MJD_OBS,
    kw.EXPTIME,
    kw.SEQ_ARM,
    kw.DET_WIN1_BINX,
    kw.DET_WIN1_BINY,
    kw.DET_READ_CLOCK,
    kw.DET_NCORRS_NAME,
    kw.INS_OPTI3_NAME,
    kw.INS_OPTI4_NAME,
    kw.INS_OPTI5_NAME,
    kw.OBS_ID,
    kw.TPL_START,
    kw.SIM_GEOMETRY,
)


@dataclass(frozen=True)
class Exposure:
    """A raw frame with the noise model removed: electrons, their variance, and its header."""

    path: str
    header: fits.Header
    electrons: np.ndarray
    variance: np.ndarray

    @property
    def seconds(self) -> float:
        return float(self.header.get(kw.EXPTIME, 0.0))


def paths(sof: Sequence[SofEntry], tag: str, recipe: str, *, at_least: int = 1) -> list[str]:
    """The files tagged ``tag``; a RecipeError when there are fewer than ``at_least``."""
    found = sorted(e.path for e in sof if e.tag == tag)
    if len(found) < at_least:
        raise RecipeError(recipe, 1, f"needs {at_least} {tag} frame(s), got {len(found)}", "-")
    return found


def path_of(sof: Sequence[SofEntry], prefix: str, arm: str, recipe: str) -> str:
    """The one file tagged ``<prefix>_<arm>``."""
    return paths(sof, f"{prefix}_{arm}", recipe)[0]


def optional(sof: Sequence[SofEntry], tag: str) -> str | None:
    found = sorted(e.path for e in sof if e.tag == tag)
    return found[0] if found else None


def arm_of(sof: Sequence[SofEntry], recipe: str) -> str:
    """The arm of the recipe's inputs (the suffix every XSHOOTER tag carries)."""
    arms = {e.tag.rsplit("_", 1)[-1] for e in sof}
    found = arms & set(kw.ARMS)
    if len(found) != 1:
        raise RecipeError(
            recipe, 1, f"inputs of one arm expected, got tags of {sorted(found) or 'none'}", "-"
        )
    return found.pop()


def gain_and_noise(header: Mapping[str, Any]) -> tuple[float, float]:
    """(e- per ADU, read noise in e-) of the frame's detector."""
    if kw.DET_OUT1_CONAD in header:
        return float(header[kw.DET_OUT1_CONAD]), float(header[kw.DET_OUT1_RON])
    return float(header[kw.DET_CHIP_GAIN]), float(header[kw.DET_CHIP_RON])


def read_raw(path: str, noise: np.ndarray | None, dark_rate: bool) -> Exposure:
    """A raw frame in electrons: minus the master bias (CCD) or the master dark rate x EXPTIME (NIR)."""
    with fits.open(path) as hdul:
        header = hdul[0].header.copy()
        adu = np.asarray(hdul[0].data, dtype=float)
    conad, ron = gain_and_noise(header)
    if noise is not None:
        adu = adu - (noise * float(header.get(kw.EXPTIME, 0.0)) if dark_rate else noise)
    electrons = adu * conad
    return Exposure(path, header, electrons, np.clip(electrons, 0.0, None) + ron**2)


def read_image(path: str) -> np.ndarray:
    return np.asarray(fits.getdata(path), dtype=float)


def product_header(
    category: str, recipe: str, reference: fits.Header, parameters: Mapping[str, Any], qc: Mapping[str, Any]
) -> fits.Header:
    """A product's primary header: the reference raw's observation cards, PRO and QC cards."""
    header = fits.Header()
    for key in _COPIED:
        if key in reference:
            header[_card(key)] = reference[key]
    header[_card(kw.PRO_CATG)] = category
    header[_card(kw.PRO_REC1_ID)] = recipe
    header[_card(kw.PRO_REC1_PIPE_ID)] = PIPELINE_ID
    for i, (name, value) in enumerate(sorted(parameters.items()), 1):
        header[_card(kw.pro_rec1_param(i, "NAME"))] = str(name)
        header[_card(kw.pro_rec1_param(i, "VALUE"))] = str(value)
    for key, value in qc.items():
        header[_card(key)] = value
    header["COMMENT"] = "PHOENIX reference recipe standing in for the xshoo pipeline's " + recipe
    return header


def _card(key: str) -> str:
    return f"HIERARCH {key}" if len(key) > 8 or " " in key else key


def write_image(
    path: Path, header: fits.Header, data: np.ndarray, extensions: Mapping[str, np.ndarray] = {}
) -> str:
    hdus: list[fits.hdu.base.ExtensionHDU] = [
        fits.ImageHDU(np.asarray(v, dtype=np.float32), name=k) for k, v in extensions.items()
    ]
    fits.HDUList([fits.PrimaryHDU(np.asarray(data, dtype=np.float32), header), *hdus]).writeto(
        path, overwrite=True
    )
    return str(path)


def write_table(path: Path, header: fits.Header, columns: Mapping[str, np.ndarray]) -> str:
    cols = []
    for name, values in columns.items():
        arr = np.asarray(values)
        if arr.ndim == 2:
            cols.append(fits.Column(name, f"{arr.shape[1]}D", array=arr))
        else:
            cols.append(fits.Column(name, "J" if arr.dtype.kind in "iu" else "D", array=arr))
    fits.HDUList([fits.PrimaryHDU(header=header), fits.BinTableHDU.from_columns(cols)]).writeto(
        path, overwrite=True
    )
    return str(path)


def read_table(path: str) -> tuple[fits.Header, fits.FITS_rec]:
    with fits.open(path) as hdul:
        return hdul[0].header.copy(), hdul[1].data.copy()
