"""The night logs kept in the archive, the default :class:`NightLogSource`.

``<root>/<instrument>/<night>.csv`` is the file import (ours, written or exported by people);
``<root>/<instrument>/<night>/*.NL.txt`` are ESO's night-log reports as the dataPortal delivers
them (the ``eso`` fetch puts them there). Where both speak of an OB, the CSV file wins: it is
the deliberate, curated statement.
"""

from __future__ import annotations

from pathlib import Path

from phoenix.nightlog.csvlog import read_csv_night_log
from phoenix.nightlog.esotext import read_eso_night_log
from phoenix.nightlog.records import NightLogRecord

ESO_SUFFIX = ".NL.txt"


class ArchiveNightLogs:
    """Night logs under ``root`` (the archive's ``nightlog`` tree)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def csv_path(self, instrument: str, night: str) -> Path:
        return self.root / instrument / f"{night}.csv"

    def eso_directory(self, instrument: str, night: str) -> Path:
        return self.root / instrument / night

    def entries(self, instrument: str, night: str) -> list[NightLogRecord]:
        by_ob: dict[int, NightLogRecord] = {}
        directory = self.eso_directory(instrument, night)
        if directory.is_dir():
            for path in sorted(directory.glob(f"*{ESO_SUFFIX}")):
                by_ob.update((r.ob_id, r) for r in read_eso_night_log(path))
        csv_path = self.csv_path(instrument, night)
        if csv_path.exists():
            by_ob.update((r.ob_id, r) for r in read_csv_night_log(csv_path))
        return [by_ob[ob_id] for ob_id in sorted(by_ob)]
