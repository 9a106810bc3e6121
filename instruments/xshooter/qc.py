"""The QC parameters of XSHOOTER masters and science products, per arm.

Keywords are the ``ESO QC`` cards the plugin's reference recipes write (``keywords``); names
follow xshoo's where one exists (``QC RESOLUTION``, ``QC MBIASRON``). Keyword ``None`` marks a
value the engine computes from the product itself.
"""

from __future__ import annotations

from instruments.xshooter import categories as cat
from instruments.xshooter import keywords as kw
from phoenix import QcDefinition

# (name, product prefix, keyword, unit, description, arms)
_PARAMETERS: tuple[tuple[str, str, str | None, str, str, tuple[str, ...]], ...] = (
    ("bias_level", cat.MASTER_BIAS, kw.QC_BIAS_MEAN, "ADU", "mean level of the master bias", kw.CCD_ARMS),
    ("ron", cat.MASTER_BIAS, kw.QC_BIAS_RON, "e-", "read noise from two raw biases", kw.CCD_ARMS),
    ("dark_rate", cat.MASTER_DARK, kw.QC_DARK_MEAN, "ADU/s", "mean dark rate", (kw.ARM_NIR,)),
    (
        "flat_level",
        cat.MASTER_FLAT_SLIT,
        kw.QC_FLAT_MEAN,
        "e-",
        "median flat level inside the orders",
        kw.ARMS,
    ),
    ("orders", cat.MASTER_FLAT_SLIT, kw.QC_NORD, "", "orders traced", kw.ARMS),
    ("wave_rms", cat.DISP_TAB, kw.QC_WAVE_RMS, "nm", "rms of the wavelength solution", kw.ARMS),
    ("wave_lines", cat.DISP_TAB, kw.QC_WAVE_NLINES, "", "arc lines in the solution", kw.ARMS),
    ("resolution", cat.TILT_TAB_SLIT, kw.QC_RESOLUTION, "", "median lambda/FWHM of the slit arc", kw.ARMS),
    ("response_mean", cat.RESPONSE_MERGE1D_SLIT, kw.QC_RESP_MEAN, "", "mean of the response curve", kw.ARMS),
    ("afc_xshift", cat.DISP_TAB_AFC, kw.QC_AFC_XSHIFT, "pix", "flexure across the dispersion", kw.ARMS),
    ("afc_yshift", cat.DISP_TAB_AFC, kw.QC_AFC_YSHIFT, "pix", "flexure along the dispersion", kw.ARMS),
    ("median_snr", cat.SCI_SLIT_MERGE1D, None, "", "median S/N per bin of the merged spectrum", kw.ARMS),
    ("flux_p05", cat.SCI_SLIT_MERGE1D, None, "", "5th percentile of the flux", kw.ARMS),
    ("flux_p95", cat.SCI_SLIT_MERGE1D, None, "", "95th percentile of the flux", kw.ARMS),
)

QC_PARAMETERS: tuple[QcDefinition, ...] = tuple(
    QcDefinition(name, cat.of_arm(prefix, arm), keyword, unit, description)
    for name, prefix, keyword, unit, description, arms in _PARAMETERS
    for arm in arms
)
