"""The validator's rules, one module per concern; each exposes ``check(view) -> list[Problem]``.

:data:`CHECKS` is the order they run in: Table 7 presence and types first, then values and
numbered series, then the binary table against the header, then the checksums.
"""

from __future__ import annotations

from collections.abc import Callable

from phoenix.sdp.checks import integrity, presence, series, table, values
from phoenix.sdp.checks.view import ProductView
from phoenix.sdp.problems import Problem

CHECKS: tuple[Callable[[ProductView], list[Problem]], ...] = (
    presence.check,
    values.check,
    series.check,
    table.check,
    integrity.check,
)

__all__ = ["CHECKS", "ProductView"]
