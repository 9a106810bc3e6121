"""Raw-frame headers: the keyword set of a real UVES raw frame, filled from the night plan.

Names and values follow real UVES raw headers (ORIGIN, INS, DET, TEL, OBS, TPL, DPR). For the
red arm the primary header holds everything but the per-chip cards (WCS and DET OUT1), which go
into each image extension, as the pipeline merges them ("new format", MJD-OBS > 53096).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from astropy.io import fits

from instruments.uves import keywords as kw
from instruments.uves.simulator.ephemeris import (
    PARANAL_ELEV,
    PARANAL_LAT,
    PARANAL_LON,
    iso_ms,
    iso_s,
    lst_deg,
    pointing,
    seconds_of_day,
    sexagesimal_float,
)
from instruments.uves.simulator.exposures import Exposure
from instruments.uves.simulator.fitsio import card
from instruments.uves.simulator.frames import KINDS, FrameKind
from instruments.uves.simulator.setups import ArmSetup, ChipSetup

Card = tuple[str, object, str]

INS_ID = "UVES/$Revision: 3.27 $"
DET_ID = "CCD FIERA - Rev: 3.96"
OBS_DICTIONARY = "ESO-VLT-DIC.OBS-1.11"
TPL_DICTIONARY = "ESO-VLT-DIC.TPL-1.9"
TPL_VERSION = "@(#) $Revision: 2.54 $"
AMBIENT = {"pressure": 743.6, "temperature": 12.1, "humidity": 11.0, "wind": 6.2}


def raw_headers(exp: Exposure, arm: ArmSetup) -> tuple[fits.Header, dict[str, fits.Header]]:
    """The primary header and, per chip name, the cards that go with that chip's pixels.

    For BLUE the chip cards belong in the primary header; for RED in the chip's extension
    (which also gets its EXTNAME).
    """
    primary = _header(primary_cards(exp, arm))
    chips = {}
    for chip in arm.chips:
        cards = chip_cards(chip)
        if chip.extname:
            cards = [(kw.EXTNAME, chip.extname, "Extension name"), *cards]
        chips[chip.name] = _header(cards)
    return primary, chips


def primary_cards(exp: Exposure, arm: ArmSetup) -> list[Card]:
    """Every primary-header card of a raw frame, in the order ESO writes them."""
    return [
        *_standard_cards(exp, arm),
        *_obs_tpl_cards(exp),
        *_tel_cards(exp),
        *_ins_cards(exp, arm),
        *_det_cards(exp, arm),
        *dpr_cards(exp.kind),
    ]


def dpr_cards(kind: FrameKind) -> list[Card]:
    """DPR CATG/TYPE/TECH of a frame kind."""
    info = KINDS[kind]
    return [
        (kw.DPR_CATG, info.dpr_catg, "Observation category"),
        (kw.DPR_TYPE, info.dpr_type, "Observation type"),
        (kw.DPR_TECH, info.dpr_tech, "Observation technique"),
    ]


def chip_cards(chip: ChipSetup) -> list[Card]:
    """The per-chip WCS and output-port cards (the recipes need them per chip)."""
    return [
        (kw.CTYPE1, "PIXEL", "Pixel coordinate system"),
        (kw.CTYPE2, "PIXEL", "Pixel coordinate system"),
        (kw.CRVAL1, 1.0, "value of ref pixel"),
        (kw.CRVAL2, 1.0, "value of ref pixel"),
        (kw.CRPIX1, 1.0, "Ref. pixel of center of rotation"),
        (kw.CRPIX2, 1.0, "Ref. pixel of center of rotation"),
        (kw.CDELT1, 1.0, "Binning factor"),
        (kw.CDELT2, 1.0, "Binning factor"),
        (kw.DET_OUT1_INDEX, chip.out_index, "Output index"),
        (kw.DET_OUT1_ID, chip.out_id, "Output ID as from manufacturer"),
        (kw.DET_OUT1_NAME, chip.out_id, "Description of output"),
        (kw.DET_OUT1_CHIP, chip.number, "Chip to which the output belongs"),
        (kw.DET_OUT1_X, chip.out_x, "X location of output"),
        (kw.DET_OUT1_Y, 1, "Y location of output"),
        (kw.DET_OUT1_NX, chip.nx, "valid pixels along X"),
        (kw.DET_OUT1_NY, chip.ny, "valid pixels along Y"),
        (kw.DET_OUT1_PRSCX, chip.prscx, "Prescan region in X"),
        (kw.DET_OUT1_OVSCX, chip.ovscx, "Overscan region in X"),
        (kw.DET_OUT1_PRSCY, 0, "Prescan region in Y"),
        (kw.DET_OUT1_OVSCY, 0, "Overscan region in Y"),
        (kw.DET_OUT1_CONAD, chip.conad, "Conversion from ADUs to electrons"),
        (kw.DET_OUT1_RON, chip.ron_e, "Readout noise per output (e-)"),
        (kw.DET_OUT1_GAIN, chip.gain, "Conversion from electrons to ADU"),
    ]


def _standard_cards(exp: Exposure, arm: ArmSetup) -> list[Card]:
    written = exp.start + timedelta(seconds=exp.exptime + arm.readout_s)
    science = exp.kind is FrameKind.SCIENCE
    origfile = f"{exp.object if science else 'UVES_' + exp.kind.name}_{arm.path}_{exp.sequence:04d}.fits"
    return [
        (kw.ORIGIN, "ESO", "European Southern Observatory"),
        (kw.DATE, iso_s(written), "Date the file was written"),
        (kw.TELESCOP, "ESO-VLT-U2", "ESO Telescope Name"),
        (kw.INSTRUME, "UVES", "Instrument used."),
        (kw.OBJECT, exp.object, "Original target."),
        (kw.RA, exp.ra, "RA (J2000) pointing (deg)"),
        (kw.DEC, exp.dec, "DEC (J2000) pointing (deg)"),
        (kw.EQUINOX, 2000.0, "Standard FK5 (years)"),
        (kw.RADESYS, "FK5", "Coordinate reference frame"),
        (kw.EXPTIME, float(exp.exptime), "Integration time"),
        (kw.MJD_OBS, exp.mjd, "Obs start"),
        (kw.DATE_OBS, iso_ms(exp.start), "Observing date"),
        (kw.UTC, round(seconds_of_day(exp.start), 3), "UTC at start (sec)"),
        (kw.LST, round(lst_deg(exp.start) * 240.0, 3), "LST at start (sec)"),
        (kw.PI_COI, "UNKNOWN", "PI-COI name."),
        (kw.OBSERVER, "UNKNOWN", "Name of observer."),
        (kw.ORIGFILE, origfile, "Original File Name"),
        (kw.ARCFILE, exp.arcfile, "Archive File Name"),
    ]


def _obs_tpl_cards(exp: Exposure) -> list[Card]:
    return [
        (kw.OBS_DID, OBS_DICTIONARY, "OBS Dictionary"),
        (kw.OBS_GRP, "0", "linked blocks"),
        (kw.OBS_ID, exp.obs_id, "Observation block ID"),
        (kw.OBS_NAME, exp.obs_name, "OB name"),
        (kw.OBS_OBSERVER, "UNKNOWN", "Observer Name"),
        (kw.OBS_PI_COI_ID, 209, "ESO internal PI-COI ID"),
        (kw.OBS_PI_COI_NAME, "UNKNOWN", "PI-COI name"),
        (kw.OBS_PROG_ID, exp.prog_id, "ESO program identification"),
        (kw.OBS_TARG_NAME, exp.object, "OB target name"),
        (kw.OBS_START, iso_s(exp.obs_start), "OB start time"),
        (kw.OBS_TPLNO, exp.obs_tplno, "Template number within OB"),
        (kw.TPL_DID, TPL_DICTIONARY, "Data dictionary for TPL"),
        (kw.TPL_ID, exp.tpl_id, "Template signature ID"),
        (kw.TPL_NAME, exp.tpl_name, "Template name"),
        (kw.TPL_PRESEQ, exp.tpl_id.rsplit("_", 1)[0] + ".seq", "Sequencer script"),
        (kw.TPL_START, iso_s(exp.tpl_start), "TPL start time"),
        (kw.TPL_VERSION, TPL_VERSION, "Version of the template"),
        (kw.TPL_NEXP, exp.nexp, "Number of exposures within template"),
        (kw.TPL_EXPNO, exp.expno, "Exposure number within template"),
    ]


def _tel_cards(exp: Exposure) -> list[Card]:
    cards: list[Card] = [
        (kw.TEL_GEOELEV, PARANAL_ELEV, "Elevation above sea level (m)"),
        (kw.TEL_GEOLAT, PARANAL_LAT, "Tel geo latitute (+=North) (deg)"),
        (kw.TEL_GEOLON, PARANAL_LON, "Tel geo longitude (+=East) (deg)"),
        (kw.TEL_AMBI_PRES_START, AMBIENT["pressure"], "Observatory ambient air pressure"),
        (kw.TEL_AMBI_PRES_END, AMBIENT["pressure"], "Observatory ambient air pressure"),
        (kw.TEL_AMBI_RHUM, AMBIENT["humidity"], "Observatory ambient relative humidity"),
        (kw.TEL_AMBI_TEMP, AMBIENT["temperature"], "Observatory ambient temperature"),
        (kw.TEL_AMBI_WINDSP, AMBIENT["wind"], "Observatory ambient wind speed"),
    ]
    if exp.ob is None:
        return cards
    start, end = pointing(exp.ra, exp.dec, exp.start), pointing(exp.ra, exp.dec, _end(exp))
    return [
        *cards,
        (kw.TEL_FOCU_ID, "NB", "Telescope focus station ID"),
        (kw.TEL_ALT, round(start.alt, 3), "Alt angle at start (deg)"),
        (kw.TEL_AZ, round(start.az, 3), "Az angle at start (deg) S=0,W=90"),
        (kw.TEL_AIRM_START, round(start.airmass, 3), "Airmass at start"),
        (kw.TEL_AIRM_END, round(end.airmass, 3), "Airmass at end"),
        (kw.TEL_PARANG_START, round(start.parang, 3), "Parallactic angle at start (deg)"),
        (kw.TEL_PARANG_END, round(end.parang, 3), "Parallactic angle at end (deg)"),
        (kw.TEL_AMBI_FWHM_START, exp.ob.seeing, "Observatory Seeing queried from AS"),
        (kw.TEL_AMBI_FWHM_END, exp.ob.seeing, "Observatory Seeing queried from AS"),
        (kw.TEL_TARG_ALPHA, sexagesimal_float(exp.ra, hours=True), "Alpha coordinate for the target"),
        (kw.TEL_TARG_DELTA, sexagesimal_float(exp.dec, hours=False), "Delta coordinate for the target"),
        (kw.TEL_TARG_EQUINOX, 2000.0, "Equinox"),
    ]


def _ins_cards(exp: Exposure, arm: ArmSetup) -> list[Card]:
    grat_id, grat_name, grat_wlen, slit_wid, slit_len, temp = kw.ARM_KEYWORDS[arm.arm]
    lamp = KINDS[exp.kind].lamp_shutter
    return [
        (kw.INS_ID, INS_ID, "Instrument ID."),
        (kw.INS_PATH, arm.path, "Optical path used."),
        (kw.INS_MODE, exp.ins_mode, "Instrument mode used."),
        (kw.INS_SHUT1_NAME, "Tel_Shutter", "Shutter name."),
        (kw.INS_SHUT1_ST, exp.kind is FrameKind.SCIENCE, "Shutter open."),
        (kw.INS_SHUT2_NAME, "Sphere_Shutter", "Shutter name."),
        (kw.INS_SHUT2_ST, lamp == "flat", "Shutter open."),
        (kw.INS_SHUT4_NAME, "ThAr_Shutter", "Shutter name."),
        (kw.INS_SHUT4_ST, lamp == "thar", "Shutter open."),
        (kw.INS_SLIT1_NAME, "FREE", "Slit common name."),
        (slit_wid, arm.slit_width, "Slit width [arcsec]."),
        (slit_len, arm.slit_length, "Slit length [arcsec]."),
        (grat_id, arm.grating_id, "Grating unique ID."),
        (grat_name, arm.grating_name, "Grating common name."),
        (kw.INS_PIXSCALE, arm.pixscale, "Pixel scale [arcsec]."),
        (grat_wlen, arm.wlen_nm, "Grating central wavelength [nm]."),
        (temp, arm.camera_temp, "Average temperature [C]."),
        (kw.INS_SENS26_MEAN, arm.pressure_hpa, "Average sensor value."),
    ]


def _det_cards(exp: Exposure, arm: ArmSetup) -> list[Card]:
    cards: list[Card] = []
    for chip in arm.chips:
        keys = kw.DET_CHIP_KEYWORDS[chip.number]
        cards += [
            (keys["index"], chip.number, "Chip index"),
            (keys["id"], chip.chip_id, "Detector chip identification"),
            (keys["name"], chip.chip_name, "Detector chip name"),
            (keys["date"], chip.chip_date, "Date of installation [YYYY-MM-DD]"),
            (keys["x"], chip.chip_x, "X location in array"),
            (keys["y"], 1, "Y location in array"),
            (keys["nx"], chip.nx, "# of pixels along X"),
            (keys["ny"], chip.physical_ny, "# of pixels along Y"),
            (keys["pszx"], chip.pixel_um, "Size of pixel in X"),
            (keys["pszy"], chip.pixel_um, "Size of pixel in Y"),
        ]
    first = arm.chips[0]
    return [
        *cards,
        (kw.DET_ID, DET_ID, "Detector system Id"),
        (kw.DET_NAME, arm.det_name, "Name of detector system"),
        (kw.DET_BITS, 16, "Bits per pixel readout"),
        (kw.DET_CHIPS, arm.det_chips, "# of chips in detector array"),
        (kw.DET_OUTPUTS, arm.det_chips, "# of outputs"),
        (kw.DET_OUTREF, 0, "reference output"),
        (kw.DET_WINDOWS, 1, "# of windows readout"),
        (kw.DET_EXP_NO, exp.sequence, "Unique exposure ID number"),
        (kw.DET_EXP_TYPE, "Normal", "Exposure type"),
        (kw.DET_WIN1_ST, True, "If T, window enabled"),
        (kw.DET_WIN1_STRX, 1, "Lower left pixel in X"),
        (kw.DET_WIN1_STRY, 1, "Lower left pixel in Y"),
        (kw.DET_WIN1_NX, first.raw_width * arm.det_chips, "# of pixels along X"),
        (kw.DET_WIN1_NY, first.ny, "# of pixels along Y"),
        (kw.DET_WIN1_BINX, 1, "Binning factor along X"),
        (kw.DET_WIN1_BINY, 1, "Binning factor along Y"),
        (kw.DET_WIN1_NDIT, 1, "# of subintegrations"),
        (kw.DET_WIN1_UIT1, float(exp.exptime), "user defined subintegration time"),
        (kw.DET_WIN1_DIT1, float(exp.exptime), "actual subintegration time"),
        (kw.DET_READ_MODE, "normal", "Readout method"),
        (kw.DET_READ_SPEED, arm.read_speed, "Readout speed"),
        (kw.DET_READ_CLOCK, arm.read_clock, "Readout clock pattern"),
        (kw.DET_SHUT_TYPE, "Slit", "type of shutter"),
    ]


def _end(exp: Exposure) -> datetime:
    return exp.start + timedelta(seconds=exp.exptime)


def _header(cards: Iterable[Card]) -> fits.Header:
    return fits.Header([card(key, value, comment) for key, value, comment in cards])
