"""The header cards of a ``SCIENCE.SPECTRUM`` product, in the order they are written.

Primary HDU: identification, observation, provenance, spectrum description, the plugin's other
cards, ancillary files, then the caller's extra cards. Spectrum extension: the Table 7 ``Mext``
keywords (the column keywords are the table builder's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from astropy.io import fits

from phoenix.sdp import keywords as kw
from phoenix.sdp import policy
from phoenix.sdp.ancillary import association_cards
from phoenix.sdp.inputs import CardValue, ResolvedInputs
from phoenix.sdp.measure import SpectralCoverage
from phoenix.sdp.product import SpectrumProduct
from phoenix.sdp.standard import (
    FLUXCAL_ABSOLUTE,
    FLUXCAL_UNCALIBRATED,
    FLUXERR_UNCALIBRATED,
    FLUXERR_UNDETERMINED,
    ORIGIN_ESO,
    PRODCATG_SPECTRUM,
    VOCLASS_SPECTRUM,
    VOPUB_ESO,
)

Card = tuple[str, Any, str]
TITLE_LENGTH = 68  # longest string value that fits one card
CARD_LENGTH = 80
_COMMENT_SEPARATOR = " / "

COMMENTS: Mapping[str, str] = {
    kw.PRODCATG: "Data product category",
    kw.ORIGIN: "European Southern Observatory",
    kw.TELESCOP: "Telescope",
    kw.INSTRUME: "Instrument",
    kw.OBJECT: "Target designation",
    kw.RA: "[deg] Target position (J2000)",
    kw.DEC: "[deg] Target position (J2000)",
    kw.EQUINOX: "Standard FK5",
    kw.RADESYS: "Coordinate reference frame",
    kw.DATE_OBS: "Start of observation",
    kw.MJD_OBS: "Start of observation",
    kw.MJD_END: "End of observations",
    kw.EXPTIME: "[s] Total integration time per pixel",
    kw.TEXPTIME: "[s] Total integration time of all exposures",
    kw.PROG_ID: "ESO programme identification",
    kw.OBIDi: "Observation block ID",
    kw.OBSTECH: "Technique of observation",
    kw.NCOMBINE: "Number of raw science data files",
    kw.SINGLEXP: "TRUE if resulting from a single exposure",
    kw.M_EPOCH: "TRUE if resulting from multiple epochs",
    kw.PROCSOFT: "Data reduction software/system",
    kw.REFERENC: "Bibliographic reference",
    kw.PROVi: "Originating raw science file",
    kw.FLUXCAL: "Type of flux calibration",
    kw.FLUXERR: "[%] Fractional uncertainty of the flux scale",
    kw.TOT_FLUX: "TRUE if the flux includes slit losses",
    kw.CONTNORM: "TRUE if normalised to the continuum",
    kw.WAVELMIN: "[nm] Minimum wavelength",
    kw.WAVELMAX: "[nm] Maximum wavelength",
    kw.SPEC_BIN: "[nm] Mean wavelength bin",
    kw.SNR: "Median signal to noise ratio per bin",
    kw.SPECSYS: "Reference frame of the spectral coordinates",
    kw.SPEC_RES: "Spectral resolving power",
    kw.SPEC_ERR: "[nm] Statistical error of the spectral coordinate",
    kw.SPEC_SYE: "[nm] Systematic error of the spectral coordinate",
    kw.LAMNLIN: "Number of arc lines in the wavelength solution",
    kw.LAMRMS: "[nm] RMS of the wavelength solution residuals",
    kw.DISPELEM: "Dispersive element",
    kw.APERTURE: "[deg] Aperture diameter or slit width",
    kw.VOCLASS: "VO data model",
    kw.VOPUB: "VO publishing authority",
    kw.TITLE: "Dataset title",
    kw.TELAPSE: "[s] Total elapsed time",
    kw.TMID: "[d] MJD of the exposure midpoint",
    kw.SPEC_VAL: "[nm] Mean wavelength",
    kw.SPEC_BW: "[nm] Bandpass width WAVELMAX - WAVELMIN",
    kw.NELEM: "Length of the data arrays",
}


@dataclass(frozen=True)
class ProductCards:
    """The cards of both HDUs (the extension's column keywords excepted)."""

    primary: tuple[Card, ...]
    extension: tuple[Card, ...]


def build_cards(
    product: SpectrumProduct, inputs: ResolvedInputs, coverage: SpectralCoverage, snr: float
) -> ProductCards:
    """Assemble the cards from resolved inputs and the quantities measured on the data."""
    obs = inputs.observation
    plugin = inputs.plugin
    primary: list[Card] = [
        _card(kw.PRODCATG, PRODCATG_SPECTRUM),
        _card(kw.ORIGIN, ORIGIN_ESO),
        _card(kw.TELESCOP, obs.telescop),
        _card(kw.INSTRUME, obs.instrume),
        _card(kw.OBJECT, obs.object),
        _card(kw.RA, obs.ra),
        _card(kw.DEC, obs.dec),
    ]
    if obs.equinox is not None:
        primary.append(_card(kw.EQUINOX, obs.equinox))
    primary += [
        _card(kw.RADESYS, obs.radesys),
        _card(kw.DATE_OBS, obs.date_obs),
        _card(kw.MJD_OBS, obs.timing.mjd_obs),
        _card(kw.MJD_END, obs.timing.mjd_end),
        _card(kw.EXPTIME, obs.exptime),
        _card(kw.TEXPTIME, obs.texptime),
        _card(kw.PROG_ID, obs.prog_id),
        (kw.indexed(kw.OBIDi, 1), obs.obid, COMMENTS[kw.OBIDi]),
        _card(kw.NCOMBINE, len(product.provenance)),
        _card(kw.SINGLEXP, len(product.provenance) == 1),
        # One PHOENIX product comes from one dataset (one OB execution), hence one epoch.
        _card(kw.M_EPOCH, False),
        _plugin_card(kw.OBSTECH, plugin),
        _plugin_card(kw.PROCSOFT, plugin),
        _card(kw.REFERENC, ""),
    ]
    primary += [
        (kw.indexed(kw.PROVi, i), name, COMMENTS[kw.PROVi]) for i, name in enumerate(product.provenance, 1)
    ]
    primary += _flux_cards(product, plugin)
    primary += [
        _plugin_card(kw.SPECSYS, plugin),
        _card(kw.WAVELMIN, coverage.wavelmin),
        _card(kw.WAVELMAX, coverage.wavelmax),
        _card(kw.SPEC_BIN, coverage.spec_bin),
        _plugin_card(kw.SPEC_RES, plugin),
        _card(kw.SNR, snr),
    ]
    written = {card[0] for card in primary} | policy.EXTENSION_ONLY | policy.PLUGIN_MAY_OVERRIDE
    primary += [_plugin_card(key, plugin) for key in plugin if key not in written]
    primary += association_cards(inputs.associations)
    primary += [_hierarch(key, value, comment) for key, (value, comment) in inputs.extra.items()]
    return ProductCards(primary=tuple(primary), extension=_extension_cards(inputs, coverage))


def _flux_cards(product: SpectrumProduct, plugin: Mapping[str, CardValue]) -> list[Card]:
    if product.flux_calibrated:
        flux = [_card(kw.FLUXCAL, FLUXCAL_ABSOLUTE), _override(kw.FLUXERR, FLUXERR_UNDETERMINED, plugin)]
    else:
        flux = [_card(kw.FLUXCAL, FLUXCAL_UNCALIBRATED), _card(kw.FLUXERR, FLUXERR_UNCALIBRATED)]
    return [
        *flux,
        _override(kw.TOT_FLUX, False, plugin),
        _override(kw.CONTNORM, False, plugin),
    ]


def _extension_cards(inputs: ResolvedInputs, coverage: SpectralCoverage) -> tuple[Card, ...]:
    obs = inputs.observation
    title = f"{obs.object} {obs.instrume} {coverage.wavelmin:.1f}-{coverage.wavelmax:.1f} nm"
    return (
        _card(kw.VOCLASS, VOCLASS_SPECTRUM),
        _card(kw.VOPUB, VOPUB_ESO),
        _override(kw.TITLE, title[:TITLE_LENGTH], inputs.plugin),
        _card(kw.OBJECT, obs.object),
        _card(kw.RA, obs.ra),
        _card(kw.DEC, obs.dec),
        _plugin_card(kw.APERTURE, inputs.plugin),
        _card(kw.TELAPSE, obs.timing.telapse),
        _card(kw.TMID, obs.timing.tmid),
        _card(kw.SPEC_VAL, coverage.spec_val),
        _card(kw.SPEC_BW, coverage.spec_bw),
        _card(kw.NELEM, coverage.nelem),
    )


def _card(key: str, value: Any) -> Card:
    return key, value, COMMENTS.get(key, "")


def _override(key: str, default: Any, plugin: Mapping[str, CardValue]) -> Card:
    if key not in plugin:
        return _card(key, default)
    return _plugin_card(key, plugin)


def _plugin_card(key: str, plugin: Mapping[str, CardValue]) -> Card:
    value, comment = plugin[key]
    return _hierarch(key, value, comment if comment is not None else COMMENTS.get(key, ""))


def _hierarch(key: str, value: Any, comment: str | None) -> Card:
    if len(key) > 8 or " " in key:
        key = f"{kw.HIERARCH} {key}"
    return key, value, comment or ""


def to_fits_card(key: str, value: Any, comment: str) -> fits.Card:
    """A FITS card whose comment is shortened to fit 80 characters (values are never shortened).

    :raises ValueError: when ``value`` cannot be written to FITS (e.g. non-ASCII text).
    """
    bare = fits.Card(key, value)
    room = CARD_LENGTH - len(bare.image.rstrip()) - len(_COMMENT_SEPARATOR)
    if len(bare.image) > CARD_LENGTH or room <= 0 or not comment:
        return bare
    return fits.Card(key, value, comment[:room])
