"""The night log: one row per science OB with the observer's grade (A/B/C) and comment."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from instruments.uves.simulator.exposures import ObservingBlock
from instruments.uves.simulator.fitsio import write_text_atomic

NIGHTLOG_NAME = "nightlog.csv"
COLUMNS = ("ob_id", "ob_name", "grade", "comment")


def write_night_log(obs: Iterable[ObservingBlock], directory: Path) -> Path:
    """Write ``nightlog.csv`` with the header ``ob_id,ob_name,grade,comment``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for ob in obs:
        writer.writerow((ob.obs_id, ob.name, ob.grade, ob.comment))
    return write_text_atomic(buffer.getvalue(), directory / NIGHTLOG_NAME)
