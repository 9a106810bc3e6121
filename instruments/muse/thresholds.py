"""How MUSE QC values are scored, and the review policy.

* ``ron_master``: soft 1-5 ADU (MUSE CCDs read ~2-3 e- at ~1.1 e-/ADU), hard ceiling 10 ADU;
  statistical (median ± 5 MAD-sigma of the last 30 certified values) once 10 exist.
* ``slice_width_median``: hard 72.2-82.2 px, the range muse_flat itself accepts (NOTES.md §4.3).
* ``combine_fwhm_x/y``: soft upper 2 arcsec: a cube worse than that is rarely science-grade in WFM.

Red products wait for a person (``on_red``).
"""

from __future__ import annotations

from phoenix import QcThreshold, ReviewPolicy, ThresholdKind

THRESHOLDS: tuple[QcThreshold, ...] = (
    QcThreshold("ron_master", kind=ThresholdKind.STATISTICAL, k=5.0, history=30, min_history=10),
    QcThreshold("ron_master", lower=1.0, upper=5.0, hard=False),
    QcThreshold("ron_master", upper=10.0, hard=True),
    QcThreshold("slice_width_median", lower=72.2, upper=82.2, hard=True),
    QcThreshold("combine_fwhm_x", upper=2.0, hard=False),
    QcThreshold("combine_fwhm_y", upper=2.0, hard=False),
)

REVIEW_POLICY = ReviewPolicy.ON_RED
