"""Memory estimates of the GIRAFFE recipe steps, for the engine's scheduler.

A full Medusa frame is 2148 x 4096 pixels (35 MB as float32). Peak RSS measured on this machine
with ``/usr/bin/time`` on full-size frames (130 fibres, bench/RESULTS.md, GIRAFFE section):

    step                       inputs          peak RSS (MB)
    gimasterbias               3 BIAS          288
    gimasterdark               3 DARK + MB     356
    master_bias (reference)    3 BIAS          351
    flat / wave / science      1 raw frame     345 each (120 fibres extracted)

The esorex recipes and the reference master bias hold every input frame (~46 MB each above a
base); the Python flat, wave and science steps hold one frame and its calibrated copies, so they
do not grow with the inputs. Each estimate keeps a 30 % margin above the measured peak.
"""

from __future__ import annotations

from collections.abc import Mapping

from instruments.giraffe import categories as cat
from phoenix import JobResources, RecipeStep

MARGIN = 1.3
FRAME_MB = 46.0  # what one more input frame adds to gimasterbias/gimasterdark (measured)
# step -> (base MB, MB per raw input frame)
MODELS: Mapping[str, tuple[float, float]] = {
    "mbias": (215.0, FRAME_MB),
    "mdark": (220.0, FRAME_MB),
    "flat": (350.0, 0.0),
    "wave": (350.0, 0.0),
    "science": (350.0, 0.0),
}
_RAW_TAGS = (cat.BIAS, cat.DARK, cat.FIBER_FLAT, cat.ARC_SPECTRUM, cat.SCIENCE)


def estimate(step: RecipeStep, inputs: Mapping[str, int]) -> JobResources:
    """Peak memory of one run of ``step`` with ``inputs`` (SOF tag -> number of files)."""
    base, per_frame = MODELS.get(step.name, (500.0, FRAME_MB))
    frames = max(1, sum(inputs.get(tag, 0) for tag in _RAW_TAGS))
    return JobResources(memory_mb=MARGIN * (base + per_frame * frames), threads=1)
