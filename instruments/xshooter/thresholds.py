"""How XSHOOTER QC values are scored, and the review policy.

* ``ron``: CCD read noise, hard 1-8 e- (the real UVB/VIS CCDs read 2.4-3.1 e-, the reference
  headers); ``dark_rate``: hard ceiling 1 ADU/s on the NIR array.
* ``wave_rms``: hard ceilings per arm of 0.2 of a simulated pixel (0.03, 0.05, 0.12 nm on UVB,
  VIS, NIR; the simulated chains reach 0.005, 0.008, 0.02 nm), ``wave_lines`` at least 30.
* ``afc_xshift``/``afc_yshift``: hard +-3 pixels; the real flexure is below ~1.5 pixels and a
  larger shift means a wrong AFC frame.
* ``median_snr``: soft lower limit 5.

Red products wait for a person (``on_red``).
"""

from __future__ import annotations

from instruments.xshooter import keywords as kw
from phoenix import QcThreshold, ReviewPolicy

_WAVE_RMS_NM = {kw.ARM_UVB: 0.03, kw.ARM_VIS: 0.05, kw.ARM_NIR: 0.12}

THRESHOLDS: tuple[QcThreshold, ...] = (
    QcThreshold("ron", lower=1.0, upper=8.0, hard=True),
    QcThreshold("dark_rate", upper=1.0, hard=True),
    *(
        QcThreshold("wave_rms", upper=v, hard=True, setup={kw.SEQ_ARM: arm})
        for arm, v in _WAVE_RMS_NM.items()
    ),
    QcThreshold("wave_lines", lower=30, hard=True),
    QcThreshold("afc_xshift", lower=-3.0, upper=3.0, hard=True),
    QcThreshold("afc_yshift", lower=-3.0, upper=3.0, hard=True),
    QcThreshold("median_snr", lower=5.0, hard=False),
)

REVIEW_POLICY = ReviewPolicy.ON_RED
