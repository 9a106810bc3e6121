"""phoenix.associate: levels, closest in time, relaxed keys, counts, ties and the MISSING reason."""

from __future__ import annotations

import dataclasses
import itertools
import math
import random
import time

from phoenix.associate import AssociationStatus, Candidate, CandidateIndex, associate
from phoenix.types import AssociationLevel, AssociationRule, Source

WLEN, SLIT, BIN = "ESO INS GRAT2 WLEN", "ESO INS SLIT3 WID", "ESO DET WIN1 BINX"
SCIENCE = {WLEN: 580.0, SLIT: 0.8, BIN: 1}
T0 = 60000.25  # reference mid-exposure MJD

FLAT = AssociationRule(
    "MASTER_FLAT_REDL",
    ("SCIENCE_RED",),
    Source.MASTER,
    (WLEN, SLIT, BIN),
    (
        AssociationLevel(0, 1.0),
        AssociationLevel(1, 3.0),
        AssociationLevel(2, 7.0, relaxed=(SLIT,)),
    ),
)


def flat(name: str, dt: float, **keys: object) -> Candidate:
    """A MASTER_FLAT_REDL ``dt`` days from T0 with the science setup, except ``keys`` (WLEN/SLIT/BIN)."""
    names = {"wlen": WLEN, "slit": SLIT, "binx": BIN}
    values = {**SCIENCE, **{names[k]: v for k, v in keys.items()}}
    return Candidate(name, "MASTER_FLAT_REDL", T0 + dt, values)


def test_closest_in_time_wins_within_level_zero() -> None:
    outcome = associate(SCIENCE, T0, FLAT, [flat("far", -0.9), flat("near", 0.3), flat("mid", 0.5)])
    assert outcome.ok and outcome.status is AssociationStatus.OK
    assert outcome.level == 0 and outcome.qualified == 3
    (pick,) = outcome.picks
    assert pick.candidate.id == "near" and pick.rank == 1
    assert math.isclose(pick.delta_days, 0.3)
    assert outcome.reason == "level 0: closest of 3 MASTER_FLAT_REDL within 1 d"


def test_falls_back_to_the_next_level_when_level_zero_is_empty() -> None:
    outcome = associate(SCIENCE, T0, FLAT, [flat("two_days", 2.0), flat("five_days", -5.0)])
    assert outcome.level == 1 and [p.candidate.id for p in outcome.picks] == ["two_days"]
    assert outcome.reason.startswith("level 1:")


def test_relaxed_keyword_is_ignored_only_at_its_level() -> None:
    wrong_slit_close = flat("wide_slit", 0.1, slit=2.0)
    right_slit_later = flat("same_slit", 2.5)
    outcome = associate(SCIENCE, T0, FLAT, [wrong_slit_close, right_slit_later])
    assert (outcome.level, outcome.picks[0].candidate.id) == (1, "same_slit")
    # without the matching flat, the wide-slit one qualifies only where the slit is relaxed
    outcome = associate(SCIENCE, T0, FLAT, [wrong_slit_close])
    assert (outcome.level, outcome.picks[0].candidate.id) == (2, "wide_slit")


def test_missing_reason_says_what_was_looked_for_and_the_near_misses() -> None:
    outcome = associate(
        SCIENCE,
        T0,
        FLAT,
        [flat("other_setting", 0.2, wlen=564.0), flat("old", -9.0), flat("binned", 1.0, binx=2, wlen=564.0)],
    )
    assert outcome.status is AssociationStatus.MISSING and not outcome.ok and outcome.picks == ()
    assert outcome.reason == (
        "no MASTER_FLAT_REDL with INS.GRAT2.WLEN=580.0, DET.WIN1.BINX=1 within 7 d (level 2); nearest: "
        "old (|Δt| 9.00 d) is outside the window; "
        "other_setting (|Δt| 0.20 d) differs in INS.GRAT2.WLEN (564.0 ≠ 580.0); "
        "binned (|Δt| 1.00 d) differs in INS.GRAT2.WLEN (564.0 ≠ 580.0), DET.WIN1.BINX (2 ≠ 1)"
    )


def test_missing_when_no_candidate_of_the_category_exists() -> None:
    other = Candidate("bias", "MASTER_BIAS_REDL", T0, SCIENCE)
    outcome = associate(SCIENCE, T0, FLAT, [other])
    assert not outcome.ok
    assert outcome.reason == (
        "no MASTER_FLAT_REDL within 7 d (level 2); there is no candidate of that category at all"
    )


def test_other_categories_are_never_chosen_even_if_closer() -> None:
    closer = Candidate("bias", "MASTER_BIAS_REDL", T0, SCIENCE)
    outcome = associate(SCIENCE, T0, FLAT, [closer, flat("flat", 0.7)])
    assert [p.candidate.id for p in outcome.picks] == ["flat"]


RAW_BIAS = AssociationRule(
    "BIAS_RED",
    ("FLAT_RED",),
    Source.RAW,
    (BIN,),
    (AssociationLevel(0, 1.0), AssociationLevel(1, 3.0)),
    count=3,
)


def bias(name: str, dt: float) -> Candidate:
    return Candidate(name, "BIAS_RED", T0 + dt, {BIN: 1})


def test_count_picks_the_closest_n_with_ranks() -> None:
    pool = [bias(f"b{i}", dt) for i, dt in enumerate((0.5, -0.1, 0.2, 0.9, -2.0))]
    outcome = associate({BIN: 1}, T0, RAW_BIAS, pool)
    assert outcome.level == 0 and outcome.qualified == 4
    assert [(p.candidate.id, p.rank) for p in outcome.picks] == [("b1", 1), ("b2", 2), ("b0", 3)]
    assert outcome.reason == "level 0: closest 3 of 4 BIAS_RED within 1 d"


