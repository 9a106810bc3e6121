"""xsh_mbias and xsh_mdark: master bias (UVB, VIS) and master dark rate (NIR)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import fits

from instruments.xshooter import categories as cat
from instruments.xshooter import keywords as kw
from instruments.xshooter.recipes import frames
from instruments.xshooter.recipes.lines import robust_sigma
from phoenix import SofEntry


def xsh_mbias(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """Median of the raw biases [ADU]; QC: mean level and read noise (from two frames' difference)."""
    arm = frames.arm_of(sof, "xsh_mbias")
    files = frames.paths(sof, cat.of_arm(cat.BIAS, arm), "xsh_mbias", at_least=3)
    stack = np.stack([frames.read_image(p) for p in files])
    master = np.median(stack, axis=0)
    conad, _ = frames.gain_and_noise(fits.getheader(files[0]))
    ron_e = robust_sigma(stack[0] - stack[1]) / np.sqrt(2.0) * conad
    qc = {kw.QC_BIAS_MEAN: float(np.mean(master)), kw.QC_BIAS_RON: float(ron_e)}
    category = cat.of_arm(cat.MASTER_BIAS, arm)
    header = frames.product_header(category, "xsh_mbias", fits.getheader(files[0]), parameters, qc)
    frames.write_image(workdir / f"{category}.fits", header, master)


def xsh_mdark(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """Median of the raw darks divided by their exposure time: the dark rate [ADU/s] (NIR, no bias)."""
    arm = frames.arm_of(sof, "xsh_mdark")
    files = frames.paths(sof, cat.of_arm(cat.DARK, arm), "xsh_mdark", at_least=3)
    seconds = np.array([float(fits.getheader(p)[kw.EXPTIME]) for p in files])
    stack = np.stack([frames.read_image(p) / s for p, s in zip(files, seconds, strict=True)])
    master = np.median(stack, axis=0)
    qc = {kw.QC_DARK_MEAN: float(np.mean(master))}
    category = cat.of_arm(cat.MASTER_DARK, arm)
    header = frames.product_header(category, "xsh_mdark", fits.getheader(files[0]), parameters, qc)
    header["BUNIT"] = "ADU/s"
    frames.write_image(workdir / f"{category}.fits", header, master)


def noise_of(sof: Sequence[SofEntry], arm: str) -> tuple[np.ndarray, bool]:
    """The master bias (CCD arms) or the master dark rate (NIR) in the SOF, and whether it is a rate."""
    if arm in kw.CCD_ARMS:
        return frames.read_image(frames.path_of(sof, cat.MASTER_BIAS, arm, "noise")), False
    return frames.read_image(frames.path_of(sof, cat.MASTER_DARK, arm, "noise")), True


def calibrated(
    sof: Sequence[SofEntry], tag: str, arm: str, recipe: str, at_least: int = 1
) -> list[frames.Exposure]:
    """Every raw frame tagged ``tag``, in electrons with the bias or dark removed."""
    noise, rate = noise_of(sof, arm)
    return [frames.read_raw(p, noise, rate) for p in frames.paths(sof, tag, recipe, at_least=at_least)]
