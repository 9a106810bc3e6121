"""kmos_flat: master flat, bad-pixel map, slitlet edges and the spatial calibration (XCAL, YCAL).

XCAL and YCAL follow the kmos pipeline's convention: per detector pixel, the offset of the
pixel's centre from its IFU's field centre in milli-arcsec (along and across the slitlets), the
decimal part of YCAL naming the IFU (1-8); NaN where no slitlet falls.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kmos_phoenix import categories as cat
from kmos_phoenix import keywords as kw
from kmos_phoenix.recipes.frames import paths, product_header, read_image, read_raw, stack, write
from kmos_phoenix.recipes.slitlets import edge_table, find_edges
from phoenix import RecipeError, SofEntry

RECIPE = "kmos_flat"
SPAXEL_MAS = 200.0
MIN_RESPONSE = 0.5


def kmos_flat(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    on = [read_raw(p) for p in paths(sof, cat.FLAT_ON, RECIPE, at_least=3)]
    off = [read_raw(p) for p in paths(sof, cat.FLAT_OFF, RECIPE)]
    good_dark = read_image(paths(sof, cat.BADPIXEL_DARK, RECIPE)[0]) > 0.5
    lamp = stack(on) - stack(off)
    try:
        edges = find_edges(lamp, float(parameters["edge_threshold"]))
    except ValueError as exc:
        raise RecipeError(RECIPE, 1, f"slitlet tracing failed: {exc}", str(workdir)) from exc
    lit = np.zeros(lamp.shape, dtype=bool)
    xcal, ycal = np.full(lamp.shape, np.nan), np.full(lamp.shape, np.nan)
    for edge in edges:
        lit[:, edge.columns] = True
        width = edge.right - edge.left
        xcal[:, edge.columns] = (np.arange(width) - (width - 1) / 2.0) * SPAXEL_MAS
        ycal[:, edge.columns] = (edge.slitlet - (len({e.slitlet for e in edges}) - 1) / 2.0) * SPAXEL_MAS
        ycal[:, edge.columns] += np.sign(ycal[:, edge.columns] + 0.5) * edge.ifu / 10.0
    # the lamp's spectrum is the same in every slitlet: divide it out row by row
    spectrum = np.array([np.median(row[mask]) for row, mask in zip(lamp, lit & good_dark, strict=True)])
    response = np.where(lit, lamp / spectrum[:, None], np.nan)
    response /= np.nanmedian(response)
    good = good_dark & lit & (np.nan_to_num(response) > MIN_RESPONSE)
    reference = on[0].header
    seconds = float(reference[kw.EXPTIME])

    def header(category: str, qc: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
        return product_header(category, RECIPE, reference, parameters, qc or {})

    efficiency = {kw.QC_FLAT_EFF: float(np.median(lamp[lit])) / seconds}
    write(workdir / "master_flat.fits", header(cat.MASTER_FLAT, efficiency), response)
    write(workdir / "badpixel_flat.fits", header(cat.BADPIXEL_FLAT), good.astype(float))
    write(workdir / "xcal.fits", header(cat.XCAL), xcal)
    write(workdir / "ycal.fits", header(cat.YCAL), ycal)
    write(
        workdir / "flat_edge.fits",
        header(cat.FLAT_EDGE, {kw.QC_SLIT_NCOUNT: len(edges)}),
        None,
        [edge_table(edges)],
    )
