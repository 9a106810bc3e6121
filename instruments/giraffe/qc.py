"""The QC parameters of GIRAFFE masters and products.

Keywords of the masters are those gimasterbias and gimasterdark write (checked on their products
of synthetic frames, NOTES.md §4.2) and that the reference recipes write with the same names;
the fibre-flat names follow ESO-DFS-DIC.GIRAFFE_QC (QC FIBRE WIDTH MEAN, CENTROID RMS, TRANS
RMS). The science parameters are the reference science recipe's: fibres extracted, S/N, and the
brightest/faintest fibre's counts, magnitude and flux that the correlation plots use.
"""

from __future__ import annotations

from instruments.giraffe import categories as cat
from instruments.giraffe import keywords as kw
from phoenix import QcDefinition

_DEFINITIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("ron_master", cat.MASTER_BIAS, kw.QC_OUT1_RON_MASTER, "ADU", "read noise of the master bias"),
    ("ron_raw", cat.MASTER_BIAS, kw.QC_OUT1_RON_RAW, "ADU", "read noise of the raw biases"),
    ("bias_median", cat.MASTER_BIAS, kw.QC_BIAS_MASTER_MEDIAN, "ADU", "median level of the master bias"),
    ("dark_current", cat.MASTER_DARK, kw.QC_DARK_CURRENT, "ADU/h", "dark current"),
    ("fibres_found", cat.FF_LOCCENTROID, kw.QC_NFIBRES, "", "fibres localised on the flat"),
    ("fibre_width", cat.FF_LOCCENTROID, kw.QC_FIBRE_WIDTH_MEAN, "pix", "mean fibre profile sigma"),
    ("centroid_rms", cat.FF_LOCCENTROID, kw.QC_FIBRE_CENTROID_RMS, "pix", "worst trace-fit residual"),
    ("transmission_rms", cat.FF_EXTSPECTRA, kw.QC_FIBRE_TRANS_RMS, "", "scatter of the fibre transmissions"),
    ("wsol_rms", cat.DISPERSION_SOLUTION, kw.QC_WSOL_RMS, "pix", "worst dispersion-solution residual"),
    ("wsol_lines", cat.DISPERSION_SOLUTION, kw.QC_WSOL_NLINES, "", "fewest arc lines in a fibre's solution"),
    ("science_fibres", cat.SCIENCE_RBNSPECTRA, kw.QC_SCI_NFIBRES, "", "science fibres extracted"),
    ("sky_fibres", cat.SCIENCE_RBNSPECTRA, kw.QC_SKY_NFIBRES, "", "sky fibres combined into the sky"),
    (
        "snr_median",
        cat.SCIENCE_RBNSPECTRA,
        kw.QC_SNR_MEDIAN,
        "",
        "median S/N per pixel over the science fibres",
    ),
    ("snr_bright", cat.SCIENCE_RBNSPECTRA, kw.QC_SNR_BRIGHT, "", "S/N per pixel of the brightest fibre"),
    (
        "counts_bright",
        cat.SCIENCE_RBNSPECTRA,
        kw.QC_COUNTS_BRIGHT,
        "e-",
        "total counts of the brightest fibre",
    ),
    ("mag_bright", cat.SCIENCE_RBNSPECTRA, kw.QC_MAG_BRIGHT, "mag", "user magnitude of the brightest fibre"),
    (
        "flux_bright",
        cat.SCIENCE_RBNSPECTRA,
        kw.QC_FLUX_BRIGHT,
        "e-/s/nm",
        "median flux of the brightest fibre",
    ),
    ("mag_faint", cat.SCIENCE_RBNSPECTRA, kw.QC_MAG_FAINT, "mag", "user magnitude of the faintest fibre"),
    ("flux_faint", cat.SCIENCE_RBNSPECTRA, kw.QC_FLUX_FAINT, "e-/s/nm", "median flux of the faintest fibre"),
)

QC_PARAMETERS: tuple[QcDefinition, ...] = tuple(QcDefinition(*row) for row in _DEFINITIONS)
