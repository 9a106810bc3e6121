"""A simulated UVES night as the fake ESO serves it: TAP rows in the recorded ``dbo.raw`` layout,
files (plain, gzip and compress), Raw2Master tables and night-log reports, some with faults."""

from __future__ import annotations

import csv
import io
import re
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from astropy.io.votable import from_table
from astropy.table import Table

from tests.archive.fake_eso import FakeEso, ServedFile
from tests.archive.frames import as_gzip, as_z, master_frame, raw_frame

NIGHT = "2016-05-03"
PUBLIC_OB, CLOSED_OB = 200100, 200200
PAST = datetime(2017, 5, 4, 8, 0, tzinfo=UTC)
FUTURE = datetime.now(UTC).replace(microsecond=0) + timedelta(days=400)
BIASES = ["UVES.2016-05-03T21:00:00.001", "UVES.2016-05-03T21:01:00.002"]
SCIENCE = ["UVES.2016-05-04T01:00:00.003", "UVES.2016-05-04T01:20:00.004"]
CLOSED = "UVES.2016-05-04T03:00:00.005"
LOST = "UVES.2016-05-04T04:00:00.006"  # listed by TAP, not on the dataPortal
MASTERS = {
    "M.UVES.2016-05-05T10:00:00.100": "MASTER_BIAS_BLUE",
    "M.UVES.2016-05-05T10:05:00.200": "MASTER_FORM_BLUE",
}
NIGHT_LOG = Path("archive_responses") / "nightlog_MUSE.2017-06-16T01-34-56.867.NL.txt"
RECORDED_OB = 1755413


@dataclass
class ServedNight:
    originals: dict[str, bytes] = field(default_factory=dict)  # file name -> bytes as they must land


def serve_night(fake: FakeEso, reference: Path) -> ServedNight:
    night = ServedNight()
    rows = []
    encodings = {
        BIASES[0]: as_z,
        BIASES[1]: lambda b: b,
        SCIENCE[0]: as_gzip,
        SCIENCE[1]: as_z,
        CLOSED: as_gzip,
    }
    faults = {SCIENCE[0]: ["truncate"], SCIENCE[1]: ["500"], BIASES[0]: ["timeout"]}
    for dp_id, category, dpr_type, ob_id in [
        (BIASES[0], "CALIB", "BIAS", 300100),
        (BIASES[1], "CALIB", "BIAS", 300100),
        (SCIENCE[0], "SCIENCE", "OBJECT", PUBLIC_OB),
        (SCIENCE[1], "SCIENCE", "OBJECT", PUBLIC_OB),
        (CLOSED, "SCIENCE", "OBJECT", CLOSED_OB),
        (LOST, "CALIB", "BIAS", 300100),
    ]:
        released = FUTURE if dp_id == CLOSED else PAST
        rows.append(
            {
                "dp_id": dp_id,
                "dp_cat": category,
                "dp_type": dpr_type,
                "ob_id": ob_id,
                "instrument": "UVES",
                "exp_start": dp_id.split(".", 1)[1] + "Z",
                "release_date": released.isoformat().replace("+00:00", "Z"),
            }
        )
        if dp_id == LOST:
            continue
        original = raw_frame(dp_id, category=category, dpr_type=dpr_type, ob_id=ob_id)
        night.originals[f"{dp_id}.fits"] = original
        fake.files[dp_id] = ServedFile(
            encodings[dp_id](original), proprietary=dp_id == CLOSED, faults=deque(faults.get(dp_id, []))
        )
    fake.tap_csv = _recorded_layout(reference, rows)
    for dp_id, category in MASTERS.items():
        original = master_frame(dp_id, category)
        night.originals[f"{dp_id}.fits"] = original
        fake.files[dp_id] = ServedFile(as_z(original))
    for dp_id in [*SCIENCE, CLOSED]:
        fake.calselector[(dp_id, "Raw2Master")] = (_raw2master(dp_id), "application/x-votable+xml")
    real_log = (reference / NIGHT_LOG).read_text()
    fake.files[f"{SCIENCE[0]}.NL"] = ServedFile(real_log.encode())
    # the same report for the proprietary OB, graded A (a derived variant of the real file)
    graded_a = re.sub(r"(Grade:[ ]*\t[ ]*\t)X", r"\1A", real_log.replace(str(RECORDED_OB), str(CLOSED_OB)))
    fake.files[f"{CLOSED}.NL"] = ServedFile(graded_a.encode(), proprietary=True)
    return night


def _recorded_layout(reference: Path, rows: list[dict]) -> str:
    """TAP rows written with the columns (and index column) of a recorded ``dbo.raw`` answer."""
    recorded = reference / "archive_responses" / "astroquery_recorded" / "query_main_sgra.csv"
    columns = next(csv.reader(io.StringIO(recorded.read_text())))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for index, row in enumerate(rows):
        writer.writerow({"": index, **row})
    return out.getvalue()


def _raw2master(dp_id: str) -> bytes:
    """A Raw2Master DataLink table in the recorded layout: #this, then one #calibration per master."""
    portal = "https://dataportal.eso.org/dataPortal/file"
    rows = [(f"ivo://eso.org/ID?{dp_id}", f"{portal}/{dp_id}", "#this", "OBJECT")]
    rows += [(f"ivo://eso.org/ID?{dp_id}", f"{portal}/{m}", "#calibration", c) for m, c in MASTERS.items()]
    table = Table(rows=rows, names=("ID", "access_url", "semantics", "eso_category"))
    buffer = io.BytesIO()
    from_table(table).to_xml(buffer)
    return buffer.getvalue()
