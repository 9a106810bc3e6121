"""kmos_dark: master dark and bad-pixel map from three or more darks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kmos_phoenix import categories as cat
from kmos_phoenix import keywords as kw
from kmos_phoenix.recipes.frames import paths, product_header, read_raw, stack, write
from phoenix import SofEntry

RECIPE = "kmos_dark"
MAD_TO_SIGMA = 1.4826


def robust_sigma(values: np.ndarray) -> float:
    values = values[np.isfinite(values)]
    return float(MAD_TO_SIGMA * np.median(np.abs(values - np.median(values))))


def kmos_dark(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    raws = [read_raw(p) for p in paths(sof, cat.DARK, RECIPE, at_least=3)]
    master = stack(raws)
    read_noise = robust_sigma(raws[0].data - raws[1].data) / np.sqrt(2.0)
    level = float(np.median(master))
    good = np.abs(master - level) <= float(parameters["bad_pixel_sigma"]) * robust_sigma(master)
    qc = {kw.QC_DARK: level, kw.QC_RON: read_noise}
    reference = raws[0].header
    write(
        workdir / "master_dark.fits",
        product_header(cat.MASTER_DARK, RECIPE, reference, parameters, qc),
        master,
    )
    badpix_qc = {kw.QC_BADPIX_NCOUNT: int((~good).sum())}
    write(
        workdir / "badpixel_dark.fits",
        product_header(cat.BADPIXEL_DARK, RECIPE, reference, parameters, badpix_qc),
        good.astype(float),
    )
