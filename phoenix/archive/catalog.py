"""The local catalog's rows: names of the facts a remote archive's metadata leaves in them
(``ArchiveEntry.keys``), and :class:`CatalogRow`, a row to record in a batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

RELEASE_DATE_KEY = "release_date"  # ISO-8601 UTC end of the proprietary period
SOURCE_KEY = "source"  # the archive backend the file came from, e.g. "eso"
DP_ID_KEY = "dp_id"  # the data-product id at that archive
OB_ID_KEY = "ob_id"
DP_CAT_KEY = "dp_cat"


@dataclass(frozen=True)
class CatalogRow:
    """One file already placed in the archive tree, to record with ``LocalArchive.record_many``.

    ``path`` is relative to the archive root; ``checksum`` the file's sha256 (hex).
    """

    kind: str
    name: str
    instrument: str
    path: str
    checksum: str
    size: int
    night: str | None = None
    category: str | None = None
    mjd_obs: float | None = None
    keys: Mapping[str, Any] = field(default_factory=dict)
    dataset_id: int | None = None
    job_id: str | None = None

    def values(self) -> dict[str, Any]:
        """The ArchiveEntry columns of the row (without ``ingested_at``)."""
        return {
            "kind": self.kind,
            "name": self.name,
            "instrument": self.instrument,
            "night": self.night,
            "category": self.category,
            "path": self.path,
            "checksum": self.checksum,
            "size": self.size,
            "mjd_obs": self.mjd_obs,
            "keys": dict(self.keys),
            "dataset_id": self.dataset_id,
            "job_id": self.job_id,
        }
