"""How UVES QC values are scored, and the review policy.

* ``saturated_fraction``: hard upper limit 1e-4. Cosmic rays alone saturate ~1e-5 of a
  simulated science frame's pixels (measured on the demo night: 4e-6 to 1.4e-5); a saturated
  object puts thousands of pixels at the ceiling, and its extracted flux is wrong there.
* ``ron_master``: statistical, median ± 5 MAD-sigma of the last 30 certified master biases of
  the same setup once 10 exist; until then a soft 0.5-6 ADU default (UVES CCDs read 2-4 e- at
  ~0.5-0.7 ADU/e-); a hard ceiling of 20 ADU catches a broken read-out at any time.
* the dispersion solution: hard limits on its residual (0.3 px) and on the lines kept (100); the
  synthetic chain reaches 0.006 px with ~700 lines, real UVES solutions ~0.05-0.1 px.
* the order trace: hard upper limit 0.5 px on the order-position residual.
* ``median_snr``: a soft lower limit of 5, below which a spectrum is hardly science-grade.

Red products wait for a person (``on_red``).
"""

from __future__ import annotations

from phoenix import QcThreshold, ReviewPolicy, ThresholdKind

THRESHOLDS: tuple[QcThreshold, ...] = (
    QcThreshold("saturated_fraction", upper=1e-4, hard=True),
    QcThreshold("ron_master", kind=ThresholdKind.STATISTICAL, k=5.0, history=30, min_history=10),
    QcThreshold("ron_master", lower=0.5, upper=6.0, hard=False),
    QcThreshold("ron_master", upper=20.0, hard=True),
    QcThreshold("line_resid_rms_pix", upper=0.3, hard=True),
    QcThreshold("lines_in_solution", lower=100, hard=True),
    QcThreshold("order_resid_rms", upper=0.5, hard=True),
    QcThreshold("median_snr", lower=5.0, hard=False),
)

REVIEW_POLICY = ReviewPolicy.ON_RED
