"""The kinds of raw frame a UVES night holds, with their DPR classification and template names."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class FrameKind(enum.StrEnum):
    """What a raw frame is; the value is the frame's ``DPR TYPE`` stem."""

    BIAS = "BIAS"
    FMTCHK = "LAMP,FMTCHK"
    ORDERDEF = "LAMP,ORDERDEF"
    FLAT = "LAMP,FLAT"
    WAVE = "LAMP,WAVE"
    SCIENCE = "OBJECT,POINT"


@dataclass(frozen=True)
class KindInfo:
    """How a frame kind is classified and which template takes it.

    ``template`` is formatted with the template family: the lowercase optical path of a single-arm
    setting (``UVES_blue_cal_bias``, ``UVES_red_obs_exp``) or the dichroic (``UVES_dic1_obs_exp``,
    ``UVES_dic1_cal_flatfree``). ``optical`` is False for frames that see no light through the
    optics (biases): they keep the arm's own template and INS MODE in any setting.
    """

    dpr_catg: str
    dpr_type: str
    dpr_tech: str
    template: str
    template_name: str
    lamp_shutter: str  # which calibration-unit shutter is open: "", "flat" or "thar"
    optical: bool = True


KINDS: dict[FrameKind, KindInfo] = {
    FrameKind.BIAS: KindInfo("CALIB", "BIAS", "IMAGE", "UVES_{family}_cal_bias", "Bias", "", optical=False),
    FrameKind.FMTCHK: KindInfo(
        "CALIB", "LAMP,FMTCHK", "ECHELLE", "UVES_{family}_cal_fmtchk", "Format Check", "thar"
    ),
    FrameKind.ORDERDEF: KindInfo(
        "CALIB", "LAMP,ORDERDEF", "ECHELLE", "UVES_{family}_cal_orderdef", "Order Definition", "flat"
    ),
    FrameKind.FLAT: KindInfo(
        "CALIB", "LAMP,FLAT", "ECHELLE", "UVES_{family}_cal_flatfree", "Flat Field", "flat"
    ),
    FrameKind.WAVE: KindInfo(
        "CALIB", "LAMP,WAVE", "ECHELLE", "UVES_{family}_cal_wave", "Wavelength Calibration", "thar"
    ),
    FrameKind.SCIENCE: KindInfo(
        "SCIENCE", "OBJECT,POINT", "ECHELLE", "UVES_{family}_obs_exp", "Observation", ""
    ),
}

# The morning calibration plan of one arm, in the order the templates run.
CALIBRATION_SEQUENCE: tuple[FrameKind, ...] = (
    FrameKind.BIAS,
    FrameKind.FMTCHK,
    FrameKind.ORDERDEF,
    FrameKind.FLAT,
    FrameKind.WAVE,
)
