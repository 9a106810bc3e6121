"""xsh_respon_slit_stare: the instrument's response from a flux standard of known spectrum."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from instruments.xshooter import categories as cat
from instruments.xshooter import keywords as kw
from instruments.xshooter.recipes import frames
from instruments.xshooter.recipes.reduce import reduce, write_spectrum
from phoenix import RecipeError, SofEntry

RESPONSE_UNIT = "(e-/s/nm)/(erg/s/cm2/Angstrom)"  # flat-relative electrons over flux density


def xsh_respon_slit_stare(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """The standard is reduced like STARE science (daytime solution, no flexure correction); the
    response is its merged spectrum over the catalogue's flux, outside the high-absorption
    windows, smoothed by a running median (``response-smooth-hsize`` bins) and interpolated
    across the windows. QC: the mean response."""
    arm = frames.arm_of(sof, "xsh_respon_slit_stare")
    trigger = cat.of_technique(cat.STD_FLUX_SLIT, cat.STARE, arm)
    step = float(parameters.get("rectify-bin-lambda", -1.0))
    half = int(parameters.get("response-smooth-hsize", 5))
    std = reduce(sof, arm, cat.STARE, trigger, "xsh_respon_slit_stare", afc=False, step=step)
    _, table = frames.read_table(frames.path_of(sof, cat.FLUX_STD_CATALOG, arm, "xsh_respon_slit_stare"))
    _, windows = frames.read_table(frames.path_of(sof, cat.HIGH_ABS_WIN, arm, "xsh_respon_slit_stare"))
    reference = np.interp(
        std.lam, np.asarray(table["LAMBDA"]), np.asarray(table["FLUX"]), left=np.nan, right=np.nan
    )
    ratio = std.flux / reference
    usable = np.isfinite(ratio) & (ratio > 0)
    for lo, hi in zip(windows["LAMBDA_MIN"], windows["LAMBDA_MAX"], strict=True):
        usable &= ~((std.lam >= lo) & (std.lam <= hi))
    if usable.sum() < 2 * half + 2:
        raise RecipeError("xsh_respon_slit_stare", 1, f"only {usable.sum()} usable bins", str(workdir))
    # the running median runs over wavelength bins, never across a gap or an absorption window
    values = np.where(usable, ratio, np.nan)
    padded = np.pad(values, half, mode="constant", constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)
    smooth = np.nanmedian(np.where(np.isnan(windows).all(axis=-1, keepdims=True), 0.0, windows), axis=-1)
    response = np.interp(std.lam, std.lam[usable], smooth[usable])
    error = response * np.sqrt(std.var) / np.where(std.flux > 0, std.flux, np.inf) / np.sqrt(2 * half + 1)
    qc = {kw.QC_RESP_MEAN: float(np.mean(response))}
    category = cat.of_arm(cat.RESPONSE_MERGE1D_SLIT, arm)
    header = frames.product_header(category, "xsh_respon_slit_stare", std.header, parameters, qc)
    write_spectrum(workdir / f"{category}.fits", header, std.lam, response, error, RESPONSE_UNIT)
