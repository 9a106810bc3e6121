"""phoenix.classify: the engine's interpreter of a classification table, on tiny synthetic headers."""

from __future__ import annotations

import pytest
from astropy.io import fits

from phoenix.classify import classify, classify_frame, matching_rule, missing_keywords
from phoenix.errors import FrameError
from phoenix.types import ClassificationRule, ClassificationTable, Condition, FrameRole, MatchOp

CATG, TYPE, CHIPS, WLEN, SLIT = (
    "ESO DPR CATG",
    "ESO DPR TYPE",
    "ESO DET CHIPS",
    "ESO INS WLEN",
    "ESO INS SLIT",
)

TABLE = ClassificationTable(
    rules=(
        ClassificationRule("TEST", FrameRole.IGNORED, (Condition(CATG, MatchOp.EQ, "TEST"),)),
        ClassificationRule(
            "FLAT_A",
            FrameRole.CALIB,
            (Condition(TYPE, MatchOp.LIKE, "LAMP,%FLAT%"), Condition(CHIPS, MatchOp.EQ, 1)),
            "A",
        ),
        ClassificationRule(
            "SCI_B",
            FrameRole.SCIENCE,
            (Condition(CATG, MatchOp.EQ, "SCIENCE"), Condition(CHIPS, MatchOp.IN, (2, 3))),
            "B",
        ),
        # never reached for a SCIENCE frame on chips 2: the rule above comes first
        ClassificationRule("LATE", FrameRole.SCIENCE, (Condition(CATG, MatchOp.EQ, "SCIENCE"),), "B"),
    ),
    required_keywords=(CATG, TYPE, CHIPS),
    setup_keywords={"A": (WLEN, SLIT), "B": (WLEN,)},
)


def header(extra: dict[str, object] | None = None) -> dict[str, object]:
    """A flat on chips 1, with ``extra`` cards added or replaced."""
    return {CATG: "CALIB", TYPE: "LAMP,FLAT", CHIPS: 1, **(extra or {})}


def test_first_matching_rule_gives_category_role_arm_and_setup() -> None:
    result = classify(header({WLEN: 390.0, SLIT: " 0.8 "}), TABLE)
    assert result is not None
    assert (result.category, result.role, result.arm) == ("FLAT_A", FrameRole.CALIB, "A")
    assert dict(result.setup) == {WLEN: 390.0, SLIT: "0.8"}


def test_rule_order_decides_between_overlapping_rules() -> None:
    result = classify({CATG: "SCIENCE", TYPE: "OBJECT", CHIPS: 3, WLEN: 580}, TABLE)
    assert result is not None and result.category == "SCI_B"
    assert dict(result.setup) == {WLEN: 580}
    assert matching_rule({CATG: "SCIENCE", TYPE: "OBJECT", CHIPS: 7}, TABLE).category == "LATE"


def test_setup_keys_missing_from_the_header_are_none() -> None:
    result = classify(header(), TABLE)
    assert result is not None
    assert dict(result.setup) == {WLEN: None, SLIT: None}


def test_setup_is_frozen() -> None:
    result = classify(header(), TABLE)
    with pytest.raises(TypeError):
        result.setup[WLEN] = 1.0  # type: ignore[index]


def test_missing_required_keyword_is_not_guessed() -> None:
    frame = {CATG: "TEST", TYPE: "BIAS"}  # would match the TEST rule, but DET CHIPS is missing
    assert missing_keywords(frame, TABLE) == (CHIPS,)
    assert classify(frame, TABLE) is None
    with pytest.raises(FrameError) as err:
        classify_frame(frame, TABLE, "UVES.2024-01-01T00:00:00.000.fits")
    assert err.value.keyword == CHIPS
    assert err.value.filename == "UVES.2024-01-01T00:00:00.000.fits"
    assert "missing required keyword 'ESO DET CHIPS'" in str(err.value)


def test_unmatched_frame_reports_the_values_it_was_classified_on() -> None:
    frame = header({TYPE: "LAMP,WAVE"})
    assert classify(frame, TABLE) is None
    with pytest.raises(FrameError) as err:
        classify_frame(frame, TABLE, "f.fits")
    assert err.value.keyword is None
    assert "no classification rule matches" in err.value.reason
    assert "ESO DPR TYPE='LAMP,WAVE'" in err.value.reason and "ESO DET CHIPS=1" in err.value.reason


def test_classify_frame_returns_the_classification() -> None:
    assert classify_frame(header(), TABLE, "f.fits").category == "FLAT_A"


def test_astropy_header_with_hierarch_cards() -> None:
    hdr = fits.Header()
    hdr["HIERARCH ESO DPR CATG"] = "SCIENCE"
    hdr["HIERARCH ESO DPR TYPE"] = "OBJECT,POINT"
    hdr["HIERARCH ESO DET CHIPS"] = 2
    hdr["HIERARCH ESO INS WLEN"] = 564.0
    result = classify(hdr, TABLE)
    assert result is not None and result.category == "SCI_B" and result.setup[WLEN] == 564.0
