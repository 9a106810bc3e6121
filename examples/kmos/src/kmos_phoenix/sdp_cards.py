"""The KMOS-specific Phase 3 cards of one IFU's integrated spectrum.

* ``OBJECT``, ``RA``, ``DEC``: the IFU's own target (``OCS ARM<n> NAME/ALPHA/DELTA`` of the raw
  header), not the telescope pointing: each IFU observes a different source.
* ``EXPTIME``, ``TEXPTIME``, ``MJD-END``: an IFU spectrum combines the template's exposures;
  kmos_sci_red wrote the on-source time, the time of all exposures and the end into the product.
* ``SPEC_RES``: 4200, KMOS's resolving power in the K band (ESO's KMOS documentation gives
  R ~ 3400 / 3600 / 4000 / 4200 / 2000 for IZ / YJ / H / K / HK).
* ``APERTURE``: the extraction aperture's diameter, from the extract step's parameter.
* ``OBSTECH``: the raw DPR.TECH (``IFU``); ``DISPELEM``: the grating; ``SPECSYS``: TOPOCENT
  (no barycentric correction is applied); ``PROCSOFT``: this package and its version.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from astropy.io import fits

from kmos_phoenix import __version__
from kmos_phoenix import keywords as kw
from kmos_phoenix.chains import recipe_parameters
from kmos_phoenix.spectra import ifu_of_label
from phoenix import FrameError, Spectrum1D

RESOLVING_POWER = {"IZ": 3400.0, "YJ": 3600.0, "H": 4000.0, "K": 4200.0, "HK": 2000.0}
ARCSEC_PER_DEGREE = 3600.0
PROCSOFT = f"kmos_phoenix/{__version__}"


def sdp_cards(raw_header: Mapping[str, Any], spectrum: Spectrum1D) -> Mapping[str, Any]:
    """The plugin's cards for ``spectrum`` as ``{keyword: (value, comment)}``.

    :raises FrameError: when the raw header lacks the grating or the IFU's target cards.
    """
    ifu = ifu_of_label(spectrum.label)
    band = str(_required(raw_header, kw.INS_GRAT1_ID)).strip()
    radius = float(recipe_parameters()["extract"]["radius_arcsec"])
    product = fits.getheader(spectrum.source_file)
    cards: dict[str, tuple[Any, str]] = {
        kw.OBJECT: (str(_required(raw_header, kw.ocs_arm(ifu, kw.ARM_NAME))).strip(), f"Target of IFU {ifu}"),
        kw.RA: (float(_required(raw_header, kw.ocs_arm(ifu, kw.ARM_ALPHA))), f"[deg] Target of IFU {ifu}"),
        kw.DEC: (float(_required(raw_header, kw.ocs_arm(ifu, kw.ARM_DELTA))), f"[deg] Target of IFU {ifu}"),
        kw.EXPTIME: (float(product[kw.EXPTIME]), "[s] On-source integration time"),
        kw.TEXPTIME: (float(product[kw.TEXPTIME]), "[s] Time of all exposures, skies included"),
        kw.MJD_END: (float(product[kw.MJD_END]), "End of the last exposure"),
        kw.SDP_SPEC_RES: (RESOLVING_POWER[band], f"KMOS resolving power in {band}"),
        kw.SDP_APERTURE: (2.0 * radius / ARCSEC_PER_DEGREE, "[deg] Extraction aperture diameter"),
        kw.SDP_OBSTECH: (str(_required(raw_header, kw.DPR_TECH)).strip(), "Technique of observation"),
        kw.SDP_DISPELEM: (band, "Grating"),
        kw.SDP_SPECSYS: ("TOPOCENT", "No barycentric correction applied"),
        kw.SDP_PROCSOFT: (PROCSOFT, "Data reduction software"),
    }
    return MappingProxyType(cards)


def _required(raw_header: Mapping[str, Any], keyword: str) -> Any:
    if keyword not in raw_header:
        name = str(raw_header.get(kw.ARCFILE) or "raw header")
        raise FrameError(name, f"missing {keyword!r}, needed for the Phase 3 cards", keyword)
    return raw_header[keyword]
