"""Run the real UVES recipe chain of one arm on a simulated night (test support).

predict -> orderpos -> mbias -> mflat -> wavecal -> scired, with the SOFs of NOTES.md section 4.1;
frames are picked by their DPR TYPE and DET CHIPS, as ESO's OCA rules do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from astropy.io import fits

from instruments.uves import keywords as kw
from phoenix import NightSimulation, RecipeRun, SofEntry, run_esorex
from phoenix.keywords import QC_PREFIX

TAG_OF_TYPE = {
    "BIAS": "BIAS_{arm}",
    "LAMP,FMTCHK": "ARC_LAMP_FORM_{arm}",
    "LAMP,ORDERDEF": "ORDER_FLAT_{arm}",
    "LAMP,FLAT": "FLAT_{arm}",
    "LAMP,WAVE": "ARC_LAMP_{arm}",
    "OBJECT,POINT": "SCIENCE_{arm}",
}
ARM_OF_CHIPS = {1: kw.ARM_BLUE, 2: kw.ARM_RED}


@dataclass(frozen=True)
class ChainResult:
    """The recipe runs of one arm's chain, by recipe name."""

    runs: dict[str, RecipeRun]

    def product(self, category: str) -> str:
        """The file of a product category (PRO.CATG) written by any step."""
        for run in self.runs.values():
            found = run.by_category().get(category)
            if found:
                return found[0]
        raise KeyError(category)

    def qc(self, recipe: str, category: str) -> dict[str, object]:
        """QC values of a product, by name without the ``ESO QC`` prefix (``ORD NDET``)."""
        values = next(p.qc for p in self.runs[recipe].products if p.category == category)
        return {key.removeprefix(QC_PREFIX): value for key, value in values.items()}


def tagged_frames(night: NightSimulation, arm: str) -> dict[str, list[str]]:
    """SOF tag -> raw files of ``arm`` (frames without DPR or unreadable are skipped)."""
    tags: dict[str, list[str]] = {}
    for path in night.raw_files:
        try:
            header = fits.getheader(path)
        except OSError:
            continue
        dpr_type = header.get(kw.DPR_TYPE)
        if dpr_type not in TAG_OF_TYPE or ARM_OF_CHIPS.get(header.get(kw.DET_CHIPS)) != arm:
            continue
        try:
            with fits.open(path) as hdul:
                hdul.verify("exception")
                _ = [h.data for h in hdul]
        except (OSError, ValueError, TypeError):
            continue
        tags.setdefault(TAG_OF_TYPE[dpr_type].format(arm=arm), []).append(path)
    return tags


def run_chain(night: NightSimulation, arm: str, workdir: Path, science: str | None = None) -> ChainResult:
    """Run the chain for ``arm`` in sub-directories of ``workdir``; ``science`` picks the raw frame."""
    frames = tagged_frames(night, arm)
    chips = (kw.CHIP_BLUE,) if arm == kw.ARM_BLUE else (kw.CHIP_REDL, kw.CHIP_REDU)
    line_refer = SofEntry(night.static_files["LINE_REFER_TABLE"], "LINE_REFER_TABLE")
    runs: dict[str, RecipeRun] = {}

    def run(recipe: str, sof: list[SofEntry]) -> RecipeRun:
        runs[recipe] = run_esorex(recipe, sof, workdir / recipe, timeout_s=600)
        return runs[recipe]

    def products(category: str) -> list[SofEntry]:
        entries = []
        for chip in chips:
            cat = f"{category}_{chip}"
            entries += [SofEntry(p, cat) for r in runs.values() for p in r.by_category().get(cat, ())]
        return entries

    def raw(tag: str) -> list[SofEntry]:
        tag = tag.format(arm=arm)
        return [SofEntry(p, tag) for p in frames[tag]]

    run("uves_cal_predict", [*raw("ARC_LAMP_FORM_{arm}"), line_refer])
    run("uves_cal_orderpos", [*raw("ORDER_FLAT_{arm}"), *products("ORDER_GUESS_TAB")])
    run("uves_cal_mbias", raw("BIAS_{arm}"))
    run("uves_cal_mflat", [*raw("FLAT_{arm}"), *products("MASTER_BIAS"), *products("ORDER_TABLE")])
    run(
        "uves_cal_wavecal",
        [
            *raw("ARC_LAMP_{arm}"),
            line_refer,
            *products("ORDER_TABLE"),
            *products("MASTER_BIAS"),
            *products("LINE_GUESS_TAB"),
        ],
    )
    science_frame = science or frames[f"SCIENCE_{arm}"][0]
    run(
        "uves_obs_scired",
        [
            SofEntry(science_frame, f"SCIENCE_{arm}"),
            *products("MASTER_BIAS"),
            *products("MASTER_FLAT"),
            *products("ORDER_TABLE"),
            *products("LINE_TABLE"),
        ],
    )
    return ChainResult(runs)