def test_count_not_reached_at_a_level_moves_to_the_next_one() -> None:
    pool = [bias("a", 0.1), bias("b", 0.2), bias("c", 2.5)]
    outcome = associate({BIN: 1}, T0, RAW_BIAS, pool)
    assert outcome.level == 1 and [p.candidate.id for p in outcome.picks] == ["a", "b", "c"]


def test_count_never_reached_says_how_many_were_found() -> None:
    outcome = associate({BIN: 1}, T0, RAW_BIAS, [bias("a", 0.1), bias("b", -0.2), bias("far", 10.0)])
    assert not outcome.ok
    assert outcome.reason.startswith("only 2 of 3 BIAS_RED within 3 d (level 1); nearest: far (|Δt| 10.00 d)")


def test_ties_are_broken_deterministically_whatever_the_input_order() -> None:
    # same |Δt| before and after: the earlier frame wins; same MJD: the smaller id wins
    pool = [flat("after", 0.25), flat("before_b", -0.25), flat("before_a", -0.25)]
    chosen = {
        associate(SCIENCE, T0, FLAT, list(order)).picks[0].candidate.id
        for order in itertools.permutations(pool)
    }
    assert chosen == {"before_a"}
    three = associate(SCIENCE, T0, dataclasses.replace(FLAT, count=3), pool)
    assert [p.candidate.id for p in three.picks] == ["before_a", "before_b", "after"]


def test_uncertified_masters_are_never_chosen_and_the_reason_says_so() -> None:
    rejected = Candidate("rejected", "MASTER_FLAT_REDL", T0, SCIENCE, certified=False)
    good = Candidate("good", "MASTER_FLAT_REDL", T0 + 0.8, SCIENCE, certified=True)
    assert associate(SCIENCE, T0, FLAT, [rejected, good]).picks[0].candidate.id == "good"
    outcome = associate(SCIENCE, T0, FLAT, [rejected])
    assert not outcome.ok and "rejected (|Δt| 0.00 d) is not certified" in outcome.reason


def test_keyword_absent_on_both_sides_matches_absent_on_one_side_differs() -> None:
    rule = AssociationRule("MASTER_FLAT_REDL", ("SCIENCE_RED",), Source.MASTER, (WLEN, "ESO INS MODE"))
    both_absent = Candidate("both", "MASTER_FLAT_REDL", T0, {WLEN: 580})
    assert associate({WLEN: 580.0}, T0, rule, [both_absent]).ok
    one_absent = Candidate("one", "MASTER_FLAT_REDL", T0, {WLEN: 580})
    outcome = associate({WLEN: 580.0, "ESO INS MODE": "DICHR#1"}, T0, rule, [one_absent])
    assert not outcome.ok
    assert "differs in INS.MODE (absent ≠ 'DICHR#1')" in outcome.reason


def test_values_compare_as_header_values_do() -> None:
    rule = AssociationRule("MASTER_FLAT_REDL", ("SCIENCE_RED",), Source.MASTER, (WLEN, "ESO DET READ SPEED"))
    candidate = Candidate("c", "MASTER_FLAT_REDL", T0, {WLEN: 580, "ESO DET READ SPEED": "2pts/225kHz/lg  "})
    assert associate({WLEN: 580.0, "ESO DET READ SPEED": "2pts/225kHz/lg"}, T0, rule, [candidate]).ok


def test_static_rule_without_levels_matches_at_any_time() -> None:
    rule = AssociationRule("LINE_REFER_TABLE", ("FLAT_RED",), Source.STATIC, levels=())
    old = Candidate("thar.fits", "LINE_REFER_TABLE", 51000.0)
    outcome = associate({}, T0, rule, [old])
    assert outcome.ok and outcome.level == 0 and outcome.reason.endswith("at any time")


def test_index_window_is_inclusive_and_sorted() -> None:
    pool = [flat(name, dt) for name, dt in (("c", 1.0), ("a", -1.0), ("b", 0.0), ("out", 1.01))]
    index = CandidateIndex.build(pool)
    assert [c.id for c in index.near("MASTER_FLAT_REDL", T0, 1.0)] == ["a", "b", "c"]
    assert index.near("NOTHING", T0, 1.0) == ()


def test_thousands_of_candidates_with_a_prebuilt_index_are_fast() -> None:
    rng = random.Random(1)
    settings = (390.0, 437.0, 564.0, 580.0, 760.0, 860.0)
    categories = ("MASTER_FLAT_REDL", "MASTER_BIAS_REDL", "ORDER_TABLE_REDL", "LINE_TABLE_REDL")
    pool = [
        Candidate(
            f"m{i:05d}",
            rng.choice(categories),
            59000 + rng.uniform(0, 2000),
            {**SCIENCE, WLEN: rng.choice(settings)},
        )
        for i in range(20000)
    ]
    index = CandidateIndex.build(pool)
    start = time.perf_counter()
    outcomes = [associate(SCIENCE, 59000 + rng.uniform(0, 2000), FLAT, index) for _ in range(500)]
    elapsed = time.perf_counter() - start
    assert all(o.ok for o in outcomes)
    assert all(o.picks[0].candidate.keys[WLEN] == 580.0 for o in outcomes)
    assert elapsed < 5.0, f"500 associations among 20000 candidates took {elapsed:.2f} s"
