"""What one XSHOOTER recipe run needs of the machine (the ``phoenix_estimate_resources`` hook).

The xshoo recipes hold a few float images per raw input at once: memory grows with the number of
frames. Per frame: a real UVB/VIS frame is ~2k x 3-4k pixels (<= 50 MB as float32 plus variance
and quality planes), a NIR frame 2k x 1.1k; the estimate is 150 MB per raw frame plus 300 MB of
tables and masters, one thread (the reference recipes and xshoo run single-threaded).
"""

from __future__ import annotations

from collections.abc import Mapping

from phoenix import JobResources, RecipeStep

PER_FRAME_MB = 150.0
BASE_MB = 300.0


def estimate(step: RecipeStep, inputs: Mapping[str, int]) -> JobResources:
    del step  # every xshoo recipe scales the same way here
    return JobResources(BASE_MB + PER_FRAME_MB * sum(inputs.values()), 1)
