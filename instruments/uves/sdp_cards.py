"""The UVES-specific Phase 3 cards of a spectrum, from the raw science header.

* ``SPEC_RES``: UVES is slit-limited, R x slit width ~ 40,000 arcsec (UVES User Manual: R ~ 40,000
  with the 1″ slit), so ``R = 40000 / slit[″]``, clamped to what the instrument reaches: at most
  ~80,000 in the blue and ~110,000 in the red (sampling-limited narrow slits), at least the value
  of the widest slit, 5.5″ (INS.SLITn.Y1WIDMAX in the real headers).
* ``APERTURE``: the slit width (INS.SLIT2.WID blue, INS.SLIT3.WID red) in degrees.
* ``OBSTECH``: the raw DPR.TECH (``ECHELLE``, ``ECHELLE,SLIC#2``, ``ECHELLE,ABSORPTION-CELL``);
  ESO's ObsCore ``obstech`` of UVES products is that value (the FLAMES/UVES rows of
  ``archive_responses/esoasg_notebook_outputs/obscore_query_result_cell23.csv`` show ``MOS``).
* ``SPECSYS``: ``TOPOCENT``: uves_obs_scired computes the barycentric correction but does not
  apply it (it only writes ``QC VRAD BARYCOR``). The ObsCore table has no SPECSYS column to check.
* ``DISPELEM``: the arm's cross-disperser (INS.GRATn.NAME, e.g. ``CD#2``).
* ``PROCSOFT``: the pipeline that made the product (``PRO REC1 PIPE ID``, e.g. ``uves/6.1.8``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from astropy.io import fits

from instruments.uves import keywords as kw
from phoenix import FrameError

RESOLUTION_TIMES_SLIT = 40000.0  # R x slit width [arcsec]
WIDEST_SLIT_ARCSEC = 5.5
MAX_RESOLUTION = {kw.ARM_BLUE: 80000.0, kw.ARM_RED: 110000.0}
SPECSYS = "TOPOCENT"
_ARM_OF_CHIPS = {kw.DET_CHIPS_BLUE: kw.ARM_BLUE, kw.DET_CHIPS_RED: kw.ARM_RED}
_ARCSEC_PER_DEGREE = 3600.0


def resolving_power(slit_arcsec: float, arm: str) -> float:
    """R of a slit-limited UVES spectrum, clamped to the instrument's range for ``arm``."""
    lowest = RESOLUTION_TIMES_SLIT / WIDEST_SLIT_ARCSEC
    return float(round(min(max(RESOLUTION_TIMES_SLIT / slit_arcsec, lowest), MAX_RESOLUTION[arm])))


def sdp_cards(raw_header: Mapping[str, Any], pipeline: str | None = None) -> Mapping[str, tuple[Any, str]]:
    """The instrument's Phase 3 cards as ``{keyword: (value, comment)}``.

    :param raw_header: primary header of the raw science frame.
    :param pipeline: the pipeline id that made the product (``uves/6.1.8``); without it, the raw
        header's ``PRO REC1 PIPE ID`` if any, else PROCSOFT is left to the engine's check.
    :raises FrameError: when the arm or the slit width cannot be read from the header.
    """
    arm = _arm(raw_header)
    _, grat_name, _, slit_key, _, _ = kw.ARM_KEYWORDS[arm]
    slit = _required(raw_header, slit_key)
    if not isinstance(slit, int | float) or slit <= 0:
        raise FrameError(_name(raw_header), f"slit width {slit!r} is not a positive number", slit_key)
    cards: dict[str, tuple[Any, str]] = {
        kw.SDP_SPEC_RES: (resolving_power(float(slit), arm), f"R = 40000/slit for a {slit} arcsec slit"),
        kw.SDP_APERTURE: (float(slit) / _ARCSEC_PER_DEGREE, "[deg] Slit width"),
        kw.SDP_OBSTECH: (str(_required(raw_header, kw.DPR_TECH)).strip(), "Technique of observation"),
        kw.SDP_SPECSYS: (SPECSYS, "Wavelengths not corrected to the barycentre"),
    }
    if grat_name in raw_header:
        cards[kw.SDP_DISPELEM] = (str(raw_header[grat_name]).strip(), "Cross-disperser")
    procsoft = pipeline or raw_header.get(kw.PRO_REC1_PIPE_ID)
    if procsoft:
        cards[kw.SDP_PROCSOFT] = (str(procsoft).strip(), "Data reduction software")
    return MappingProxyType(cards)


def _arm(raw_header: Mapping[str, Any]) -> str:
    chips = _required(raw_header, kw.DET_CHIPS)
    if chips not in _ARM_OF_CHIPS:
        raise FrameError(
            _name(raw_header), f"DET CHIPS = {chips!r} is neither blue (1) nor red (2)", kw.DET_CHIPS
        )
    return _ARM_OF_CHIPS[chips]


def _required(raw_header: Mapping[str, Any], keyword: str) -> Any:
    if keyword not in raw_header:
        raise FrameError(_name(raw_header), f"missing {keyword!r}, needed for the Phase 3 cards", keyword)
    return raw_header[keyword]


def _name(raw_header: Mapping[str, Any]) -> str:
    return str(raw_header.get(kw.ARCFILE) or raw_header.get(kw.ORIGFILE) or "raw header")


def product_pipeline(path: str) -> str | None:
    """The ``PRO REC1 PIPE ID`` of a pipeline product (``uves/6.1.8``), or None if unreadable."""
    try:
        header = fits.getheader(path)
    except (OSError, ValueError):
        return None
    value = header.get(kw.PRO_REC1_PIPE_ID)
    return str(value).strip() if value else None
