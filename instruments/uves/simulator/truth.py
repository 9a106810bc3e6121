"""The injected truth: what every science frame contains, and each source's true spectrum.

``truth/truth.json`` describes, per science raw file, the source, OB, arm and exposure time, the
injected absorption lines (air wavelength [nm], depth, sigma [nm]), the continuum model, the
instrumental profile and the dispersion-fit RMS of the format the frame was drawn with; per
source also the nominal exposure time and, when the night was too short for it, how much
brighter the source was made so that the shortened exposure still reaches its peak S/N; and the
night's instrument mode (dichroic or single arm).
``truth/truth_<source>.fits`` holds each source's spectrum on a fine air-wavelength grid:
WAVE [nm], FLUX (continuum x lines, 1 at the continuum's reference wavelength), CONTINUUM, and
NORM_FLUX = FLUX / CONTINUUM.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import fits

from instruments.uves import keywords as kw
from instruments.uves.simulator.echelle import EchelleFormat
from instruments.uves.simulator.exposures import NightPlan, ObservingBlock
from instruments.uves.simulator.fitsio import card, write_hdul_atomic, write_text_atomic
from instruments.uves.simulator.frames import FrameKind
from instruments.uves.simulator.options import SimulationOptions
from instruments.uves.simulator.plan import seeing_sigma_px
from instruments.uves.simulator.render import LSF_SIGMA_PX
from instruments.uves.simulator.scenes import column_electrons
from instruments.uves.simulator.setups import ArmSetup
from instruments.uves.simulator.spectrum import REFERENCE_NM

TRUTH_DIR = "truth"
TRUTH_JSON = "truth.json"
GRID_STEP_NM = 0.001
GRID_MARGIN_NM = 1.0
CONVENTIONS = {
    "wavelength": "air, nm (the scale of the LINE_REFER_TABLE)",
    "flux": f"relative: continuum = 1 at {REFERENCE_NM} nm",
    "gain": "DET OUT1 CONAD [e-/ADU] converts ADU to electrons; DET OUT1 GAIN = 1/CONAD [ADU/e-]",
    "read_noise": "DET OUT1 RON [e-]; in ADU: RON / CONAD",
    "instrumental_profile": "Gaussian along the dispersion, sigma = lsf_sigma_px pixels",
    "peak_snr": "S/N per pixel of the continuum at the blaze peak of the arm's central order",
    "brightness": (
        "exposures shortened to fit the night (exptime_s < nominal_exptime_s) reach the same peak_snr:"
        " the source is brighter by brightness_factor = nominal_exptime_s / exptime_s;"
        " column_electrons_per_s is the resulting rate at the blaze peak where the relative flux is 1"
    ),
}


def truth_table_name(source: str) -> str:
    """File name of a source's truth spectrum."""
    return f"truth_{source}.fits"


def write_truth_spectrum(ob: ObservingBlock, coverage_nm: tuple[float, float], directory: Path) -> Path:
    """The source's true spectrum on a fine grid, as a FITS table."""
    lo, hi = coverage_nm[0] - GRID_MARGIN_NM, coverage_nm[1] + GRID_MARGIN_NM
    wave = np.round(np.arange(lo, hi, GRID_STEP_NM), 6)
    continuum = ob.star.continuum(wave)
    flux = continuum * ob.star.transmission(wave)
    header = fits.Header([card(kw.OBJECT, ob.target, "source of this spectrum")])
    table = fits.BinTableHDU.from_columns(
        [
            fits.Column(name="WAVE", format="D", unit="nm", array=wave),
            fits.Column(name="FLUX", format="E", array=flux),
            fits.Column(name="CONTINUUM", format="E", array=continuum),
            fits.Column(name="NORM_FLUX", format="E", array=flux / continuum),
        ],
        header=header,
    )
    table.name = "TRUTH"
    return write_hdul_atomic(
        fits.HDUList([fits.PrimaryHDU(), table]), directory / truth_table_name(ob.target)
    )


