"""The binary-table layout of a PHOENIX ``SCIENCE.SPECTRUM`` product (IVOA Spectrum DM v2.0).

One row; every column an array of NELEM values. The layout follows the ESO SDP spectra in the
archive (UVES, XSHOOTER, MUSE: WAVE, FLUX, ERR and QUAL) and their utypes/UCDs. Wavelengths are
air wavelengths, as the ESO pipelines deliver them, hence ``obs.atmos`` in the WAVE UCD.
"""

from __future__ import annotations

from dataclasses import dataclass

WAVE_UNIT = "nm"
QUAL_GOOD = 0
QUAL_NO_DATA = 1  # non-finite flux or error, or an error <= 0: the pixel carries no measurement

UTYPE_SPECTRAL = "spec:Data.SpectralAxis.Value"
UTYPE_FLUX = "spec:Data.FluxAxis.Value"
UTYPE_ERROR = "spec:Data.FluxAxis.Accuracy.StatError"
UTYPE_QUALITY = "spec:Data.FluxAxis.Accuracy.QualityStatus"
UCD_UNCALIBRATED = "stat.uncalib"


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its name, FITS element code, IVOA utype, UCD and description.

    ``ucd_uncalibrated`` is used instead of ``ucd`` when the flux is not absolutely calibrated;
    ``flux_unit`` says the column takes the spectrum's flux unit (otherwise ``unit`` applies).
    """

    name: str
    element: str
    utype: str
    ucd: str
    comment: str
    unit: str = ""
    flux_unit: bool = False
    ucd_uncalibrated: str = ""

    def ucd_for(self, flux_calibrated: bool) -> str:
        """The UCD to write for a product that is (or is not) flux calibrated."""
        return self.ucd if flux_calibrated or not self.ucd_uncalibrated else self.ucd_uncalibrated


WAVE = ColumnSpec(
    name="WAVE",
    element="D",
    utype=UTYPE_SPECTRAL,
    ucd="em.wl;obs.atmos",
    comment="Air wavelength",
    unit=WAVE_UNIT,
)
FLUX = ColumnSpec(
    name="FLUX",
    element="D",
    utype=UTYPE_FLUX,
    ucd="phot.flux.density;em.wl;src.net;meta.main",
    ucd_uncalibrated=f"phot.flux.density;em.wl;src.net;{UCD_UNCALIBRATED};meta.main",
    comment="Flux",
    flux_unit=True,
)
ERR = ColumnSpec(
    name="ERR",
    element="D",
    utype=UTYPE_ERROR,
    ucd="stat.error;phot.flux.density;meta.main",
    ucd_uncalibrated=f"stat.error;phot.flux.density;{UCD_UNCALIBRATED};meta.main",
    comment="Flux error (1 sigma)",
    flux_unit=True,
)
QUAL = ColumnSpec(
    name="QUAL",
    element="J",
    utype=UTYPE_QUALITY,
    ucd="meta.code.qual;meta.main",
    comment=f"{QUAL_GOOD} = good, {QUAL_NO_DATA} = no valid flux or error",
)

SNR = ColumnSpec(
    name="SNR",
    element="D",
    utype="eso:Data.FluxAxis.Accuracy.SNR",
    ucd="stat.snr",
    comment="Signal-to-noise ratio per pixel (FLUX/ERR; 0 where QUAL is not 0)",
)

# As ESO's XSHOOTER SDP spectra: WAVE, FLUX, ERR, QUAL, then SNR (the seed's GIRAFFE products
# show the SNR spectrum beside the flux).
SPECTRUM_COLUMNS: tuple[ColumnSpec, ...] = (WAVE, FLUX, ERR, QUAL, SNR)
EXTNAME_SPECTRUM = "SPECTRUM"
