"""The engine's association algorithm: pick the calibrations an :class:`AssociationRule` asks for.

Pure and database-free. Given a dataset's reference header (its science frame or calibration
group lead), the reference's mid-exposure MJD, one rule and the candidates, :func:`associate`
tries the rule's levels in order (EDPS convention: 0 = calibration plan ... 3 = risky). At a level
a candidate qualifies when its category is the rule's, it is not flagged uncertified, it lies
within the level's window of the reference MJD, and it has the reference's value for every match
keyword the level does not relax. The closest in time win; ties go to the earlier frame, then to
the smaller id, so the outcome never depends on the input order.

A match keyword absent from both the reference and a candidate counts as equal (nothing to
disagree on); absent from one side only, it is a difference.

When no level yields ``count`` candidates the outcome is MISSING, with a reason that says what was
looked for and how the nearest candidates miss.
"""

from __future__ import annotations

import bisect
import enum
import heapq
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from phoenix import keywords as kw
from phoenix.types import AssociationLevel, AssociationRule, Source, frozen_mapping

NEAR_MISSES = 3  # how many near misses a MISSING reason names
_ABSENT = object()
# the HIERARCH namespace as phoenix.keywords spells it; keywords are shown ESO-style (INS.GRAT2.WLEN)
_NAMESPACE = kw.QC_PREFIX.removesuffix("QC ")


@dataclass(frozen=True)
class Candidate:
    """A frame or master calibration that could be associated.

    ``mjd`` is its (mid-exposure) MJD; ``keys`` its header values for the match keywords;
    ``certified`` is ``False`` for a master that failed or awaits review (never chosen), ``None``
    where certification does not apply (raw frames, static tables).
    """

    id: str
    category: str
    mjd: float
    keys: Mapping[str, Any] = field(default_factory=frozen_mapping)
    certified: bool | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", frozen_mapping(self.keys))


