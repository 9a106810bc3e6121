"""Table 7, generically: mandatory keywords present where they belong, of the right type; forbidden absent.

Conditional rows (``Mapp``/``Mextapp``) are evaluated by :mod:`.values` and :mod:`.table`;
here they, like optional rows, are only type-checked when present.
"""

from __future__ import annotations

from collections.abc import Iterator

from astropy.io import fits

from phoenix.sdp import keywords as kw
from phoenix.sdp.checks.view import ProductView, type_ok
from phoenix.sdp.problems import EXTENSION, PRIMARY, Problem
from phoenix.sdp.standard import SPECTRUM_RULES, KeywordRule


def check(view: ProductView) -> list[Problem]:
    """Presence, absence and value types of every Table 7 row for ``SCIENCE.SPECTRUM``."""
    problems: list[Problem] = []
    for rule in SPECTRUM_RULES:
        if rule.forbidden:
            problems += _forbidden(view, rule)
            continue
        if rule.in_primary:
            problems += _mandatory(view.primary, rule, PRIMARY)
        if rule.in_extension and view.extension is not None:
            if rule.per_column:
                problems += _per_column(view.extension, rule)
            else:
                problems += _mandatory(view.extension, rule, EXTENSION)
        problems += _types(view, rule)
    return problems


def _members(header: fits.Header, rule: KeywordRule) -> Iterator[str]:
    for key in header:
        if any(kw.matches(key, name) for name in rule.names):
            yield key


def _forbidden(view: ProductView, rule: KeywordRule) -> list[Problem]:
    problems = []
    for hdu in (PRIMARY, EXTENSION):
        header = view.header(hdu)
        if header is None:
            continue
        problems += [
            Problem(key, f"must not be present (Table 7 status '{rule.status}' for SCIENCE.SPECTRUM)", hdu)
            for key in _members(header, rule)
        ]
    return problems


def _mandatory(header: fits.Header, rule: KeywordRule, hdu: int) -> list[Problem]:
    wanted = [kw.indexed(name, 1) if kw.is_template(name) else name for name in rule.names]
    if any(key in header for key in wanted):
        return []
    where = "primary header" if hdu == PRIMARY else "spectrum extension"
    return [
        Problem(
            wanted[0],
            f"mandatory keyword missing from the {where} (Table 7 status '{rule.status}')"
            + (f"; expected one of {', '.join(wanted)}" if len(wanted) > 1 else ""),
            hdu,
        )
    ]


def _per_column(header: fits.Header, rule: KeywordRule) -> list[Problem]:
    count = header.get(kw.TFIELDS, 0)
    if not type_ok(count, int):
        return []
    return [
        Problem(key, f"missing for column {index} (Table 7 status '{rule.status}')", EXTENSION)
        for index in range(1, count + 1)
        if (key := kw.indexed(rule.names[0], index)) not in header
    ]


def _types(view: ProductView, rule: KeywordRule) -> list[Problem]:
    if rule.value_type is None:
        return []
    problems = []
    for hdu in (PRIMARY, EXTENSION):
        header = view.header(hdu)
        if header is None:
            continue
        problems += [
            Problem(key, f"value {header[key]!r} is not of type {rule.value_type.__name__}", hdu)
            for key in _members(header, rule)
            if not type_ok(header[key], rule.value_type)
        ]
    return problems
