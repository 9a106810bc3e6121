"""Night logs: ESO's night-log report parsed, the CSV file import, and grades reaching the datasets."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from phoenix.config import resolve_settings
from phoenix.db.models import Dataset, NightLogEntry
from phoenix.errors import NightLogError
from phoenix.nightlog import (
    ArchiveNightLogs,
    Constraint,
    NightLogRecord,
    parse_eso_night_log,
    read_csv_night_log,
)
from phoenix.production.context import open_context
from phoenix.production.nightlog import apply_night_log, eso_night_log_dir, night_log_path
from tests.factories import dataset_row

REAL = Path("archive_responses") / "nightlog_MUSE.2017-06-16T01-34-56.867.NL.txt"

TWO_OBS = """General weather conditions:
Seeing:          0.5 - 0.9"
---------------------------------------------------

General Comments:
dome closed 02:00-02:40 (wind)
---------------------------------------------------

OB:         2001
Instrument: UVES
Name:       HD 1_blue
---------------------------------------------------

Comments:
clouds passed at the end
of the second exposure
---------------------------------------------------

Constraint       \tFulfilled\tRequested
Seeing:          \t1.1\t\t1.2
Airmass:         \t1.3\t\t1.6
Grade:       \t \tB
---------------------------------------------------
OB:         2002
Name:       HD 2_red
Comments:
No comments
---------------------------------------------------
Constraint       \tFulfilled\tRequested
Grade:       \t \t_
---------------------------------------------------
"""


@pytest.mark.reference
def test_the_real_eso_night_log_reads_grade_constraints_and_files(reference: Path) -> None:
    [record] = parse_eso_night_log((reference / REAL).read_text(), "MUSE.NL.txt")
    assert (record.ob_id, record.grade, record.ob_name, record.comment) == (1755413, "X", "IC4406", "")
    constraints = {c.name: c for c in record.constraints}
    assert constraints["Seeing"] == Constraint("Seeing", requested="2.0", fulfilled="n/a")
    assert constraints["Sky transparency"].requested == "PHOTOMETRIC"
    assert constraints["Water Vapour"] == Constraint("Water Vapour", requested="0.0", fulfilled="-")
    assert constraints["I.Q. Variation"] == Constraint("I.Q. Variation", requested=None, fulfilled="n/a")
    assert "Grade" not in constraints and len(constraints) == 12
    assert record.files[0] == "MUSE.2017-06-16T01:34:56.867" and len(record.files) == 6
    assert record.source == "MUSE.NL.txt"


def test_several_obs_multi_line_comments_and_no_grade() -> None:
    first, second = parse_eso_night_log(TWO_OBS)
    assert (first.ob_id, first.grade, first.ob_name) == (2001, "B", "HD 1_blue")
    assert first.comment == "clouds passed at the end of the second exposure"  # not the night's comment
    assert first.constraints_record() == {
        "Seeing": {"requested": "1.2", "fulfilled": "1.1"},
        "Airmass": {"requested": "1.6", "fulfilled": "1.3"},
    }
    assert (second.ob_id, second.grade, second.comment) == (2002, None, "")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (TWO_OBS.replace("\tB\n", "\tQ\n"), r"night\.NL line 22: grade 'Q' is not one of"),
        (TWO_OBS.replace("OB:         2002", "OB:         two"), "line 24: OB id 'two' is not a number"),
        ("General weather conditions:\nSeeing: 1\n", "no OB block"),
    ],
)
def test_unreadable_night_logs_say_where(text: str, message: str) -> None:
    with pytest.raises(NightLogError, match=message):
        parse_eso_night_log(text, "night.NL")


def test_the_csv_import_keeps_constraint_columns(tmp_path: Path) -> None:
    path = tmp_path / "2016-05-03.csv"
    path.write_text("ob_id,ob_name,grade,comment,seeing,airmass\n7,a,A,fine,0.8,1.2\n8,b,_,,,\n")
    first, second = read_csv_night_log(path)
    assert first == NightLogRecord(
        7, "A", "a", "fine", (Constraint("seeing", "0.8"), Constraint("airmass", "1.2")), source=path.name
    )
    assert (second.grade, second.constraints) == (None, ())
    path.write_text("ob_id,grade\n7,A\nx,B\n")
    with pytest.raises(NightLogError, match=r"2016-05-03\.csv line 3: needs an integer ob_id"):
        read_csv_night_log(path)
    path.write_text("ob_id,comment\n7,x\n")
    with pytest.raises(NightLogError, match=r"needs the column\(s\) \['grade'\]"):
        read_csv_night_log(path)


def test_grades_comments_and_constraints_reach_the_datasets(workspace: Path) -> None:
    ctx = open_context(resolve_settings())
    eso_dir = eso_night_log_dir(ctx, "uves", "2016-05-03")
    eso_dir.mkdir(parents=True)
    (eso_dir / "UVES.2016-05-04T01:00:00.000.NL.txt").write_text(TWO_OBS)
    csv_path = night_log_path(ctx, "uves", "2016-05-03")
    csv_path.write_text("ob_id,ob_name,grade,comment\n2002,HD 2_red,C,repeat: clouds\n")  # the CSV wins
    with ctx.db.session() as session:
        for ob_id in (2001, 2002, 2003):
            session.add(dataset_row(f"d{ob_id}", chain="c", ob_id=ob_id))
    assert apply_night_log(ctx, "uves", "2016-05-03") == 2
    with ctx.db.session() as session:
        datasets = {d.ob_id: d for d in session.exec(select(Dataset))}
        entries = {e.ob_id: e for e in session.exec(select(NightLogEntry))}
    assert (datasets[2001].ob_grade, datasets[2001].ob_comment) == ("B", entries[2001].comment)
    assert (datasets[2002].ob_grade, datasets[2002].ob_comment) == ("C", "repeat: clouds")
    assert datasets[2003].ob_grade is None
    assert entries[2001].constraints["Airmass"] == {"requested": "1.6", "fulfilled": "1.3"}
    assert (entries[2001].source, entries[2002].source) == (
        "UVES.2016-05-04T01:00:00.000.NL.txt",
        csv_path.name,
    )


def test_another_source_can_stand_in_for_the_files(workspace: Path) -> None:
    class Fixed:
        def entries(self, instrument: str, night: str) -> list[NightLogRecord]:
            return [NightLogRecord(9, "D", comment=f"{instrument} {night}")]

    ctx = open_context(resolve_settings())
    assert ArchiveNightLogs(ctx.settings.archive_root / "nightlog").entries("uves", "2016-05-03") == []
    assert apply_night_log(ctx, "uves", "2016-05-03", Fixed()) == 1
    with ctx.db.session() as session:
        assert session.exec(select(NightLogEntry)).one().comment == "uves 2016-05-03"
