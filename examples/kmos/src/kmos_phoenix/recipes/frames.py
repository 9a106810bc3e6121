"""Reading a recipe's inputs and writing its products the way ESO pipelines do."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import fits

from kmos_phoenix import __version__
from kmos_phoenix import keywords as kw
from phoenix import RecipeError, SofEntry

PIPELINE_ID = f"kmos_phoenix/{__version__}"


@dataclass(frozen=True)
class Raw:
    """A raw frame: its primary header, detector-1 data [ADU] and detector header."""

    path: str
    header: fits.Header
    data: np.ndarray
    detector: fits.Header


def paths(sof: Sequence[SofEntry], tag: str, recipe: str, *, at_least: int = 1) -> list[str]:
    """The files tagged ``tag``; a RecipeError when there are fewer than ``at_least``."""
    found = sorted(e.path for e in sof if e.tag == tag)
    if len(found) < at_least:
        raise RecipeError(recipe, 1, f"needs {at_least} {tag} frame(s), got {len(found)}", "-")
    return found


def read_raw(path: str) -> Raw:
    with fits.open(path) as hdul:
        ext = hdul[kw.EXT_DETECTOR1]
        return Raw(path, hdul[0].header.copy(), np.asarray(ext.data, dtype=float), ext.header.copy())


def read_image(path: str) -> np.ndarray:
    return np.asarray(fits.getdata(path), dtype=float)


def stack(raws: Sequence[Raw]) -> np.ndarray:
    return np.median(np.stack([r.data for r in raws]), axis=0)


def product_header(
    category: str, recipe: str, reference: fits.Header, parameters: Mapping[str, Any], qc: Mapping[str, Any]
) -> fits.Header:
    """A product's primary header: the reference raw header's observation cards, PRO and QC cards."""
    header = fits.Header()
    for key in (kw.INSTRUME, kw.TELESCOP, kw.DATE_OBS, kw.MJD_OBS, kw.INS_GRAT1_ID, kw.OCS_ROT_NAANGLE):
        if key in reference:
            header[kw.card(key)] = reference[key]
    header[kw.card(kw.PRO_CATG)] = category
    header[kw.card(kw.PRO_REC1_ID)] = recipe
    header[kw.card(kw.PRO_REC1_PIPE_ID)] = PIPELINE_ID
    for number, (name, value) in enumerate(sorted(parameters.items()), 1):
        header[kw.card(kw.PRO_REC1_PARAM_NAME.format(number))] = name
        header[kw.card(kw.PRO_REC1_PARAM_VALUE.format(number))] = str(value)
    for key, value in qc.items():
        header[kw.card(key)] = value
    return header


def write(
    path: Path,
    header: fits.Header,
    data: np.ndarray | None = None,
    extensions: Sequence[fits.ImageHDU | fits.BinTableHDU] = (),
) -> Path:
    hdus: list[Any] = [fits.PrimaryHDU(data=None if data is None else data.astype(np.float32), header=header)]
    hdus += list(extensions)
    fits.HDUList(hdus).writeto(path, overwrite=True)
    return path
