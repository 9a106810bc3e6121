"""What the engine hands the SDP writer: one spectrum and everything its header is made from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from phoenix.types import Spectrum1D, frozen_mapping


@dataclass(frozen=True)
class SpectrumProduct:
    """Everything needed to write one ``SCIENCE.SPECTRUM`` file.

    :param spectrum: wavelengths (nm, strictly increasing), flux and error, the flux unit.
    :param raw_header: primary header of the raw science frame (astropy-style keys such as
        ``'ESO OBS ID'``, ``'MJD-OBS'``, ``'EXPTIME'``, ``'RA'``, ``'DEC'``, ``'OBJECT'``,
        ``'TELESCOP'``, ``'INSTRUME'``, ``'ESO OBS PROG ID'``, ``'DATE-OBS'``).
    :param provenance: ARCFILE names of the raw science frames combined into the spectrum;
        they become PROV1..n and their number NCOMBINE.
    :param instrument_cards: the plugin's cards (value or ``(value, comment)``). Required:
        SPEC_RES, SPECSYS, OBSTECH, PROCSOFT, APERTURE; optional: LAMNLIN, LAMRMS, SPEC_ERR,
        SPEC_SYE, DISPELEM, ... Which engine values a plugin may replace is declared in
        :mod:`phoenix.sdp.policy`.
    :param flux_calibrated: FLUXCAL = 'ABSOLUTE' when true, else 'UNCALIBRATED'.
    :param associated: ``(category, filename)`` of ancillary files -> ASSOCi / ASSONi (and
        ASSOMi, the MD5, for non-FITS files).
    :param extra_primary: further primary cards to copy (e.g. QC values); they may not replace
        any card the writer sets.
    """

    spectrum: Spectrum1D
    raw_header: Mapping[str, Any]
    provenance: tuple[str, ...]
    instrument_cards: Mapping[str, Any]
    flux_calibrated: bool = False
    associated: tuple[tuple[str, str], ...] = ()
    extra_primary: Mapping[str, Any] = field(default_factory=frozen_mapping)

    def __post_init__(self) -> None:
        if not isinstance(self.spectrum, Spectrum1D):
            raise TypeError(
                f"spectrum must be a phoenix.types.Spectrum1D, got {type(self.spectrum).__name__}"
            )
        provenance = tuple(self.provenance)
        if any(not isinstance(name, str) or not name.strip() for name in provenance):
            raise ValueError(f"provenance entries must be non-empty ARCFILE names: {provenance!r}")
        associated = tuple(tuple(pair) for pair in self.associated)
        if any(len(pair) != 2 or not all(isinstance(x, str) and x for x in pair) for pair in associated):
            raise ValueError(f"associated entries must be (category, filename) pairs: {associated!r}")
        object.__setattr__(self, "provenance", provenance)
        object.__setattr__(self, "associated", associated)
        object.__setattr__(self, "raw_header", frozen_mapping(_items(self.raw_header)))
        object.__setattr__(self, "instrument_cards", frozen_mapping(self.instrument_cards))
        object.__setattr__(self, "extra_primary", frozen_mapping(self.extra_primary))


def _items(header: Mapping[str, Any]) -> list[tuple[str, Any]]:
    # astropy Headers repeat COMMENT/HISTORY keys; keep the first value of every key.
    seen: dict[str, Any] = {}
    for key in header:
        seen.setdefault(key, header[key])
    return list(seen.items())
