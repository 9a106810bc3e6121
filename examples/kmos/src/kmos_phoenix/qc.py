"""The QC parameters the KMOS recipes write into their products' headers."""

from __future__ import annotations

from kmos_phoenix import categories as cat
from kmos_phoenix import keywords as kw
from phoenix import QcDefinition

QC_PARAMETERS: tuple[QcDefinition, ...] = (
    QcDefinition("dark_level", cat.MASTER_DARK, kw.QC_DARK, "ADU", "median level of the master dark"),
    QcDefinition(
        "read_noise", cat.MASTER_DARK, kw.QC_RON, "ADU", "read noise from the spread of the raw darks"
    ),
    QcDefinition("bad_pixels", cat.BADPIXEL_DARK, kw.QC_BADPIX_NCOUNT, "", "pixels flagged bad in the darks"),
    QcDefinition("flat_efficiency", cat.MASTER_FLAT, kw.QC_FLAT_EFF, "ADU/s", "median lamp count rate"),
    QcDefinition("slitlets_found", cat.FLAT_EDGE, kw.QC_SLIT_NCOUNT, "", "slitlets traced on the flat"),
    QcDefinition("arc_lines", cat.LCAL, kw.QC_ARC_NLINES, "", "arc lines used, summed over slitlets"),
    QcDefinition("arc_rms", cat.LCAL, kw.QC_ARC_RMS, "nm", "rms of the wavelength solutions"),
    QcDefinition(
        "ifus_extracted", cat.EXTRACT_SPEC, kw.QC_EXTRACT_NIFU, "", "IFUs with an extracted spectrum"
    ),
)
