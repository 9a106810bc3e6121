"""kmos_sci_red: sky-subtracted, flat-fielded cubes of every IFU on a target, combined over the template.

Objects are paired with the nearest sky exposure in time (nod to sky: the whole field moves to
blank sky, so every IFU sees sky). Each pair's difference is flat-fielded and reconstructed into
one cube per IFU whose arm is on a target; the pairs' cubes are averaged. SCI_COMBINED holds
``IFU.<n>.DATA`` and ``IFU.<n>.NOISE`` per such IFU, in ADU per exposure, wavelength in micron.
Its primary header records what Phase 3 needs of a combination: the on-source time (EXPTIME),
the time of all exposures (TEXPTIME) and the end of the last one (MJD-END).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import fits

from kmos_phoenix import categories as cat
from kmos_phoenix import keywords as kw
from kmos_phoenix.recipes.cubes import SpatialCalibration, common_grid, reconstruct
from kmos_phoenix.recipes.frames import Raw, paths, product_header, read_image, read_raw, write
from kmos_phoenix.recipes.statics import NM_PER_MICRON
from phoenix import RecipeError, SofEntry

RECIPE = "kmos_sci_red"
SECONDS_PER_DAY = 86400.0


def pairs(frames: Sequence[Raw]) -> list[tuple[Raw, Raw]]:
    """Each object exposure with the sky exposure closest in time."""
    objects = [f for f in frames if str(f.header[kw.DPR_TYPE]).strip() == "OBJECT"]
    skies = [f for f in frames if str(f.header[kw.DPR_TYPE]).strip() == "SKY"]
    if not objects or not skies:
        raise ValueError(f"needs object and sky exposures, got {len(objects)} and {len(skies)}")
    return [(o, min(skies, key=lambda s: abs(s.header[kw.MJD_OBS] - o.header[kw.MJD_OBS]))) for o in objects]


def target_ifus(header: fits.Header) -> list[int]:
    """The IFUs whose arm is on a science target."""
    return [
        ifu
        for ifu in range(1, 25)
        if str(header.get(kw.ocs_arm(ifu, kw.ARM_TYPE), "")).strip() == kw.ARM_OBJECT
    ]


def difference(obj: Raw, sky: Raw, flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flat-fielded object - sky [ADU] and its variance from shot and read noise."""
    gain, ron = float(obj.detector[kw.DET_CHIP_GAIN]), float(obj.detector[kw.DET_CHIP_RON])
    signal = np.clip(obj.data, 0.0, None) + np.clip(sky.data, 0.0, None)
    variance = signal / gain + 2.0 * (ron / gain) ** 2
    return (obj.data - sky.data) / flat, variance / flat**2


def kmos_sci_red(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    frames = sorted(
        (read_raw(p) for p in paths(sof, cat.SCIENCE, RECIPE, at_least=2)), key=lambda f: f.header[kw.MJD_OBS]
    )
    try:
        matched = pairs(frames)
    except ValueError as exc:
        raise RecipeError(RECIPE, 1, str(exc), str(workdir)) from exc
    spatial = SpatialCalibration.from_maps(
        read_image(paths(sof, cat.XCAL, RECIPE)[0]), read_image(paths(sof, cat.YCAL, RECIPE)[0])
    )
    lcal_nm = read_image(paths(sof, cat.LCAL, RECIPE)[0]) * NM_PER_MICRON
    flat = read_image(paths(sof, cat.MASTER_FLAT, RECIPE)[0])
    step = float(parameters["sampling_nm"])
    grid = common_grid(lcal_nm, step)
    ifus = target_ifus(frames[0].header)
    sums = {ifu: [np.zeros((grid.size, 14, 14)), np.zeros((grid.size, 14, 14))] for ifu in ifus}
    for obj, sky in matched:
        image, variance = difference(obj, sky, flat)
        for ifu in ifus:
            cube, var = reconstruct(image, variance, lcal_nm, spatial, ifu, grid, step)
            sums[ifu][0] += cube
            sums[ifu][1] += var
    n = len(matched)
    extensions = []
    for ifu in ifus:
        extensions += _cube_hdus(
            ifu, sums[ifu][0] / n, np.sqrt(sums[ifu][1]) / n, grid, step, frames[0].header
        )
    last = frames[-1].header
    header = product_header(cat.SCI_COMBINED, RECIPE, frames[0].header, parameters, {})
    header[kw.card(kw.BUNIT)] = "adu"
    header[kw.card(kw.EXPTIME)] = sum(float(o.header[kw.EXPTIME]) for o, _ in matched)
    header[kw.card(kw.TEXPTIME)] = sum(float(f.header[kw.EXPTIME]) for f in frames)
    header[kw.card(kw.MJD_END)] = float(last[kw.MJD_OBS]) + float(last[kw.EXPTIME]) / SECONDS_PER_DAY
    write(workdir / "sci_combined.fits", header, None, extensions)


def _cube_hdus(
    ifu: int, cube: np.ndarray, noise: np.ndarray, grid: np.ndarray, step: float, raw: fits.Header
) -> list[fits.ImageHDU]:
    hdus = []
    for part, data in ((kw.DATA, cube), (kw.NOISE, noise)):
        hdu = fits.ImageHDU(data=data.astype(np.float32), name=kw.ifu_extension(ifu, part))
        hdu.header[kw.card(kw.CTYPE3)] = "WAVE"
        hdu.header[kw.card(kw.CUNIT3)] = "um"
        hdu.header[kw.card(kw.CRPIX3)] = 1.0
        hdu.header[kw.card(kw.CRVAL3)] = grid[0] / NM_PER_MICRON
        hdu.header[kw.card(kw.CDELT3)] = step / NM_PER_MICRON
        hdu.header[kw.card(kw.ocs_arm(ifu, kw.ARM_NAME))] = raw[kw.ocs_arm(ifu, kw.ARM_NAME)]
        hdus.append(hdu)
    return hdus
