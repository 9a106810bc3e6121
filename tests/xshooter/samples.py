"""Raw XSHOOTER headers with their expected category, for the classification tests.

The arms, slit keywords, read-out clock and NIR read mode are the values of the real products in
``shared/reference/product_headers/xshooter`` (their facts: tests/fixtures/xshooter_product_facts.json);
the DPR triplets are those of ESO's XSHOOTER templates.
"""

from __future__ import annotations

from typing import Any

from phoenix.testing import SampleHeader

BASE: dict[str, Any] = {
    "INSTRUME": "XSHOOTER",
    "ESO INS OPTI3 NAME": "1.0x11",
    "ESO INS OPTI4 NAME": "0.9x11",
    "ESO INS OPTI5 NAME": "0.9x11",
    "MJD-OBS": 61110.0,
    "EXPTIME": 10.0,
}
CCD = {"ESO DET READ CLOCK": "100k/1pt/hg", "ESO DET WIN1 BINX": 1, "ESO DET WIN1 BINY": 1}
NIR = {"ESO DET NCORRS NAME": "NonDest", "ESO DET DIT": 10.0}

# (DPR CATG, TYPE, TECH, arm, expected category)
CASES: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("CALIB", "BIAS", "IMAGE", "UVB", "BIAS_UVB"),
    ("CALIB", "BIAS", "IMAGE", "VIS", "BIAS_VIS"),
    ("CALIB", "DARK", "IMAGE", "NIR", "DARK_NIR"),
    ("CALIB", "LAMP,FLAT", "ECHELLE,SLIT", "VIS", "FLAT_SLIT_VIS"),
    ("CALIB", "LAMP,FLAT", "ECHELLE,SLIT", "NIR", "FLAT_SLIT_NIR"),
    ("CALIB", "LAMP,DFLAT", "ECHELLE,SLIT", "UVB", "FLAT_D2_SLIT_UVB"),
    ("CALIB", "LAMP,QFLAT", "ECHELLE,SLIT", "UVB", "FLAT_QTH_SLIT_UVB"),
    ("CALIB", "LAMP,FMTCHK", "ECHELLE,PINHOLE", "NIR", "FMTCHK_NIR"),
    ("CALIB", "LAMP,ORDERDEF", "ECHELLE,PINHOLE", "VIS", "ORDERDEF_VIS"),
    ("CALIB", "LAMP,DORDERDEF", "ECHELLE,PINHOLE", "UVB", "ORDERDEF_D2_UVB"),
    ("CALIB", "LAMP,QORDERDEF", "ECHELLE,PINHOLE", "UVB", "ORDERDEF_QTH_UVB"),
    ("CALIB", "LAMP,WAVE", "ECHELLE,MULTI-PINHOLE", "UVB", "WAVE_UVB"),
    ("CALIB", "LAMP,WAVE", "ECHELLE,SLIT", "NIR", "ARC_SLIT_NIR"),
    ("CALIB", "LAMP,AFC", "ECHELLE,PINHOLE", "VIS", "AFC_ATT_VIS"),
    ("CALIB", "STD,FLUX", "ECHELLE,SLIT,STARE", "NIR", "STD_FLUX_SLIT_STARE_NIR"),
    ("CALIB", "STD,FLUX", "ECHELLE,SLIT,OFFSET", "UVB", "STD_FLUX_SLIT_OFFSET_UVB"),
    ("CALIB", "STD,TELLURIC", "ECHELLE,SLIT,NODDING", "VIS", "STD_TELL_SLIT_NOD_VIS"),
    ("SCIENCE", "OBJECT", "ECHELLE,SLIT,NODDING", "UVB", "OBJECT_SLIT_NOD_UVB"),
    ("SCIENCE", "OBJECT", "ECHELLE,SLIT,STARE", "VIS", "OBJECT_SLIT_STARE_VIS"),
    ("SCIENCE", "OBJECT", "ECHELLE,SLIT,OFFSET", "NIR", "OBJECT_SLIT_OFFSET_NIR"),
    ("SCIENCE", "SKY", "ECHELLE,SLIT,OFFSET", "UVB", "SKY_SLIT_UVB"),
    ("SCIENCE", "OBJECT", "ECHELLE,IFU,NODDING", "VIS", "IFU_FRAME"),
    ("ACQUISITION", "OBJECT", "IMAGE", "VIS", "ACQUISITION"),
    # a bias on NIR does not exist (the Hawaii-2RG has none); D2 flats exist on UVB only
    ("CALIB", "BIAS", "IMAGE", "NIR", None),
    ("CALIB", "LAMP,DFLAT", "ECHELLE,SLIT", "VIS", None),
)


def header(catg: str, dpr_type: str, tech: str, arm: str) -> dict[str, Any]:
    detector = NIR if arm == "NIR" else CCD
    return {
        **BASE,
        **detector,
        "ESO DPR CATG": catg,
        "ESO DPR TYPE": dpr_type,
        "ESO DPR TECH": tech,
        "ESO SEQ ARM": arm,
        "ARCFILE": f"XSHOO.sample.{arm}.{dpr_type}.fits",
    }


def xshooter_samples() -> tuple[SampleHeader, ...]:
    """Every case above (unclassifiable ones expect ``None``), and a frame without SEQ ARM."""
    cases = tuple(
        SampleHeader(f"{catg} {dpr_type} {tech} {arm}", category, header(catg, dpr_type, tech, arm))
        for catg, dpr_type, tech, arm, category in CASES
    )
    no_arm = {
        k: v
        for k, v in header("SCIENCE", "OBJECT", "ECHELLE,SLIT,STARE", "VIS").items()
        if k != "ESO SEQ ARM"
    }
    return (*cases, SampleHeader("science frame without SEQ ARM", None, no_arm))
