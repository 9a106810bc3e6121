"""Primary headers of synthetic MUSE raw frames, with the keywords the recipes and ESO's rules read.

The recipe-required set is NOTES.md §4.3's table; the OCA keys (TPL ID/NEXP/EXPNO, INS OPTI1/2
NAME, DET READ CURNAME) are those ``muse-2.8.7_reflex_muse_wkf.oca`` classifies and associates
on; the science set (RA/DEC/LST, DROT, TEL AIRM/PARANG/GEO*/AMBI*) is what muse_scipost reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from astropy.io import fits
from astropy.time import Time

from instruments.muse import keywords as kw

GEOLAT, GEOLON, GEOELEV = -24.6272, -70.4042, 2648.0


def date_obs(mjd: float) -> str:
    return Time(mjd, format="mjd", scale="utc").isot[:23]


@dataclass(frozen=True)
class Exposure:
    """One raw exposure's header facts."""

    catg: str
    dpr_type: str
    tech: str
    exptime: float
    mjd: float
    tpl_id: str
    tpl_start: str
    tpl_expno: int
    tpl_nexp: int
    obs_id: int = -1
    target: str = ""
    ra: float = 0.0
    dec: float = 0.0
    posang: float = 0.0


def primary_header(exp: Exposure) -> fits.Header:
    h = fits.Header()
    stamp = date_obs(exp.mjd)
    for key, value in (
        (kw.ORIGIN, "ESO"),
        (kw.TELESCOP, kw.TELESCOPE),
        (kw.INSTRUME, kw.INSTRUMENT),
        (kw.OBJECT, exp.target or exp.dpr_type),
        (kw.RA, exp.ra),
        (kw.DEC, exp.dec),
        (kw.EQUINOX, 2000.0),
        (kw.RADESYS, "FK5"),
        (kw.MJD_OBS, exp.mjd),
        (kw.DATE_OBS, stamp),
        (kw.UTC, round((exp.mjd % 1.0) * 86400.0, 3)),
        (kw.LST, 36000.0),
        (kw.EXPTIME, float(exp.exptime)),
        (kw.ARCFILE, f"MUSE.{stamp}.fits"),
        (kw.DPR_CATG, exp.catg),
        (kw.DPR_TYPE, exp.dpr_type),
        (kw.DPR_TECH, exp.tech),
        (kw.OBS_ID, exp.obs_id),
        (kw.OBS_PROG_ID, "60.A-9100(A)"),
        (kw.OBS_TARG_NAME, exp.target or "CAL"),
        (kw.TPL_ID, exp.tpl_id),
        (kw.TPL_START, exp.tpl_start),
        (kw.TPL_EXPNO, exp.tpl_expno),
        (kw.TPL_NEXP, exp.tpl_nexp),
        (kw.INS_MODE, kw.MODE_WFM_NOAO_N),
        (kw.INS_OPTI1_NAME, "Blue_and_red"),
        (kw.INS_OPTI2_NAME, "WFM"),
        (kw.DET_READ_CURID, 1),
        (kw.DET_READ_CURNAME, "SCI1.0"),
        (kw.DET_BINX, 1),
        (kw.DET_BINY, 1),
    ):
        h[kw.card(key)] = value
    return h


def science_cards(exp: Exposure) -> list[tuple[str, object]]:
    """The telescope and derotator cards muse_scipost needs (RA = 0 would mean lab data: no DAR)."""
    return [
        (kw.INS_DROT_POSANG, exp.posang),
        (kw.INS_DROT_MODE, "SKY"),
        (kw.TEL_AIRM_START, 1.005),
        (kw.TEL_AIRM_END, 1.005),
        (kw.TEL_PARANG_START, 10.0),
        (kw.TEL_PARANG_END, 11.0),
        (kw.TEL_GEOLAT, GEOLAT),
        (kw.TEL_GEOLON, GEOLON),
        (kw.TEL_GEOELEV, GEOELEV),
        (kw.TEL_ALT, 84.0),
        (kw.TEL_AMBI_TEMP, 12.0),
        (kw.TEL_AMBI_RHUM, 10.0),
        (kw.TEL_AMBI_PRES_START, 743.0),
        (kw.TEL_AMBI_PRES_END, 743.0),
        (kw.TEL_AMBI_FWHM_START, 0.7),
    ]


def arc_cards() -> list[tuple[str, object]]:
    """Lamp keywords muse_wavecal reads (CU-LAMP- is stripped: the Ne lamp)."""
    return [
        (kw.INS_LAMPNUM, 1),
        (kw.INS_LAMP1_NAME, "CU-LAMP-Ne"),
        (kw.INS_LAMP1_ST, True),
        (kw.INS_SHUT1_NAME, "CU-SHUT1"),
        (kw.INS_SHUT1_ST, True),
    ]
