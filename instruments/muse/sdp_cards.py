"""The MUSE-specific Phase 3 cards of a cube product.

* OBSTECH ``IFU`` (DPR.TECH of the raw frames); SPECSYS ``TOPOCENT`` (no barycentric correction is
  applied to the pixel tables here, as in ESO's MUSE IDPs before v2);
* SPEC_RES: the WFM resolving power at the band centre, 3000 (MUSE User Manual: R = 1770 at
  480 nm to 3590 at 930 nm);
* PROCSOFT: the pipeline that wrote the cube (PRO.REC1.PIPE.ID);
* SKY_RES/SKY_RERR: the seeing of the raw header (TEL.AMBI.FWHM.START), used by the engine only
  when no point source in the cube is bright enough to measure it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from astropy.io import fits

from instruments.muse import keywords as kw

SPEC_RES_WFM = 3000.0
SKY_RERR_FRACTION = 0.2


def pipeline_of(path: str) -> str:
    return str(fits.getheader(path).get(kw.PRO_REC1_PIPE_ID, "muse"))


def cube_cards(raw_header: Mapping[str, Any], pipeline: str) -> dict[str, Any]:
    seeing = float(raw_header.get(kw.TEL_AMBI_FWHM_START, 0.0) or 0.0)
    cards: dict[str, Any] = {
        "OBSTECH": ("IFU", "Technique of observation"),
        "SPECSYS": ("TOPOCENT", "Reference frame of the spectral coordinates"),
        "SPEC_RES": (SPEC_RES_WFM, "Spectral resolving power at the band centre"),
        "PROCSOFT": (pipeline, "Data reduction software/system"),
    }
    if seeing > 0:
        cards["SKY_RES"] = (seeing, "[arcsec] seeing (TEL.AMBI.FWHM), not measured")
        cards["SKY_RERR"] = (round(SKY_RERR_FRACTION * seeing, 3), "[arcsec] error of SKY_RES")
    return cards