def truth_document(
    plan: NightPlan,
    options: SimulationOptions,
    setups: Mapping[str, ArmSetup],
    formats: Mapping[str, Mapping[str, EchelleFormat]],
    coverage_nm: tuple[float, float],
    static_files: Mapping[str, str],
) -> dict[str, Any]:
    """The JSON-able truth of the night."""
    fits_summary = {
        arm: {chip: f.fit_summary() for chip, f in chips.items()} for arm, chips in formats.items()
    }
    sources = {}
    for ob in plan.obs:
        sources[ob.target] = {
            "object": ob.target,
            "ra_deg": ob.ra,
            "dec_deg": ob.dec,
            "ob_id": ob.obs_id,
            "ob_name": ob.name,
            "prog_id": ob.prog_id,
            "continuum": ob.star.continuum_parameters(),
            "peak_snr": ob.star.peak_snr,
            "exptime_s": ob.exptime,
            "nominal_exptime_s": ob.nominal_exptime,
            "brightness_factor": ob.brightness_factor,
            "lines": [line.as_dict() for line in ob.star.lines],
            "truth_table": truth_table_name(ob.target),
        }
    science, calibrations, faults = {}, {}, {}
    for exp in plan.exposures:
        if exp.fault:
            faults[exp.arcfile] = {"fault": exp.fault, "kind": exp.kind.name, "arm": exp.arm}
        elif exp.kind is FrameKind.SCIENCE and exp.ob is not None:
            arm = setups[exp.arm]
            electrons = column_electrons(exp.ob.star, arm)
            science[exp.arcfile] = {
                "source": exp.ob.target,
                "object": exp.object,
                "ob_id": exp.obs_id,
                "ob_name": exp.obs_name,
                "arm": exp.arm,
                "chips": [c.name for c in arm.chips],
                "exptime_s": exp.exptime,
                "nominal_exptime_s": exp.ob.nominal_exptime,
                "brightness_factor": exp.ob.brightness_factor,
                "ins_mode": exp.ins_mode,
                "mjd_obs": exp.mjd,
                "seeing_arcsec": exp.ob.seeing,
                "spatial_sigma_px": seeing_sigma_px(exp.ob.seeing, arm.pixscale),
                "lsf_sigma_px": LSF_SIGMA_PX,
                "peak_snr": exp.ob.star.peak_snr,
                "column_electrons": electrons,
                "column_electrons_per_s": electrons / exp.exptime,
                "continuum": exp.ob.star.continuum_parameters(),
                "lines": [line.as_dict() for line in exp.ob.star.lines],
                "dispersion_fit_rms": {
                    chip: {
                        "angstrom": summary["dispersion_rms_angstrom"],
                        "px": summary["dispersion_rms_px"],
                    }
                    for chip, summary in fits_summary[exp.arm].items()
                },
                "truth_table": truth_table_name(exp.ob.target),
            }
        else:
            calibrations[exp.arcfile] = {"kind": exp.kind.name, "arm": exp.arm, "exptime_s": exp.exptime}
    return {
        "instrument": "UVES",
        "night": plan.night,
        "options": options.as_dict(),
        "instrument_mode": {
            "ins_mode": plan.mode.ins_mode or " ".join(setups[arm].mode for arm in options.arms),
            "arms_simultaneous": plan.mode.simultaneous,
            "shortened_obs": sum(ob.exptime < ob.nominal_exptime for ob in plan.obs),
        },
        "conventions": CONVENTIONS,
        "coverage_nm": list(coverage_nm),
        "static_files": {category: Path(path).name for category, path in static_files.items()},
        "format_fits": fits_summary,
        "sources": sources,
        "science_frames": science,
        "calibration_frames": calibrations,
        "faults": faults,
    }


def write_truth_json(document: dict[str, Any], directory: Path) -> Path:
    """Write ``truth.json`` deterministically (sorted keys)."""
    return write_text_atomic(json.dumps(document, indent=1, sort_keys=True) + "\n", directory / TRUTH_JSON)
