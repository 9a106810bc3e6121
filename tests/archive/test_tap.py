"""TAP: the ADQL for a night range, sync and async (UWS) queries, and recorded ESO answers read back."""

from __future__ import annotations

from collections import deque
from datetime import UTC, datetime
from pathlib import Path

import pytest

from phoenix.archive.eso import EsoArchive
from phoenix.archive.eso.adql import night_window, raw_frames_query
from phoenix.archive.eso.tap import parse_raw_frames
from phoenix.errors import TapQueryError
from tests.archive.conftest import eso_settings
from tests.archive.fake_eso import FakeEso

RECORDED = Path("archive_responses") / "astroquery_recorded"


def _recorded(reference: Path, name: str) -> str:
    return (reference / RECORDED / name).read_text()


def test_a_night_runs_from_noon_to_noon_ut() -> None:
    assert night_window("2016-05-03", "2016-05-03") == (datetime(2016, 5, 3, 12), datetime(2016, 5, 4, 12))
    assert night_window("2016-05-03", "2016-05-05")[1] == datetime(2016, 5, 6, 12)
    with pytest.raises(ValueError, match="before the first"):
        night_window("2016-05-04", "2016-05-03")


def test_the_query_names_table_instrument_and_window_and_refuses_injection() -> None:
    start, end = night_window("2016-05-03", "2016-05-03")
    query = raw_frames_query("ist.uves", ["UVES"], start, end)
    assert "FROM ist.uves WHERE instrument IN ('UVES')" in query
    assert "exp_start >= '2016-05-03T12:00:00' AND exp_start < '2016-05-04T12:00:00'" in query
    assert "release_date" in query
    with pytest.raises(ValueError, match="TAP table"):
        raw_frames_query("dbo.raw; DROP TABLE x", ["UVES"], start, end)
    with pytest.raises(ValueError, match="instrument names"):
        raw_frames_query("dbo.raw", ["UVES') OR (1=1"], start, end)


@pytest.mark.reference
@pytest.mark.parametrize("recorded", ["query_main_sgra.csv", "query_inst_sinfoni_sgra.csv"])
def test_recorded_dbo_raw_and_ist_answers_read_into_records(reference: Path, recorded: str) -> None:
    records = parse_raw_frames(_recorded(reference, recorded))
    assert len(records) in (23, 50)
    first = records[0]
    assert first.dp_id.startswith("SINFO.") and first.instrument == "SINFONI"
    assert first.release_date is not None and first.release_date.tzinfo is not None
    assert first.category == "SCIENCE" and isinstance(first.ob_id, int)
    assert not first.proprietary(datetime.now(UTC))
    assert first.proprietary(datetime(2000, 1, 1, tzinfo=UTC))


@pytest.mark.reference
def test_sync_query_goes_to_the_server_and_reads_its_answer(eso: FakeEso, reference: Path) -> None:
    eso.tap_csv = _recorded(reference, "query_main_sgra.csv")
    eso.tap_status = deque([502])  # one gateway error first: retried
    with EsoArchive(eso_settings(eso)) as archive:
        records = archive.raw_frames(["SINFONI"], "2013-08-26", "2013-08-26")
    assert records[0].release_date == datetime(2014, 8, 27, 4, 3, 31, 840000, tzinfo=UTC)
    _, second = eso.requests_for("/tap_obs/sync")
    query = second.form["QUERY"][0]
    assert second.form["LANG"] == ["ADQL"] and second.form["RESPONSEFORMAT"] == ["csv"]
    assert "instrument IN ('SINFONI')" in query and "'2013-08-26T12:00:00'" in query


@pytest.mark.reference
def test_a_long_range_goes_through_an_async_job(eso: FakeEso, reference: Path) -> None:
    eso.tap_csv = _recorded(reference, "query_inst_sinfoni_sgra.csv")
    eso.async_polls_before_done = 2
    with EsoArchive(eso_settings(eso, async_after_nights=2, tap_table="ist.sinfoni")) as archive:
        records = archive.raw_frames(["SINFONI"], "2009-05-01", "2009-05-31")
    assert len(records) == 50
    [create] = eso.requests_for("/tap_obs/async")
    assert create.form["PHASE"] == ["RUN"] and "FROM ist.sinfoni" in create.form["QUERY"][0]
    assert len(eso.requests_for("/job42/phase")) == 3
    assert eso.jobs_deleted == 1
    assert eso.requests_for("/tap_obs/sync") == []


def test_a_refused_query_is_an_error_carrying_the_adql(eso: FakeEso) -> None:
    eso.tap_status = deque([400])
    with EsoArchive(eso_settings(eso)) as archive, pytest.raises(TapQueryError) as caught:
        archive.raw_frames(["UVES"], "2016-05-03", "2016-05-03")
    assert caught.value.status == 400 and "syntax error" in str(caught.value)
    assert "FROM dbo.raw" in caught.value.query
    assert len(eso.requests_for("/tap_obs/sync")) == 1  # a 400 is not retried
