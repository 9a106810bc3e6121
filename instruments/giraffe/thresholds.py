"""How GIRAFFE QC values are scored, and the review policy.

* ``ron_master``: statistical (median ± 5 MAD-sigma of the last 30 certified masters of the
  setup once 10 exist), a soft 0.3-5 ADU default (GIRAFFE's EEV chip reads ~3-4 e- at ~0.6 e-/ADU,
  ~5-6 ADU per raw frame, averaged down in the master), and a hard 20 ADU ceiling.
* ``centroid_rms``: hard 0.5 px; a trace that far off its fit is a wrong localisation.
* ``wsol_rms``: hard 0.3 px, ``wsol_lines``: hard at least 8 lines for a cubic solution.
* ``sky_fibres``: hard at least 1 (no sky subtraction without one).
* ``snr_median``: soft lower 5.
Red products wait for a person (``on_red``).
"""

from __future__ import annotations

from phoenix import QcThreshold, ReviewPolicy, ThresholdKind

THRESHOLDS: tuple[QcThreshold, ...] = (
    QcThreshold("ron_master", kind=ThresholdKind.STATISTICAL, k=5.0, history=30, min_history=10),
    QcThreshold("ron_master", lower=0.3, upper=5.0, hard=False),
    QcThreshold("ron_master", upper=20.0, hard=True),
    QcThreshold("centroid_rms", upper=0.5, hard=True),
    QcThreshold("wsol_rms", upper=0.3, hard=True),
    QcThreshold("wsol_lines", lower=8, hard=True),
    QcThreshold("sky_fibres", lower=1, hard=True),
    QcThreshold("snr_median", lower=5.0, hard=False),
)

REVIEW_POLICY = ReviewPolicy.ON_RED
