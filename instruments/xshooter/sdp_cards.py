"""The XSHOOTER-specific Phase 3 cards of a spectrum.

* ``SPEC_RES``: the real instrument's resolving power for the arm and slit width (ESO's XSHOOTER
  pages: UVB R = 9700 x 0.5"/slit roughly, tabulated per slit below; the seed quotes R = 10-20,000
  overall; the brief's anchors UVB 1.0" 5400, VIS 0.9" 8900, NIR 0.9" 5600). The simulated
  frames are scaled down (``ESO OCS SIMU GEOMETRY``) and their actual resolution is lower (QC
  RESOLUTION of xsh_wavecal); the product then says so in a COMMENT-like card.
* ``APERTURE``: the arm's slit width (``INS OPTI3/4/5 NAME``, e.g. ``0.9x11``) in degrees.
* ``OBSTECH``: the raw DPR.TECH (``ECHELLE,SLIT,NODDING`` ...).
* ``SPECSYS``: ``TOPOCENT`` (no barycentric correction applied).
* ``PROCSOFT``: the pipeline that made the product (``PRO REC1 PIPE ID``).
* ``TEXPTIME``, ``EXPTIME``, ``MJD-END``: from the product (several exposures are combined).
* ``PHOENIX TELLURIC CORR = F``: telluric absorption is left in (the PHOENIX paper, Fig. 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from instruments.xshooter import keywords as kw
from phoenix import FrameError, Spectrum1D

# resolving power per arm and slit width [arcsec] (ESO XSHOOTER instrument pages)
SPEC_RES: Mapping[str, Mapping[float, float]] = {
    kw.ARM_UVB: {0.5: 9700.0, 0.8: 6200.0, 1.0: 5400.0, 1.3: 4100.0, 1.6: 3200.0},
    kw.ARM_VIS: {0.4: 18400.0, 0.7: 11400.0, 0.9: 8900.0, 1.2: 6500.0, 1.5: 5000.0},
    kw.ARM_NIR: {0.4: 11600.0, 0.6: 8100.0, 0.9: 5600.0, 1.2: 4300.0, 1.5: 3500.0},
}
SPECSYS = "TOPOCENT"
TELLURIC_CARD = "PHOENIX TELLURIC CORR"
GEOMETRY_CARD = "PHOENIX SIM GEOMETRY"
_ARCSEC_PER_DEGREE = 3600.0


def slit_width(raw_header: Mapping[str, Any], arm: str) -> float:
    """The slit width [arcsec] of ``arm`` from ``INS OPTIn NAME`` (``'0.9x11'`` -> 0.9)."""
    key = kw.SLIT_OF_ARM[arm]
    value = str(_required(raw_header, key)).strip()
    try:
        return float(value.split("x")[0])
    except ValueError as exc:
        raise FrameError(_name(raw_header), f"slit {value!r} is not '<width>x<length>'", key) from exc


def resolving_power(arm: str, slit: float) -> float:
    """R of ``arm`` with a ``slit`` [arcsec] wide slit: the tabulated value of the nearest slit."""
    table = SPEC_RES[arm]
    return table[min(table, key=lambda width: abs(width - slit))]


def sdp_cards(raw_header: Mapping[str, Any], spectrum: Spectrum1D) -> Mapping[str, tuple[Any, str]]:
    """The instrument's Phase 3 cards as ``{keyword: (value, comment)}``."""
    arm = str(_required(raw_header, kw.SEQ_ARM)).strip()
    if arm not in kw.ARMS:
        raise FrameError(_name(raw_header), f"SEQ ARM = {arm!r} is not one of {kw.ARMS}", kw.SEQ_ARM)
    slit = slit_width(raw_header, arm)
    meta = spectrum.metadata
    cards: dict[str, tuple[Any, str]] = {
        "SPEC_RES": (resolving_power(arm, slit), f"XSHOOTER {arm} R for a {slit} arcsec slit"),
        "APERTURE": (slit / _ARCSEC_PER_DEGREE, "[deg] Slit width"),
        "OBSTECH": (str(_required(raw_header, kw.DPR_TECH)).strip(), "Technique of observation"),
        "SPECSYS": (SPECSYS, "Wavelengths not corrected to the barycentre"),
        "PROCSOFT": (str(meta.get("PROCSOFT", "unknown")), "Data reduction software"),
        TELLURIC_CARD: (bool(meta.get("TELLURIC_CORR", False)), "telluric absorption corrected"),
    }
    for key, comment in (
        (kw.TEXPTIME, "[s] Total integration time"),
        (kw.EXPTIME, "[s] Effective integration time"),
        (kw.MJD_END, "End of observations (days)"),
    ):
        if key in meta:
            cards[key] = (float(meta[key]), comment)
    if kw.SIM_GEOMETRY in raw_header:
        cards[GEOMETRY_CARD] = (str(raw_header[kw.SIM_GEOMETRY]), "simulated: SPEC_RES is the real arm's")
    return MappingProxyType(cards)


def _required(raw_header: Mapping[str, Any], keyword: str) -> Any:
    if keyword not in raw_header:
        raise FrameError(_name(raw_header), f"missing {keyword!r}, needed for the Phase 3 cards", keyword)
    return raw_header[keyword]


def _name(raw_header: Mapping[str, Any]) -> str:
    return str(raw_header.get(kw.ARCFILE) or raw_header.get(kw.ORIGFILE) or "raw header")
