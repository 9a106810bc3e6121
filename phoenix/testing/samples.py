"""Sample raw headers a plugin ships with the category each must get (or ``None``: must be refused)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phoenix.types import frozen_mapping


@dataclass(frozen=True)
class SampleHeader:
    """A raw primary header (astropy key names, ``ESO DPR CATG``) and its expected category.

    ``category`` ``None`` means the engine must refuse the frame (e.g. a required keyword is
    missing); ``name`` says where the header comes from.
    """

    name: str
    category: str | None
    header: Mapping[str, Any] = field(default_factory=frozen_mapping)

    def __post_init__(self) -> None:
        object.__setattr__(self, "header", frozen_mapping(self.header))


def load_sample_headers(path: Path) -> tuple[SampleHeader, ...]:
    """Read a JSON list of ``{"name": ..., "category": ... or null, "header": {...}}``.

    :raises ValueError: naming the file and the entry that lacks a field.
    """
    entries = json.loads(Path(path).read_text(encoding="utf-8"))
    samples = []
    for index, entry in enumerate(entries):
        try:
            samples.append(SampleHeader(entry["name"], entry["category"], entry["header"]))
        except (KeyError, TypeError) as exc:
            raise ValueError(f"{path}: entry {index} needs name, category and header ({exc})") from exc
    return tuple(samples)
