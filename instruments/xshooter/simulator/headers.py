"""Raw-frame primary headers with the real XSHOOTER keywords (see ``instruments.xshooter.keywords``)."""

from __future__ import annotations

from dataclasses import dataclass

from astropy.io import fits
from astropy.time import Time

from instruments.xshooter import keywords as kw
from instruments.xshooter.simulator.detector import DETECTORS
from instruments.xshooter.simulator.layout import GEOMETRY

# DPR CATG, TYPE, TECH of each kind of exposure
DPR = {
    "bias": ("CALIB", "BIAS", "IMAGE"),
    "dark": ("CALIB", "DARK", "IMAGE"),
    "flat": ("CALIB", "LAMP,FLAT", "ECHELLE,SLIT"),
    "qflat": ("CALIB", "LAMP,QFLAT", "ECHELLE,SLIT"),
    "fmtchk": ("CALIB", "LAMP,FMTCHK", "ECHELLE,PINHOLE"),
    "orderdef": ("CALIB", "LAMP,ORDERDEF", "ECHELLE,PINHOLE"),
    "qorderdef": ("CALIB", "LAMP,QORDERDEF", "ECHELLE,PINHOLE"),
    "wave": ("CALIB", "LAMP,WAVE", "ECHELLE,MULTI-PINHOLE"),
    "arc_slit": ("CALIB", "LAMP,WAVE", "ECHELLE,SLIT"),
    "afc": ("CALIB", "LAMP,AFC", "ECHELLE,PINHOLE"),
    "std": ("CALIB", "STD,FLUX", "ECHELLE,SLIT,STARE"),
    "object_stare": ("SCIENCE", "OBJECT", "ECHELLE,SLIT,STARE"),
    "object_nod": ("SCIENCE", "OBJECT", "ECHELLE,SLIT,NODDING"),
    "object_offset": ("SCIENCE", "OBJECT", "ECHELLE,SLIT,OFFSET"),
    "sky": ("SCIENCE", "SKY", "ECHELLE,SLIT,OFFSET"),
}
SLITS = {"UVB": "1.0x11", "VIS": "0.9x11", "NIR": "0.9x11"}
READ_CLOCK = "100k/1pt/hg"
NIR_READ_MODE = "NonDest"
PROG_ID = "0100.D-0999(A)"


@dataclass(frozen=True)
class Exposure:
    """One raw file to write: what it is, when, for how long, and in which template and OB."""

    arm: str
    kind: str  # a key of DPR
    start: Time
    seconds: float
    tpl_start: str
    tpl_id: str
    expno: int
    nexp: int
    obs_id: int = -1
    obs_name: str = "Calibration"
    target: str = ""
    ra: float = 0.0
    dec: float = 0.0
    slit_offset_arcsec: float = 0.0

    @property
    def arcfile(self) -> str:
        return f"XSHOO.{self.start.isot}.fits"


def primary_header(exp: Exposure) -> fits.Header:
    """The raw primary header of ``exp``."""
    catg, dpr_type, tech = DPR[exp.kind]
    det = DETECTORS[exp.arm]
    h = fits.Header()
    cards: list[tuple[str, object, str]] = [
        (kw.ORIGIN, "ESO-PARANAL", "European Southern Observatory"),
        (kw.TELESCOP, "ESO-VLT-U3", "ESO Telescope Name"),
        (kw.INSTRUME, "XSHOOTER", "Instrument used."),
        (kw.OBJECT, exp.target or dpr_type, "Original target."),
        (kw.RA, exp.ra, "[deg] pointing"),
        (kw.DEC, exp.dec, "[deg] pointing"),
        (kw.EQUINOX, 2000.0, "Standard FK5"),
        (kw.RADESYS, "FK5", "Coordinate reference frame"),
        (kw.EXPTIME, exp.seconds, "Integration time"),
        (kw.MJD_OBS, exp.start.mjd, "MJD start"),
        (kw.DATE_OBS, exp.start.isot, "Observing date"),
        (kw.ARCFILE, exp.arcfile, "Archive File Name"),
        (kw.ORIGFILE, f"XSHOOTER_{exp.arm}_{exp.kind.upper()}_{exp.start.strftime('%j%H%M%S')}.fits", ""),
        (kw.PI_COI, "UNKNOWN", "PI-COI name."),
        (kw.OBSERVER, "UNKNOWN", "Name of observer."),
        (kw.OBS_ID, exp.obs_id, "Observation block ID"),
        (kw.OBS_NAME, exp.obs_name, "OB name"),
        (kw.OBS_PROG_ID, PROG_ID, "ESO program identification"),
        (kw.OBS_TARG_NAME, exp.target or "Calibration", "OB target name"),
        (kw.TPL_ID, exp.tpl_id, "Template signature ID"),
        (kw.TPL_START, exp.tpl_start, "TPL start time"),
        (kw.TPL_EXPNO, exp.expno, "Exposure number within template"),
        (kw.TPL_NEXP, exp.nexp, "Number of exposures within template"),
        (kw.DPR_CATG, catg, "Observation category"),
        (kw.DPR_TYPE, dpr_type, "Observation type"),
        (kw.DPR_TECH, tech, "Observation technique"),
        (kw.SEQ_ARM, exp.arm, "Instrument Arm"),
        (kw.SEQ_CUMOFF_Y, exp.slit_offset_arcsec, "[arcsec] cumulative offset along the slit"),
        (kw.INS_MODE, "SLITSPEC", "Instrument mode used."),
        (kw.INS_OPTI3_NAME, SLITS["UVB"], "OPTIi name."),
        (kw.INS_OPTI4_NAME, SLITS["VIS"], "OPTIi name."),
        (kw.INS_OPTI5_NAME, SLITS["NIR"], "OPTIi name."),
        (kw.TEL_AIRM_START, 1.1, "Airmass at start"),
        (kw.TEL_AIRM_END, 1.1, "Airmass at end"),
        (kw.TEL_AMBI_FWHM_START, 0.9, "Observatory Seeing queried from AS"),
        (kw.SIM_GEOMETRY, GEOMETRY, ""),
    ]
    if det.has_bias:
        cards += [
            (kw.DET_WIN1_BINX, 1, "Binning factor along X"),
            (kw.DET_WIN1_BINY, 1, "Binning factor along Y"),
            (kw.DET_READ_CLOCK, READ_CLOCK, "Readout clock pattern used"),
            (kw.DET_OUT1_RON, det.ron_e, "[e-] Readout noise per output"),
            (kw.DET_OUT1_CONAD, det.conad, "Conversion from ADUs to electrons"),
        ]
    else:
        cards += [
            (kw.DET_DIT, exp.seconds, "Integration Time"),
            (kw.DET_NDIT, 1, "# of Sub-Integrations"),
            (kw.DET_NCORRS_NAME, NIR_READ_MODE, "Read-Out Mode Name"),
            (kw.DET_CHIP_RON, det.ron_e, "[e-] read noise"),
            (kw.DET_CHIP_GAIN, det.conad, "[e-/ADU]"),
        ]
    for key, value, comment in cards:
        h.append(card(key, value, comment))
    return h


def card(keyword: str, value: object, comment: str = "") -> fits.Card:
    """A header card; ESO's long names become HIERARCH cards; a comment that does not fit is dropped."""
    if len(keyword) > 8 or " " in keyword:
        keyword = f"HIERARCH {keyword}"
    bare = fits.Card(keyword, value)
    fits_comment = len(bare.image.rstrip()) + 3 + len(comment) <= fits.Card.length
    return fits.Card(keyword, value, comment) if fits_comment else bare
