"""The raw frames' header cards: what ESO's KMOS raw files carry that the plugin and the engine read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from astropy.time import Time

from kmos_phoenix import keywords as kw
from kmos_phoenix.simulator import detector, layout
from kmos_phoenix.simulator.scene import Target

# (DPR.CATG, DPR.TYPE, DPR.TECH) per simulated frame kind, as in ESO's KMOS calibration plan
DPR = {
    "dark": ("CALIB", "DARK", "IMAGE"),
    "flat_on": ("CALIB", "FLAT,LAMP", "SPECTRUM"),
    "flat_off": ("CALIB", "FLAT,OFF", "IMAGE"),
    "arc_on": ("CALIB", "WAVE,LAMP", "SPECTRUM"),
    "arc_off": ("CALIB", "WAVE,OFF", "IMAGE"),
    "object": ("SCIENCE", "OBJECT", "IFU"),
    "sky": ("SCIENCE", "SKY", "IFU"),
}
TEMPLATES = {
    "dark": "KMOS_spec_cal_dark",
    "flat": "KMOS_spec_cal_calunit",
    "arc": "KMOS_spec_cal_wave",
    "science": "KMOS_spec_obs_nodtosky",
}
LAMP_ON = {"flat_on": kw.INS_LAMP3_ST, "arc_on": kw.INS_LAMP1_ST}
BLOCKED = {"dark", "flat_off", "arc_off"}


@dataclass(frozen=True)
class Exposure:
    """One raw frame to write."""

    kind: str  # a key of DPR
    start: Time
    seconds: float
    template: str
    tpl_start: Time
    expno: int
    nexp: int
    ob_id: int = -1
    ob_name: str = "Calibration"
    prog_id: str = "60.A-9252(A)"  # a calibration-plan programme id

    @property
    def arcfile(self) -> str:
        return f"KMOS.{self.start.isot[:23]}.fits"


def primary_cards(
    exp: Exposure, targets: tuple[Target, ...], pointing: tuple[float, float]
) -> dict[str, Any]:
    catg, dpr_type, tech = DPR[exp.kind]
    science = catg == "SCIENCE"
    cards: dict[str, Any] = {
        kw.ORIGIN: "ESO-PARANAL",
        kw.TELESCOP: kw.TELESCOPE,
        kw.INSTRUME: kw.INSTRUMENT,
        kw.OBJECT: exp.ob_name if science else dpr_type,
        kw.RA: pointing[0],
        kw.DEC: pointing[1],
        kw.EQUINOX: 2000.0,
        kw.RADESYS: "FK5",
        kw.DATE_OBS: exp.start.isot[:23],
        kw.MJD_OBS: round(exp.start.mjd, 8),
        kw.EXPTIME: exp.seconds,
        kw.ARCFILE: exp.arcfile,
        kw.ORIGFILE: f"KMOS_{exp.kind.upper()}_{exp.expno:03d}.fits",
        kw.DPR_CATG: catg,
        kw.DPR_TYPE: dpr_type,
        kw.DPR_TECH: tech,
        kw.OBS_ID: exp.ob_id,
        kw.OBS_NAME: exp.ob_name,
        kw.OBS_PROG_ID: exp.prog_id,
        kw.TPL_ID: exp.template,
        kw.TPL_START: exp.tpl_start.isot[:19],
        kw.TPL_NEXP: exp.nexp,
        kw.TPL_EXPNO: exp.expno,
        kw.INS_GRAT1_ID: kw.BAND_K,
        kw.INS_FILT1_ID: kw.FILTER_BLOCK if exp.kind in BLOCKED else kw.BAND_K,
        kw.OCS_ROT_NAANGLE: 0.0,
        kw.INS_LAMP1_ST: exp.kind == "arc_on",
        kw.INS_LAMP3_ST: exp.kind == "flat_on",
        kw.DET_SEQ1_DIT: exp.seconds,
        kw.DET_NDIT: 1,
        kw.DET_WIN1_STRX: 1,
        kw.DET_WIN1_STRY: layout.FIRST_ROW + 1,
    }
    if science:
        for target in targets:
            cards[kw.ocs_arm(target.ifu, kw.ARM_NAME)] = target.name
            cards[kw.ocs_arm(target.ifu, kw.ARM_TYPE)] = kw.ARM_OBJECT
            cards[kw.ocs_arm(target.ifu, kw.ARM_ALPHA)] = target.ra_deg
            cards[kw.ocs_arm(target.ifu, kw.ARM_DELTA)] = target.dec_deg
    return cards


def detector_cards() -> dict[str, Any]:
    return {
        kw.EXTNAME: kw.EXT_DETECTOR1,
        kw.BUNIT: "ADU",
        kw.DET_CHIP_GAIN: detector.GAIN,
        kw.DET_CHIP_RON: detector.READ_NOISE,
    }
