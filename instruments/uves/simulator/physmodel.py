"""Ask the pipeline's physical model where orders and arc lines fall (uves_cal_predict).

uves_cal_predict succeeds on an *empty* format-check frame with a synthetic LINE_REFER_TABLE: it
writes, per chip, LINE_GUESS_TAB (X, YNEW, Order, WAVEC of every catalogue line the model puts on
the detector). The simulator draws its frames exactly there, so the real recipe chain finds what
it expects. The prediction depends only on the setup and the line list, so it is cached per setup
(as JSON, under the destination's temporary area) and the recipe runs once per setup.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from astropy.io import fits

from instruments.uves.simulator.echelle import EchelleFormat, PredictedLines
from instruments.uves.simulator.fitsio import write_text_atomic
from instruments.uves.simulator.linecat import LINE_REFER_TABLE, catalogue_digest
from instruments.uves.simulator.setups import ArmSetup
from phoenix import SofEntry, run_esorex

PREDICT_RECIPE = "uves_cal_predict"
PREDICT_TIMEOUT_S = 600.0
FORMAT_CHECK_TAG = "ARC_LAMP_FORM_{arm}"
LINE_GUESS_CATEGORY = "LINE_GUESS_TAB_{chip}"
# LINE_GUESS_TAB columns (extension 1)
COL_X, COL_Y, COL_ORDER, COL_WAVE = "X", "YNEW", "Order", "WAVEC"

EmptyFrameWriter = Callable[[ArmSetup, Path], Path]


def setup_key(arm: ArmSetup) -> str:
    """Cache key of a setup's prediction: the setup values and the line list."""
    text = repr(arm) + catalogue_digest()
    return f"{arm.arm.lower()}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def predicted_formats(
    arm: ArmSetup, line_table: Path, cache_root: Path, write_empty_frame: EmptyFrameWriter
) -> dict[str, EchelleFormat]:
    """The echelle format of every chip of ``arm``, from the cache or a fresh uves_cal_predict run."""
    cache = cache_root / setup_key(arm)
    files = {chip.name: cache / f"prediction_{chip.name.lower()}.json" for chip in arm.chips}
    if not all(f.exists() for f in files.values()):
        predictions = run_prediction(arm, line_table, cache_root, write_empty_frame)
        cache.mkdir(parents=True, exist_ok=True)
        for chip, lines in predictions.items():
            write_text_atomic(json.dumps(lines.as_dict()), files[chip])
    formats = {}
    for chip in arm.chips:
        lines = PredictedLines.from_dict(chip.name, json.loads(files[chip.name].read_text()))
        rows, columns = chip.rotated_shape
        formats[chip.name] = EchelleFormat.from_prediction(lines, rows, columns)
    return formats


def run_prediction(
    arm: ArmSetup, line_table: Path, work_root: Path, write_empty_frame: EmptyFrameWriter
) -> dict[str, PredictedLines]:
    """Run uves_cal_predict on an empty format-check frame and read LINE_GUESS_TAB per chip."""
    work_root.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f"predict-{arm.arm.lower()}-", dir=work_root))
    try:
        frame = write_empty_frame(arm, workdir / "empty_fmtchk.fits")
        sof = [
            SofEntry(str(frame), FORMAT_CHECK_TAG.format(arm=arm.arm)),
            SofEntry(str(line_table), LINE_REFER_TABLE),
        ]
        run = run_esorex(PREDICT_RECIPE, sof, workdir / "run", timeout_s=PREDICT_TIMEOUT_S)
        products = run.by_category()
        return {
            chip.name: read_line_guess_table(
                chip.name, Path(products[LINE_GUESS_CATEGORY.format(chip=chip.name)][0])
            )
            for chip in arm.chips
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def read_line_guess_table(chip: str, path: Path) -> PredictedLines:
    """The finite rows of a LINE_GUESS_TAB product."""
    with fits.open(path, memmap=False) as hdul:
        table = hdul[1].data
        x, y = np.asarray(table[COL_X], float), np.asarray(table[COL_Y], float)
        order, wave = np.asarray(table[COL_ORDER], int), np.asarray(table[COL_WAVE], float)
    ok = np.isfinite(x) & np.isfinite(y) & np.isfinite(wave)
    return PredictedLines(chip, x[ok], y[ok], order[ok], wave[ok])
