"""The GIRAFFE-specific Phase 3 cards of a per-fibre spectrum.

* ``OBJECT``, ``RA``, ``DEC``: the fibre's target from the OzPoz table (the raw header's are the
  field's); ``ESO PRO FIBRE FPS`` and ``ESO PRO FIBRE MAGNITUDE`` keep the fibre's identity and
  the magnitude the user entered.
* ``SPEC_RES``: the setting's resolving power for Medusa fibres (GIRAFFE User Manual setting
  tables, :mod:`instruments.giraffe.setup`).
* ``APERTURE``: the Medusa fibre's aperture on the sky, 1.2″, in degrees.
* ``OBSTECH``: the raw DPR.TECH (``MOS`` for Medusa).
* ``SPECSYS``: ``TOPOCENT`` (no barycentric correction is applied).
* ``DISPELEM``: the setting's name (e.g. ``LR08``).
* ``PROCSOFT``: the reference recipes' pipeline id (``PRO REC1 PIPE ID`` of the product).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from astropy.io import fits

from instruments.giraffe import keywords as kw
from instruments.giraffe import spectra
from instruments.giraffe.setup import setting
from phoenix import FrameError, Spectrum1D

MEDUSA_APERTURE_ARCSEC = 1.2
SPECSYS = "TOPOCENT"


def sdp_cards(raw_header: Mapping[str, Any], spectrum: Spectrum1D) -> Mapping[str, tuple[Any, str]]:
    """The instrument's Phase 3 cards as ``{keyword: (value, comment)}``.

    :raises FrameError: when the setting or DPR.TECH cannot be read from the raw header.
    """
    name = str(raw_header.get(kw.ARCFILE, "raw header"))
    try:
        mode = setting(str(raw_header[kw.INS_EXP_MODE]))
        tech = str(raw_header[kw.DPR_TECH]).strip()
    except KeyError as exc:
        raise FrameError(name, f"cannot give the Phase 3 cards: {exc}", kw.INS_EXP_MODE) from exc
    meta = spectrum.metadata
    cards: dict[str, tuple[Any, str]] = {
        kw.SDP_SPEC_RES: (mode.resolving_power, f"Resolving power of {mode.name} with Medusa fibres"),
        kw.SDP_APERTURE: (MEDUSA_APERTURE_ARCSEC / 3600.0, "[deg] Medusa fibre aperture"),
        kw.SDP_OBSTECH: (tech, "Technique of observation"),
        kw.SDP_SPECSYS: (SPECSYS, "Wavelengths not corrected to the barycentre"),
        kw.SDP_DISPELEM: (mode.name, "GIRAFFE setting"),
        kw.SDP_PROCSOFT: (_pipeline(spectrum.source_file), "Data reduction software"),
    }
    if spectra.FPS in meta:
        cards[kw.SDP_OBJECT] = (str(meta[spectra.OBJECT]), "Target of the fibre (OzPoz table)")
        cards[kw.SDP_RA] = (float(meta[spectra.RA]), "[deg] Fibre target RA (OzPoz table)")
        cards[kw.SDP_DEC] = (float(meta[spectra.DEC]), "[deg] Fibre target DEC (OzPoz table)")
        cards[kw.SDP_FIBRE_FPS] = (int(meta[spectra.FPS]), "Medusa fibre number on the slit")
        cards[kw.SDP_FIBRE_MAG] = (float(meta[spectra.MAGNITUDE]), "Magnitude given by the user")
    return MappingProxyType(cards)


def _pipeline(path: str) -> str:
    try:
        value = fits.getheader(path).get(kw.PRO_REC1_PIPE_ID)
    except (OSError, ValueError):
        value = None
    return str(value).strip() if value else "phoenix-giraffe"
