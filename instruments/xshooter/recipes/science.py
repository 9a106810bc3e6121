"""xsh_scired_slit_stare, _nod and _offset: one merged, flux-calibrated spectrum per arm and template.

The raw frames are reduced with the OB's flexure-corrected tables (xsh_flexcomp); the merged
spectrum is SCI_SLIT_MERGE1D_<arm> [e-/s/nm, flat-relative]; with a RESPONSE_MERGE1D_SLIT_<arm>
in the SOF it is also divided by the response into SCI_SLIT_FLUX_MERGE1D_<arm>
[erg/s/cm2/Angstrom]. Telluric absorption is not corrected (PRO TELLURIC CORR = F and a COMMENT
say so). The header gets what the combined exposures add up to: TEXPTIME (the sum), EXPTIME (one
position of a nod pair counts once, as in xshoo's products), MJD-END and PRO DATANCOM.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import fits

from instruments.xshooter import categories as cat
from instruments.xshooter import keywords as kw
from instruments.xshooter.recipes import frames
from instruments.xshooter.recipes.reduce import Reduced, reduce, write_spectrum
from phoenix import SofEntry

FLUX_UNIT = "erg/s/cm2/Angstrom"
COUNTS_UNIT = "e-/s/nm"
TELLURIC_CORR = kw.PRO_TELLURIC_CORR
TELLURIC_NOTE = "Telluric absorption is not corrected (PHOENIX leaves it in)"
_TECH = {cat.STARE: "ECHELLE,SLIT,STARE", cat.NOD: "ECHELLE,SLIT,NODDING", cat.OFFSET: "ECHELLE,SLIT,OFFSET"}


def _scired(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any], technique: str) -> None:
    recipe = f"xsh_scired_slit_{technique.lower()}"
    arm = frames.arm_of(sof, recipe)
    trigger = cat.of_technique(cat.OBJECT_SLIT, technique, arm)
    red = reduce(
        sof, arm, technique, trigger, recipe, afc=True, step=float(parameters.get("rectify-bin-lambda", -1.0))
    )
    header = _header(red, technique, recipe, parameters)
    err = np.sqrt(red.var)
    snr = float(np.nanmedian(red.flux / err))
    header[f"HIERARCH {kw.QC_SNR}"] = snr
    category = cat.of_arm(cat.SCI_SLIT_MERGE1D, arm)
    header[f"HIERARCH {kw.PRO_CATG}"] = category
    write_spectrum(workdir / f"{category}.fits", header, red.lam, red.flux, err, COUNTS_UNIT)
    response_path = frames.optional(sof, cat.of_arm(cat.RESPONSE_MERGE1D_SLIT, arm))
    if response_path is None:
        return
    with fits.open(response_path) as hdul:
        h = hdul[0].header
        lam = h[kw.CRVAL1] + h[kw.CDELT1] * (np.arange(hdul[0].data.size) + 1.0 - h[kw.CRPIX1])
        response = np.interp(red.lam, lam, np.asarray(hdul[0].data, dtype=float), left=np.nan, right=np.nan)
    category = cat.of_arm(cat.SCI_SLIT_FLUX_MERGE1D, arm)
    header[f"HIERARCH {kw.PRO_CATG}"] = category
    header["COMMENT"] = f"Flux calibrated with {Path(response_path).name}"
    write_spectrum(
        workdir / f"{category}.fits", header, red.lam, red.flux / response, err / response, FLUX_UNIT
    )


def _header(red: Reduced, technique: str, recipe: str, parameters: dict[str, Any]) -> fits.Header:
    header = frames.product_header("", recipe, red.header, parameters, {})
    total = float(sum(red.seconds))
    header[kw.TEXPTIME] = (total, "[s] Total integration time of all exposures")
    header[kw.EXPTIME] = (total / 2 if technique == cat.NOD else total, "[s] Effective integration time")
    header[kw.MJD_END] = (red.mjd_end, "End of observations (days)")
    header[f"HIERARCH {kw.PRO_DATANCOM}"] = len(red.raws)
    header[f"HIERARCH {kw.PRO_TECH}"] = _TECH[technique]
    header[f"HIERARCH {TELLURIC_CORR}"] = (False, "telluric absorption corrected")
    header["COMMENT"] = TELLURIC_NOTE
    for i, raw in enumerate(red.raws, 1):
        header[f"HIERARCH {kw.pro_rec1_raw_name(i)}"] = Path(raw).name
    return header


def xsh_scired_slit_stare(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """STARE: each exposure sky-subtracted along the slit and extracted; exposures combined."""
    _scired(sof, workdir, parameters, cat.STARE)


def xsh_scired_slit_nod(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """NOD: A - B pairs, both traces extracted and averaged."""
    _scired(sof, workdir, parameters, cat.NOD)


def xsh_scired_slit_offset(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """OFFSET: each object exposure minus its template's sky exposure."""
    _scired(sof, workdir, parameters, cat.OFFSET)