@dataclass(frozen=True)
class CandidateIndex:
    """Candidates grouped by category and sorted by MJD; build once, associate many times."""

    by_category: Mapping[str, tuple[Candidate, ...]]
    mjds: Mapping[str, tuple[float, ...]]
    # (category, match keywords) -> candidates with identical values of those keywords, built on use
    _groups: dict[tuple[str, tuple[str, ...]], tuple[_Group, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def build(cls, candidates: Iterable[Candidate]) -> CandidateIndex:
        """Index ``candidates`` (any order)."""
        grouped: dict[str, list[Candidate]] = {}
        for candidate in candidates:
            grouped.setdefault(candidate.category, []).append(candidate)
        by_category = {c: tuple(sorted(v, key=lambda x: (x.mjd, x.id))) for c, v in grouped.items()}
        mjds = {c: tuple(x.mjd for x in v) for c, v in by_category.items()}
        return cls(frozen_mapping(by_category), frozen_mapping(mjds))

    def of(self, category: str) -> tuple[Candidate, ...]:
        """Every candidate of ``category``, earliest first."""
        return self.by_category.get(category, ())

    def near(self, category: str, mjd: float, window_days: float) -> tuple[Candidate, ...]:
        """The candidates of ``category`` within ``window_days`` of ``mjd`` (inclusive)."""
        times = self.mjds.get(category, ())
        lo = bisect.bisect_left(times, mjd - window_days)
        hi = bisect.bisect_right(times, mjd + window_days)
        return self.of(category)[lo:hi]

    def groups(self, category: str, keywords: tuple[str, ...]) -> tuple[_Group, ...]:
        """The usable (not uncertified) candidates of ``category`` by their values of ``keywords``.

        Members of a group carry identical values (same type and value), so one comparison with a
        reference decides for the whole group; each group is sorted by MJD.
        """
        key = (category, keywords)
        if key not in self._groups:
            buckets: dict[tuple, list[Candidate]] = {}
            for c in self.of(category):
                if c.certified is not False:
                    buckets.setdefault(tuple(_exact(c.keys.get(k, _ABSENT)) for k in keywords), []).append(c)
            self._groups[key] = tuple(_Group(tuple(v), tuple(c.mjd for c in v)) for v in buckets.values())
        return self._groups[key]


@dataclass(frozen=True)
class _Group:
    members: tuple[Candidate, ...]
    mjds: tuple[float, ...]

    def within(self, mjd: float, window_days: float) -> list[Candidate]:
        lo = bisect.bisect_left(self.mjds, mjd - window_days)
        hi = bisect.bisect_right(self.mjds, mjd + window_days)
        return [c for c in self.members[lo:hi] if abs(c.mjd - mjd) <= window_days]

    def bounds(self, mjd: float, window_days: float) -> tuple[int, int]:
        """The slice of members :meth:`within` returns (|Δt| only grows away from ``mjd``)."""
        mjds = self.mjds
        lo = bisect.bisect_left(mjds, mjd - window_days)
        hi = bisect.bisect_right(mjds, mjd + window_days)
        while lo < hi and abs(mjds[lo] - mjd) > window_days:
            lo += 1
        while hi > lo and abs(mjds[hi - 1] - mjd) > window_days:
            hi -= 1
        return lo, hi

    def nearest(self, mjd: float, lo: int, hi: int) -> Candidate:
        """The closest member in ``[lo, hi)`` (not empty); ties to the earlier, then the smaller id.

        Members are sorted by (MJD, id); only the last before and the first from ``mjd`` can be
        closest, provided |Δt| is exact (see :func:`_exact_deltas`), so equal |Δt| means equal MJD.
        """
        mjds, members = self.mjds, self.members
        p = bisect.bisect_left(mjds, mjd, lo, hi)
        if p == lo:
            return members[p]
        before = members[bisect.bisect_left(mjds, mjds[p - 1], lo, p)]  # first of equal MJDs
        if p == hi:
            return before
        after = members[p]
        return before if abs(before.mjd - mjd) <= abs(after.mjd - mjd) else after


def _exact(value: Any) -> tuple[str, Any]:
    """A hashable key that only identical values share (1, 1.0 and True stay apart)."""
    try:
        hash(value)
    except TypeError:
        return ("repr", repr(value))
    return (type(value).__name__, value)


class AssociationStatus(enum.StrEnum):
    """Whether a rule found its calibrations (the values are the bookkeeping's status strings)."""

    OK = "ok"
    MISSING = "missing"


@dataclass(frozen=True)
class Pick:
    """One chosen candidate: ``delta_days`` is |Δt| to the reference, ``rank`` 1 = closest."""

    candidate: Candidate
    delta_days: float
    rank: int


@dataclass(frozen=True)
class AssociationOutcome:
    """What :func:`associate` decided for one rule.

    ``level`` is the level the picks qualified at; ``qualified`` how many candidates qualified
    there; ``reason`` a sentence for people (why these, or what is missing and the near misses).
    """

    category: str
    source: Source
    status: AssociationStatus
    required: bool
    picks: tuple[Pick, ...] = ()
    level: int | None = None
    qualified: int = 0
    reason: str = ""

    @property
    def ok(self) -> bool:
        """True when the rule's ``count`` candidates were found."""
        return self.status is AssociationStatus.OK


@dataclass(frozen=True)
class _Scored:
    candidate: Candidate
    delta: float
    differs: tuple[str, ...]  # match keywords with another value, in the rule's order

    @property
    def order(self) -> tuple[float, float, str]:
        return (self.delta, self.candidate.mjd, self.candidate.id)

    def differs_beyond(self, relaxed: Iterable[str]) -> tuple[str, ...]:
        return tuple(k for k in self.differs if k not in relaxed)


def associate(
    reference: Mapping[str, Any],
    mjd: float,
    rule: AssociationRule,
    candidates: CandidateIndex | Iterable[Candidate],
    memo: dict[tuple, Any] | None = None,
) -> AssociationOutcome:
    """Choose ``rule.count`` candidates for ``rule`` around ``mjd``, level by level.

    :param reference: header values of the dataset's reference frame (for the match keywords).
    :param mjd: mid-exposure MJD of the reference frame.
    :param rule: the rule; a rule without levels (static tables) matches at any time, as level 0.
    :param candidates: a :class:`CandidateIndex`, or any iterable of candidates (indexed here).
    :param memo: a dict kept across calls over the same index (one planning pass) that remembers
        which match keywords differ between a group of identical candidates and a reference's
        values; it must not outlive the index (it is keyed by the groups' identity), and the
        references must not change while it is in use (their values are remembered per mapping).
    :return: the picks with level, |Δt| and rank, or a MISSING outcome with its reason.
    """
    index = candidates if isinstance(candidates, CandidateIndex) else CandidateIndex.build(candidates)
    levels = _levels(rule)
    groups = index.groups(rule.category, rule.match_keywords)
    ref_key = (id(groups), _reference_key(reference, rule.match_keywords, memo))
    differs = memo.get(ref_key) if memo is not None else None
    if differs is None:  # which match keywords differ: once per group, not per candidate
        differs = tuple(_score(group.members[0], reference, mjd, rule).differs for group in groups)
        if memo is not None:
            memo[ref_key] = differs
    for level in levels:
        if rule.count == 1 and _exact_deltas(mjd, level.window_days):
            outcome = _closest(rule, level, mjd, groups, differs)
            if outcome is not None:
                return outcome
            continue
        # only the level's window: a wide last resort (e.g. unlimited) costs nothing unless reached
        qualified = [
            c
            for group, differ in zip(groups, differs, strict=True)
            if not any(k not in level.relaxed for k in differ)
            for c in group.within(mjd, level.window_days)
        ]
        if len(qualified) >= rule.count:
            chosen = heapq.nsmallest(rule.count, qualified, key=lambda c: (abs(c.mjd - mjd), c.mjd, c.id))
            return AssociationOutcome(
                category=rule.category,
                source=rule.source,
                status=AssociationStatus.OK,
                required=rule.required,
                picks=tuple(Pick(c, abs(c.mjd - mjd), rank) for rank, c in enumerate(chosen, 1)),
                level=level.level,
                qualified=len(qualified),
                reason=_found_reason(rule, level, len(qualified)),
            )
    return AssociationOutcome(
        category=rule.category,
        source=rule.source,
        status=AssociationStatus.MISSING,
        required=rule.required,
        reason=_missing_reason(reference, mjd, rule, levels[-1], index),
    )


def _exact_deltas(mjd: float, window_days: float) -> bool:
    """Whether c.mjd - mjd is exact for every c.mjd within the window (Sterbenz: within 2x of mjd)."""
    return 0.0 < 2.0 * window_days < mjd


def _closest(
    rule: AssociationRule,
    level: AssociationLevel,
    mjd: float,
    groups: tuple[_Group, ...],
    differs: tuple[tuple[str, ...], ...],
) -> AssociationOutcome | None:
    """The level's outcome for a rule of one candidate, or ``None`` when none qualifies there.

    The same as taking the smallest (|Δt|, MJD, id) of every qualified candidate, by bisection
    per group instead of listing them.
    """
    count, best, best_key = 0, None, None
    for group, differ in zip(groups, differs, strict=True):
        if differ and any(k not in level.relaxed for k in differ):
            continue
        lo, hi = group.bounds(mjd, level.window_days)
        if lo == hi:
            continue
        count += hi - lo
        c = group.nearest(mjd, lo, hi)
        key = (abs(c.mjd - mjd), c.mjd, c.id)
        if best_key is None or key < best_key:
            best, best_key = c, key
    if best is None or best_key is None:
        return None
    return AssociationOutcome(
        category=rule.category,
        source=rule.source,
        status=AssociationStatus.OK,
        required=rule.required,
        picks=(Pick(best, best_key[0], 1),),
        level=level.level,
        qualified=count,
        reason=_found_reason(rule, level, count),
    )


def _reference_key(reference: Mapping[str, Any], keywords: tuple[str, ...], memo: dict | None) -> tuple:
    """The reference's values of ``keywords`` as :func:`_exact` keys; once per reference in a pass."""
    if memo is None:
        return tuple(_exact(reference.get(k, _ABSENT)) for k in keywords)
    slot = ("reference", id(reference), keywords)
    hit = memo.get(slot)
    if hit is not None and hit[0] is reference:  # the same mapping (kept alive here, so its id is its own)
        return hit[1]
    key = tuple(_exact(reference.get(k, _ABSENT)) for k in keywords)
    memo[slot] = (reference, key)
    return key


def _found_reason(rule: AssociationRule, level: AssociationLevel, qualified: int) -> str:
    closest = "closest" if rule.count == 1 else f"closest {rule.count}"
    return f"level {level.level}: {closest} of {qualified} {rule.category} {_window(level.window_days)}"


def _qualifies(s: _Scored, level: AssociationLevel) -> bool:
    return s.delta <= level.window_days and not s.differs_beyond(level.relaxed)


def _levels(rule: AssociationRule) -> tuple[AssociationLevel, ...]:
    return rule.levels or (AssociationLevel(0, math.inf),)


def _score(candidate: Candidate, reference: Mapping[str, Any], mjd: float, rule: AssociationRule) -> _Scored:
    differs = tuple(
        k for k in rule.match_keywords if not _same(reference.get(k, _ABSENT), candidate.keys.get(k, _ABSENT))
    )
    return _Scored(candidate, abs(candidate.mjd - mjd), differs)


def _same(a: Any, b: Any) -> bool:
    if a is b or (type(a) is type(b) and a == b):  # the common case: equal values of one type
        return True
    if a is _ABSENT or b is _ABSENT:
        return a is b
    if isinstance(a, str) or isinstance(b, str):
        return str(a).strip() == str(b).strip()
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=0.0, abs_tol=1e-6)
    return a == b


def _missing_reason(
    reference: Mapping[str, Any],
    mjd: float,
    rule: AssociationRule,
    loosest: AssociationLevel,
    index: CandidateIndex,
) -> str:
    relaxed = loosest.relaxed
    scored = [_score(c, reference, mjd, rule) for c in index.of(rule.category)]

    def usable(s: _Scored) -> bool:
        return _qualifies(s, loosest) and s.candidate.certified is not False

    found = sum(1 for s in scored if usable(s))
    near = sorted(
        (s for s in scored if not usable(s)), key=lambda s: (len(s.differs_beyond(relaxed)), *s.order)
    )
    near = near[:NEAR_MISSES]
    shown = [k for k in rule.match_keywords if any(k in s.differs_beyond(relaxed) for s in near)]
    wanted = ", ".join(f"{_dotted(k)}={_show(reference.get(k, _ABSENT))}" for k in shown)
    head = f"only {found} of {rule.count}" if found else "no"
    what = f"{rule.category} with {wanted}" if wanted else rule.category
    text = f"{head} {what} {_window(loosest.window_days)} (level {loosest.level})"
    if not scored:
        return f"{text}; there is no candidate of that category at all"
    if not near:
        return f"{text}; there is no other candidate of that category"
    return f"{text}; nearest: " + "; ".join(_describe(s, reference, relaxed, loosest) for s in near)


def _describe(
    s: _Scored, reference: Mapping[str, Any], relaxed: tuple[str, ...], loosest: AssociationLevel
) -> str:
    problems = [
        f"{_dotted(k)} ({_show(s.candidate.keys.get(k, _ABSENT))} ≠ {_show(reference.get(k, _ABSENT))})"
        for k in s.differs_beyond(relaxed)
    ]
    notes = [f"differs in {', '.join(problems)}"] if problems else []
    if s.delta > loosest.window_days:
        notes.append("is outside the window")
    if s.candidate.certified is False:
        notes.append("is not certified")
    return f"{s.candidate.id} (|Δt| {s.delta:.2f} d) {' and '.join(notes)}"


def _dotted(keyword: str) -> str:
    return keyword.removeprefix(_NAMESPACE).replace(" ", ".")


def _show(value: Any) -> str:
    if value is _ABSENT:
        return "absent"
    return repr(value.strip()) if isinstance(value, str) else str(value)


def _window(days: float) -> str:
    return "at any time" if math.isinf(days) else f"within {days:g} d"
