"""The engine's interpreter of a :class:`~phoenix.types.ClassificationTable`.

A raw header is classified by the first rule whose conditions all match. A frame that lacks one
of the table's required keywords is never guessed at: :func:`classify` returns ``None`` for it and
:func:`classify_frame` says why, naming the file and the keyword.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from phoenix.errors import FrameError
from phoenix.types import Classification, ClassificationRule, ClassificationTable


def missing_keywords(header: Mapping[str, Any], table: ClassificationTable) -> tuple[str, ...]:
    """The table's required keywords that ``header`` does not carry, in the table's order."""
    return tuple(k for k in table.required_keywords if k not in header)


def matching_rule(header: Mapping[str, Any], table: ClassificationTable) -> ClassificationRule | None:
    """The first rule whose conditions all match ``header``, or ``None``."""
    for rule in table.rules:
        if all(condition.matches(header) for condition in rule.conditions):
            return rule
    return None


def classify(header: Mapping[str, Any], table: ClassificationTable) -> Classification | None:
    """Classify one raw header; ``None`` when a required keyword is missing or no rule matches.

    The setup holds the values of the table's setup keywords for the frame's arm (``None`` for a
    setup keyword the header lacks, so every frame of an arm has the same setup keys).
    """
    if missing_keywords(header, table):
        return None
    rule = matching_rule(header, table)
    if rule is None:
        return None
    keys = table.setup_keywords.get(rule.arm, ())
    setup = {k: _plain(header.get(k)) for k in keys}
    return Classification(category=rule.category, role=rule.role, arm=rule.arm, setup=setup)


def classify_frame(header: Mapping[str, Any], table: ClassificationTable, filename: str) -> Classification:
    """Classify one raw frame or raise :class:`~phoenix.errors.FrameError` saying why it cannot be.

    :raises FrameError: with ``keyword`` set when a required keyword is missing; with the values
        of the required keywords in the reason when no rule matches them.
    """
    missing = missing_keywords(header, table)
    if missing:
        also = f" (also missing {_names(missing[1:])})" if len(missing) > 1 else ""
        raise FrameError(filename, f"missing required keyword {missing[0]!r}{also}", missing[0])
    result = classify(header, table)
    if result is None:
        seen = ", ".join(f"{k}={_plain(header[k])!r}" for k in table.required_keywords)
        raise FrameError(filename, f"no classification rule matches {seen}")
    return result


def _names(keywords: tuple[str, ...]) -> str:
    return ", ".join(repr(k) for k in keywords)


def _plain(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value
