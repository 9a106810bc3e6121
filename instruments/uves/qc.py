"""The QC parameters of UVES masters and science products.

Keywords are the ``ESO QC`` cards cpl-plugin-uves 6.1.8 writes (NOTES.md §4.1; names and units
checked on the products of the synthetic red and blue chains). uves_cal_mbias reports port OUT1
on BLUE and REDU and port OUT4 on REDL. Keyword ``None`` marks a value the engine computes from
the product itself.
"""

from __future__ import annotations

from instruments.uves import categories as cat
from instruments.uves import keywords as kw
from phoenix import QcDefinition

# bias QC keywords per chip: (RON MASTER, RON RAW, STRUCTX, STRUCTY)
_BIAS_PORT = {
    kw.CHIP_BLUE: (kw.QC_OUT1_RON_MASTER, kw.QC_OUT1_RON_RAW, kw.QC_OUT1_STRUCTX, kw.QC_OUT1_STRUCTY),
    kw.CHIP_REDU: (kw.QC_OUT1_RON_MASTER, kw.QC_OUT1_RON_RAW, kw.QC_OUT1_STRUCTX, kw.QC_OUT1_STRUCTY),
    kw.CHIP_REDL: (kw.QC_OUT4_RON_MASTER, kw.QC_OUT4_RON_RAW, kw.QC_OUT4_STRUCTX, kw.QC_OUT4_STRUCTY),
}

# (name, product prefix, keyword, unit, description) for parameters whose keyword is the same on every chip
_PER_PRODUCT: tuple[tuple[str, str, str | None, str, str], ...] = (
    (
        "model_diffx_rms",
        cat.LINE_GUESS_TAB,
        kw.QC_MODEL_DIFFXRMS,
        "pix",
        "rms of X offsets to the physical model",
    ),
    (
        "model_diffy_rms",
        cat.LINE_GUESS_TAB,
        kw.QC_MODEL_DIFFYRMS,
        "pix",
        "rms of Y offsets to the physical model",
    ),
    ("model_lines", cat.LINE_GUESS_TAB, kw.QC_MODEL_NLINSEL, "", "lines matched to the physical model"),
    ("order_resid_rms", cat.ORDER_TABLE, kw.QC_ORD_RESIDRMS, "pix", "rms residual of the order-position fit"),
    ("orders_detected", cat.ORDER_TABLE, kw.QC_ORD_NDET, "", "orders detected"),
    ("orders_predicted", cat.ORDER_TABLE, kw.QC_ORD_NPRED, "", "orders predicted"),
    ("line_resid_rms", cat.LINE_TABLE, kw.QC_LINE_RESIDRMS_WLU, "Angstrom", "rms of the dispersion solution"),
    ("line_resid_rms_pix", cat.LINE_TABLE, kw.QC_LINE_RESIDRMS_PIX, "pix", "rms of the dispersion solution"),
    ("lines_in_solution", cat.LINE_TABLE, kw.QC_NLINSOL, "", "arc lines used in the final solution"),
    ("resolving_power", cat.LINE_TABLE, kw.QC_RESOLAVG, "", "mean resolving power of the arc lines"),
    ("line_fwhm", cat.LINE_TABLE, kw.QC_FWHMAVG, "pix", "mean FWHM of the arc lines"),
    ("orders_extracted", cat.RED_SCIENCE, kw.QC_EX_NORD, "", "orders extracted"),
    ("order1_snr", cat.RED_SCIENCE, kw.QC_ORD1_OBJ_SN, "", "S/N of the object in the first extracted order"),
    ("barycentric_rv", cat.RED_SCIENCE, kw.QC_VRAD_BARYCOR, "km/s", "barycentric correction (not applied)"),
    ("median_snr", cat.RED_SCIENCE, None, "", "median S/N per pixel of the extracted spectrum"),
    ("flux_p05", cat.RED_SCIENCE, None, "ADU", "5th percentile of the extracted flux"),
    ("flux_p95", cat.RED_SCIENCE, None, "ADU", "95th percentile of the extracted flux"),
)

# measured by the engine on the raw science frames of each arm
_PER_RAW: tuple[tuple[str, str, str, str], ...] = (
    ("saturated_fraction", cat.SCIENCE, "", "fraction of raw pixels at the 16-bit ceiling (65535 ADU)"),
)

_BIAS = (
    ("ron_master", "ADU", "read noise of the master bias"),
    ("ron_raw", "ADU", "read noise of the raw biases"),
    ("structure_x", "ADU", "large-scale structure along X"),
    ("structure_y", "ADU", "large-scale structure along Y"),
)

QC_PARAMETERS: tuple[QcDefinition, ...] = (
    *(
        QcDefinition(name, cat.of_chip(cat.MASTER_BIAS, chip), keyword, unit, description)
        for chip, keywords in _BIAS_PORT.items()
        for (name, unit, description), keyword in zip(_BIAS, keywords, strict=True)
    ),
    *(
        QcDefinition(name, product, keyword, unit, description)
        for name, prefix, keyword, unit, description in _PER_PRODUCT
        for arm in kw.CHIPS_OF_ARM
        for product in cat.of_chips(prefix, arm)
    ),
    *(
        QcDefinition(name, cat.of_arm(prefix, arm), None, unit, description)
        for name, prefix, unit, description in _PER_RAW
        for arm in kw.CHIPS_OF_ARM
    ),
)
