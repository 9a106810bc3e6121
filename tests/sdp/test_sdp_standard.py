"""The encoded Table 7 rules: their semantics, their completeness, and (outer ring) the reference CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from phoenix.sdp import keywords as kw
from phoenix.sdp.standard import (
    ASSESSED_NOTES,
    FLUXERR_UNCALIBRATED,
    FLUXERR_UNDETERMINED,
    NOT_ASSESSED,
    RULES_BY_NAME,
    SPECTRUM_RULES,
    KeywordRule,
)

REFERENCE = Path(__file__).resolve().parents[2] / ".." / "shared" / "reference"
TABLE7 = REFERENCE / "rules" / "phase3_sdp_standard" / "p3sdpstd_v6_table7_header_keywords.csv"
NOTES = REFERENCE / "rules" / "phase3_sdp_standard" / "p3sdpstd_v6_table7_header_keywords_notes.csv"
COLUMN = "SCIENCE.SPECTRUM"


@pytest.mark.parametrize(
    ("status", "primary", "extension", "conditional", "forbidden", "notes"),
    [
        ("M", True, False, False, False, ()),
        ("M Mext", True, True, False, False, ()),
        ("Meso", True, False, False, False, ()),
        ("Mext 57", False, True, False, False, (57,)),
        ("Mapp 33", False, False, True, False, (33,)),
        ("Mextapp 59", False, False, True, False, (59,)),
        ("NotAlw", False, False, False, True, ()),
        ("Reserved", False, False, False, True, ()),
        ("R", False, False, False, False, ()),
    ],
)
def test_status_semantics(
    status: str, primary: bool, extension: bool, conditional: bool, forbidden: bool, notes: tuple[int, ...]
) -> None:
    rule = KeywordRule(("X",), status, str)
    assert (rule.in_primary, rule.in_extension, rule.conditional, rule.forbidden) == (
        primary,
        extension,
        conditional,
        forbidden,
    )
    assert rule.notes == notes


def test_every_conditional_row_is_assessed_or_says_why_not() -> None:
    for rule in SPECTRUM_RULES:
        if rule.conditional:
            assessed = set(rule.notes) <= set(ASSESSED_NOTES)
            assert assessed or rule.names[0] in NOT_ASSESSED, f"{rule.names[0]} ({rule.status}) is neither"


def test_rule_names_are_unique() -> None:
    names = [name for rule in SPECTRUM_RULES for name in rule.names]
    assert len(names) == len(set(names)) == len(RULES_BY_NAME)


@pytest.mark.parametrize(
    ("template", "index", "second", "real"),
    [("PROVi", 3, None, "PROV3"), ("TUCDi", 12, None, "TUCD12"), ("CDi_j", 1, 2, "CD1_2")],
)
def test_indexed_names(template: str, index: int, second: int | None, real: str) -> None:
    assert kw.indexed(template, index, second) == real
    assert kw.matches(real, template)
    assert not kw.matches(real + "X", template)


def test_plain_names_are_not_series() -> None:
    with pytest.raises(ValueError, match="not an indexed"):
        kw.indexed("OBJECT", 1)
    assert kw.matches("object", "OBJECT") and not kw.matches("OBJECT1", "OBJECT")


def _spectrum_column() -> dict[str, str]:
    """Table 7's KEYWORD cell -> its SCIENCE.SPECTRUM cell, read from the reference CSV."""
    if not TABLE7.is_file():
        pytest.skip(f"reference folder {REFERENCE.resolve()} is absent; the Table 7 ring check needs it")
    with TABLE7.open(encoding="utf-8-sig", newline="") as stream:
        return {
            " ".join(row["KEYWORD"].split()): row[COLUMN].strip()
            for row in csv.DictReader(stream, delimiter=";")
        }


@pytest.mark.reference
def test_every_mandatory_row_of_table7_is_encoded() -> None:
    table = _spectrum_column()
    mandatory = {row: status for row, status in table.items() if status.startswith("M")}
    assert len(mandatory) > 40  # the CSV was read, not an empty or renamed file
    encoded = {rule.table_row for rule in SPECTRUM_RULES}
    missing = [row for row in mandatory if row not in encoded]
    assert missing == [], f"Table 7 rows mandatory for {COLUMN} but not encoded: {missing}"


@pytest.mark.reference
def test_encoded_statuses_agree_with_table7() -> None:
    table = _spectrum_column()
    for rule in SPECTRUM_RULES:
        row = rule.table_row
        assert row in table, f"{row!r} is not a Table 7 row"
        assert rule.status == table[row], f"{row}: encoded {rule.status!r}, Table 7 says {table[row]!r}"


@pytest.mark.reference
def test_constants_agree_with_the_notes() -> None:
    if not NOTES.is_file():
        pytest.skip(f"reference folder {REFERENCE.resolve()} is absent")
    with NOTES.open(encoding="utf-8-sig", newline="") as stream:
        notes = {int(row[0]): row[1] for row in csv.reader(stream, delimiter=";") if row and row[0].isdigit()}
    assert f"shall be set to {FLUXERR_UNCALIBRATED:.0f}" in notes[39]
    assert f"special value {FLUXERR_UNDETERMINED:.0f} is reserved" in notes[39]
    assert "EQUINOX=2000.0 is mandatory" in notes[33]
    assert "not applicable to data processed in an unsupervised way" in notes[38]
    referenced = {note for rule in SPECTRUM_RULES for note in rule.notes}
    assert referenced <= set(notes)
