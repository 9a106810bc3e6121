"""CHECKSUM and DATASUM: present on every HDU and matching the bytes on disk."""

from __future__ import annotations

from phoenix.sdp import keywords as kw
from phoenix.sdp.checks.view import ProductView
from phoenix.sdp.problems import Problem

_VALID, _INVALID = 1, 0


def check(view: ProductView) -> list[Problem]:
    """One problem per HDU whose CHECKSUM or DATASUM is absent or does not verify."""
    problems = []
    for hdu, sums in enumerate(view.sums):
        for key, result in ((kw.CHECKSUM, sums.checksum), (kw.DATASUM, sums.datasum)):
            if result == _INVALID:
                problems.append(
                    Problem(key, "does not match the HDU's content (file altered after writing)", hdu)
                )
            elif result != _VALID and hdu > 0:  # the primary's are Table 7 rows: see .presence
                problems.append(Problem(key, "missing; every HDU needs it (Table 7: mandatory)", hdu))
    return problems
