"""Assemble and write one raw frame: headers, read-out of every chip, the file layout of its arm.

BLUE frames hold the image in the primary HDU; RED frames have an empty primary HDU and the chips
in extensions 1 (REDU) and 2 (REDL). Faulty frames are written on purpose: ``no_dpr`` drops every
DPR card, ``truncated`` cuts the file in the middle of its data.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from astropy.io import fits

from instruments.uves import keywords as kw
from instruments.uves.simulator.detector import read_out
from instruments.uves.simulator.exposures import Exposure
from instruments.uves.simulator.fitsio import u16_image_hdu, write_bytes_atomic, write_hdul_atomic
from instruments.uves.simulator.frames import KINDS, FrameKind
from instruments.uves.simulator.headers import raw_headers
from instruments.uves.simulator.options import FAULT_NO_DPR, FAULT_TRUNCATED
from instruments.uves.simulator.setups import ArmSetup

TRUNCATE_AT = 0.5  # fraction of the data kept in a truncated file
EMPTY_FRAME_EPOCH = datetime(2016, 1, 1, 12, 0, tzinfo=UTC)


def build_raw_hdul(
    exp: Exposure, arm: ArmSetup, signals: Mapping[str, np.ndarray | None], rng: np.random.Generator
) -> fits.HDUList:
    """The HDUs of a raw frame; ``signals`` maps chip name to expected electrons (raw orientation)."""
    primary, chip_headers = raw_headers(exp, arm)
    if exp.fault == FAULT_NO_DPR:
        for key in (kw.DPR_CATG, kw.DPR_TYPE, kw.DPR_TECH):
            primary.remove(key, ignore_missing=True)
    exposed = exp.exptime + arm.readout_s
    if len(arm.chips) == 1:
        chip = arm.chips[0]
        header = primary.copy()
        header.extend(chip_headers[chip.name])
        return fits.HDUList(
            [u16_image_hdu(read_out(signals.get(chip.name), chip, exposed, rng), header, primary=True)]
        )
    hdus: list[fits.PrimaryHDU | fits.ImageHDU] = [fits.PrimaryHDU(header=primary)]
    for chip in sorted(arm.chips, key=lambda c: c.extension):
        pixels = read_out(signals.get(chip.name), chip, exposed, rng)
        hdus.append(u16_image_hdu(pixels, chip_headers[chip.name], primary=False))
    return fits.HDUList(hdus)


def write_raw_frame(
    exp: Exposure,
    arm: ArmSetup,
    signals: Mapping[str, np.ndarray | None],
    rng: np.random.Generator,
    directory: Path,
) -> Path:
    """Write the frame as ``directory/<ARCFILE>`` (atomically) and return its path."""
    hdul = build_raw_hdul(exp, arm, signals, rng)
    path = directory / exp.arcfile
    if exp.fault != FAULT_TRUNCATED:
        return write_hdul_atomic(hdul, path)
    buffer = io.BytesIO()
    hdul.writeto(buffer)
    data = buffer.getvalue()
    header_bytes = len(hdul[0].header.tostring())
    cut = header_bytes + int(TRUNCATE_AT * (len(data) - header_bytes))
    return write_bytes_atomic(data[:cut], path)


def write_empty_format_check(arm: ArmSetup, path: Path) -> Path:
    """A format-check frame without light (bias and noise only), to run uves_cal_predict on."""
    info = KINDS[FrameKind.FMTCHK]
    exp = Exposure(
        sequence=0,
        kind=FrameKind.FMTCHK,
        arm=arm.arm,
        ins_mode=arm.mode,
        start=EMPTY_FRAME_EPOCH,
        exptime=arm.exptimes[FrameKind.FMTCHK],
        tpl_id=info.template.format(family=arm.path.lower()),
        tpl_name=info.template_name,
        tpl_start=EMPTY_FRAME_EPOCH,
        expno=1,
        nexp=1,
        obs_id=0,
        obs_name="format model",
        obs_start=EMPTY_FRAME_EPOCH,
        obs_tplno=1,
        prog_id="60.A-9022(A)",
        object=info.dpr_type,
        ra=0.0,
        dec=0.0,
    )
    hdul = build_raw_hdul(exp, arm, {}, np.random.default_rng(0))
    return write_hdul_atomic(hdul, path)
