"""GIRAFFE sample headers: the DPR triplets of ESO's giraf.oca rules with the category each gets."""

from __future__ import annotations

import json
from pathlib import Path

from phoenix.testing import SampleHeader

FACTS = Path(__file__).resolve().parents[1] / "fixtures" / "giraffe_oca_classification.json"


def oca_facts() -> list[dict]:
    return json.loads(FACTS.read_text())["frames"]


def dpr_header(catg: str, dpr_type: str, tech: str) -> dict[str, str]:
    return {"INSTRUME": "GIRAFFE", "ESO DPR CATG": catg, "ESO DPR TYPE": dpr_type, "ESO DPR TECH": tech}


def giraffe_samples() -> tuple[SampleHeader, ...]:
    """One header per OCA fact, and a science header without DPR keywords (must be refused)."""
    samples = [
        SampleHeader("giraf.oca: " + "/".join(f["dpr"]), f["category"], dpr_header(*f["dpr"]))
        for f in oca_facts()
    ]
    samples.append(SampleHeader("Medusa frame without DPR keywords", None, {"INSTRUME": "GIRAFFE"}))
    return tuple(samples)
