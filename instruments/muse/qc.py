"""The QC parameters of MUSE masters and cubes.

Keywords are the ``ESO QC`` cards cpl-plugin-muse 2.8.7 writes (NOTES.md §4.3; checked on the
products of the synthetic chain). Per-IFU values are those of the first IFU's extension (the
engine keeps the first occurrence of a keyword in a merged product). Per-exposure products
(PIXTABLE_OBJECT, PIXTABLE_REDUCED) carry no declared QC: the engine stores one value per job,
category and name, and those jobs write one product of the category per exposure.
"""

from __future__ import annotations

from instruments.muse import categories as cat
from instruments.muse import keywords as kw
from phoenix import QcDefinition

QC_PARAMETERS: tuple[QcDefinition, ...] = (
    QcDefinition("ron_master", cat.MASTER_BIAS, kw.QC_BIAS_RON, "adu", "read noise, port 1"),
    QcDefinition("bias_level", cat.MASTER_BIAS, kw.QC_BIAS_MEDIAN, "adu", "master bias median, port 1"),
    QcDefinition("flat_median", cat.MASTER_FLAT, kw.QC_FLAT_MEDIAN, "", "normalised master flat median"),
    QcDefinition("slice_width_median", cat.TRACE_TABLE, kw.QC_TRACE_WIDTHS, "pix", "median slice width"),
    QcDefinition("slice_gap_median", cat.TRACE_TABLE, kw.QC_TRACE_GAPS, "pix", "median gap between slices"),
    QcDefinition(
        "wavecal_rms_slice1",
        cat.WAVECAL_TABLE,
        kw.QC_WAVECAL_RMS_SLICE1,
        "Angstrom",
        "rms of the wavelength fit, slice 1",
    ),
    QcDefinition("combine_ndet", cat.DATACUBE_FINAL, kw.QC_EXPCOMB_NDET, "", "sources detected in the cube"),
    QcDefinition(
        "combine_fwhm_x", cat.DATACUBE_FINAL, kw.QC_EXPCOMB_FWHM1_X, "arcsec", "FWHM of source 1 in x"
    ),
    QcDefinition(
        "combine_fwhm_y", cat.DATACUBE_FINAL, kw.QC_EXPCOMB_FWHM1_Y, "arcsec", "FWHM of source 1 in y"
    ),
)
