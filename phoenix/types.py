"""Frozen, validated values that cross the plugin boundary.

Plugins build these from data (classification tables, association rules, recipe chains) and the
engine interprets them. Nothing here reads files or the environment.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


def frozen_mapping(values: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()) -> Mapping[str, Any]:
    """A read-only copy of ``values``."""
    return MappingProxyType(dict(values))


class FrameRole(enum.StrEnum):
    """What a classified raw frame is used for."""

    SCIENCE = "SCIENCE"
    CALIB = "CALIB"
    IGNORED = "IGNORED"


class MatchOp(enum.StrEnum):
    """Comparison of a header value in a classification condition (after ESO's OCA language)."""

    EQ = "=="
    LIKE = "like"  # OCA's SQL-like '%' wildcard match
    IN = "in"


@dataclass(frozen=True)
class Condition:
    """One test on one header keyword, e.g. ``DPR.TYPE like '%FLAT%'``."""

    keyword: str
    op: MatchOp
    value: Any

    def __post_init__(self) -> None:
        if self.op is MatchOp.IN and not isinstance(self.value, tuple):
            raise TypeError(f"condition on {self.keyword}: 'in' needs a tuple, got {self.value!r}")

    def matches(self, header: Mapping[str, Any]) -> bool:
        """True when the header satisfies the condition (a missing keyword never does)."""
        if self.keyword not in header:
            return False
        actual = header[self.keyword]
        if self.op is MatchOp.EQ:
            return _normalise(actual) == _normalise(self.value)
        if self.op is MatchOp.IN:
            return _normalise(actual) in {_normalise(v) for v in self.value}
        pattern = "^" + ".*".join(re.escape(p) for p in str(self.value).split("%")) + "$"
        return re.match(pattern, str(actual).strip(), flags=re.IGNORECASE) is not None


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    return value


@dataclass(frozen=True)
class ClassificationRule:
    """A row of an instrument's classification table.

    ``category`` is the DO.CATG the frame gets (which is also its SOF tag), ``arm`` the detector
    arm or channel it belongs to. Rules are tried in order; the first whose conditions all match wins.
    """

    category: str
    role: FrameRole
    conditions: tuple[Condition, ...]
    arm: str = ""

    def __post_init__(self) -> None:
        if not self.category or not self.conditions:
            raise ValueError("a classification rule needs a category and at least one condition")


@dataclass(frozen=True)
class ClassificationTable:
    """The declared classification of an instrument's raw frames.

    ``required_keywords`` are the keywords a raw frame must carry to be classified at all
    (e.g. DPR CATG/TYPE/TECH); a frame without them is reported, not guessed at.
    ``setup_keywords`` are copied into every frame's setup (used for grouping and trending).
    """

    rules: tuple[ClassificationRule, ...]
    required_keywords: tuple[str, ...]
    setup_keywords: Mapping[str, tuple[str, ...]] = field(default_factory=frozen_mapping)

    def __post_init__(self) -> None:
        object.__setattr__(self, "setup_keywords", frozen_mapping(self.setup_keywords))


@dataclass(frozen=True)
class Classification:
    """The result of classifying one raw frame."""

    category: str
    role: FrameRole
    arm: str
    setup: Mapping[str, Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "setup", frozen_mapping(self.setup))


class Grouping(enum.StrEnum):
    """How frames form a dataset."""

    FILE = "file"  # one raw file per dataset (UVES, GIRAFFE)
    TEMPLATE = "template"  # all exposures of a template (XSHOOTER, MUSE)


@dataclass(frozen=True)
class DatasetDefinition:
    """How raw frames group into science datasets and calibration groups.

    ``calibration_group_keys`` group raw calibrations into one master-calibration job (e.g. the
    biases of one arm taken in one template); ``min_members`` the least number of raw frames that
    job needs per category.
    """

    science_categories: tuple[str, ...]
    grouping: Grouping
    group_keywords: tuple[str, ...] = ()
    calibration_group_keys: tuple[str, ...] = ()
    min_members: Mapping[str, int] = field(default_factory=frozen_mapping)

    def __post_init__(self) -> None:
        object.__setattr__(self, "min_members", frozen_mapping(self.min_members))


class Source(enum.StrEnum):
    """Where an associated input comes from."""

    MASTER = "master"  # a certified master calibration in the archive
    STATIC = "static"  # a static calibration table (line catalogues, ...)
    RAW = "raw"  # a raw frame of the same night


@dataclass(frozen=True)
class AssociationLevel:
    """One quality level of an association (EDPS convention: 0 = calibration plan, 3 = risky).

    A candidate qualifies at this level when it lies within ``window_days`` of the science
    frame's mid-exposure and matches every keyword of the rule except those in ``relaxed``.
    """

    level: int
    window_days: float
    relaxed: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.window_days <= 0:
            raise ValueError("an association window must be positive")


@dataclass(frozen=True)
class AssociationRule:
    """Which calibration a dataset of ``for_categories`` needs, and how to pick it.

    Candidates with category ``category`` are filtered by ``match_keywords`` (equal values in
    the dataset's frame and the candidate) and tried level by level; within a level the closest
    in time wins. ``count`` is how many are needed (raw inputs may need several).
    """

    category: str
    for_categories: tuple[str, ...]
    source: Source
    match_keywords: tuple[str, ...] = ()
    levels: tuple[AssociationLevel, ...] = (AssociationLevel(0, 1.0),)
    required: bool = True
    count: int = 1

    def __post_init__(self) -> None:
        if not self.levels and self.source is not Source.STATIC:
            raise ValueError(f"association rule {self.category}: needs at least one level")
        if list(self.levels) != sorted(self.levels, key=lambda lv: lv.level):
            raise ValueError(f"association rule {self.category}: levels must be ordered")


@dataclass(frozen=True)
class StepInput:
    """An input of a recipe step: the SOF tag and where the file comes from.

    ``source`` is RAW for the dataset's own frames, MASTER/STATIC for associated calibrations,
    or ``step:<name>`` for a product of an earlier step of the same chain.
    """

    tag: str
    source: str
    required: bool = True


class RunnerKind(enum.StrEnum):
    ESOREX = "esorex"
    PYTHON = "python"


@dataclass(frozen=True)
class RecipeStep:
    """One recipe call in a chain."""

    name: str
    recipe: str
    inputs: tuple[StepInput, ...]
    products: tuple[str, ...]
    parameters: Mapping[str, Any] = field(default_factory=frozen_mapping)
    runner: RunnerKind = RunnerKind.ESOREX
    timeout_s: float = 1800.0
    reference: str = ""  # a Python recipe (module:function) run when the esorex pipeline is absent

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", frozen_mapping(self.parameters))
        if not self.products:
            raise ValueError(f"recipe step {self.name}: declares no product")
        if self.timeout_s <= 0:
            raise ValueError(f"recipe step {self.name}: timeout_s must be positive")
        if self.reference and (self.runner is not RunnerKind.ESOREX or ":" not in self.reference):
            raise ValueError(
                f"recipe step {self.name}: a reference recipe ('module:function') stands in for an"
                " esorex recipe only"
            )


class ChainKind(enum.StrEnum):
    CALIBRATION = "calibration"
    SCIENCE = "science"


@dataclass(frozen=True)
class RecipeChain:
    """An ordered list of steps for one arm and purpose.

    ``trigger`` is the frame category that starts the chain: the science category for a science
    chain; for a calibration chain, the category whose raw frames form the group.
    ``masters`` are the product categories that become certified master calibrations.
    """

    name: str
    kind: ChainKind
    arm: str
    trigger: str
    steps: tuple[RecipeStep, ...]
    masters: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        names = [s.name for s in self.steps]
        if len(set(names)) != len(names):
            raise ValueError(f"chain {self.name}: step names must be unique")
        known: set[str] = set()
        for step in self.steps:
            for inp in step.inputs:
                if inp.source.startswith("step:") and inp.source[5:] not in known:
                    raise ValueError(f"chain {self.name}: {step.name} uses {inp.source} before it runs")
            known.add(step.name)


@dataclass(frozen=True)
class QcDefinition:
    """A QC parameter: where its value comes from and what it means."""

    name: str
    product: str  # PRO.CATG (or prefix) of the product that carries it
    keyword: str | None  # header keyword written by the recipe; None = computed by the engine
    unit: str
    description: str


@dataclass(frozen=True)
class Spectrum1D:
    """A one-dimensional spectrum as the engine needs it to write an SDP product.

    Wavelengths in nm (air, as ESO's pipelines deliver them), flux and error in the same unit.
    """

    wave_nm: Any
    flux: Any
    error: Any
    flux_unit: str
    source_file: str
    label: str = ""  # what distinguishes this spectrum within its dataset, e.g. the chip (REDL)
    # Facts about this spectrum the raw header cannot give (a fibre's OBJECT, RA, DEC, fibre id);
    # the plugin's phoenix_prepare_sdp_header turns them into cards.
    metadata: Mapping[str, Any] = field(default_factory=frozen_mapping)
    flux_calibrated: bool = False  # True: flux in physical units (FLUXCAL = 'ABSOLUTE')

    def __post_init__(self) -> None:
        object.__setattr__(self, "metadata", frozen_mapping(self.metadata))
        n = len(self.wave_nm)
        if n < 2 or len(self.flux) != n or len(self.error) != n:
            raise ValueError(f"{self.source_file}: wave, flux and error must have one equal length >= 2")


@dataclass(frozen=True)
class Cube:
    """A three-dimensional spectral cube as the engine needs it to write a ``SCIENCE.CUBE.IFS``.

    ``data`` and ``stat`` (the variance, as ESO's IFU pipelines deliver it) have the shape
    (wavelength, y, x); ``celestial_wcs`` holds the spatial axes' WCS cards (CTYPE1/2, CRVAL1/2,
    CRPIX1/2, CDi_j, CUNIT1/2, RADESYS, EQUINOX); the spectral axis is linear in air,
    ``wave0_nm`` at the first plane and ``dwave_nm`` per plane.
    """

    data: Any
    stat: Any
    celestial_wcs: Mapping[str, Any]
    wave0_nm: float
    dwave_nm: float
    flux_unit: str
    source_file: str
    label: str = ""  # what distinguishes this cube within its dataset
    metadata: Mapping[str, Any] = field(default_factory=frozen_mapping)  # e.g. OBJECT, exposures

    def __post_init__(self) -> None:
        object.__setattr__(self, "celestial_wcs", frozen_mapping(self.celestial_wcs))
        object.__setattr__(self, "metadata", frozen_mapping(self.metadata))
        shape = getattr(self.data, "shape", ())
        if len(shape) != 3 or min(shape) < 1 or getattr(self.stat, "shape", ()) != shape:
            raise ValueError(f"{self.source_file}: data and stat must be 3-D arrays of one shape")
        if not self.dwave_nm > 0 or not self.wave0_nm > 0:
            raise ValueError(f"{self.source_file}: the spectral axis needs positive wave0_nm and dwave_nm")


@dataclass(frozen=True)
class InstrumentInfo:
    """What a plugin says about itself."""

    name: str  # lowercase instrument id, e.g. "uves"
    instrume: tuple[str, ...]  # INSTRUME header values it owns
    version: str
    pipeline: str  # pipeline package, e.g. "uves"
    description: str = ""

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.name):
            raise ValueError(f"instrument id must be lowercase letters/digits: {self.name!r}")


@dataclass(frozen=True)
class NightSimulation:
    """What a plugin's simulator wrote for one night."""

    raw_files: tuple[str, ...]
    static_files: Mapping[str, str]  # category -> path of a static calibration table
    night_log: str
    truth: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "static_files", frozen_mapping(self.static_files))


class ThresholdKind(enum.StrEnum):
    FIXED = "fixed"
    STATISTICAL = "statistical"


@dataclass(frozen=True)
class QcThreshold:
    """How a QC parameter is scored, for the setups it applies to.

    ``setup`` restricts the threshold to frames whose setup has these values (empty: any setup);
    the most specific matching threshold of a kind wins. A FIXED threshold has ``lower`` and/or
    ``upper``: a *hard* one always applies, a *soft* one is the default that a STATISTICAL
    threshold replaces once the setup has ``min_history`` certified values. A STATISTICAL
    threshold is median ± ``k``·MAD (scaled to sigma) of the last ``history`` certified values of
    the same parameter and setup.
    """

    name: str
    kind: ThresholdKind = ThresholdKind.FIXED
    lower: float | None = None
    upper: float | None = None
    hard: bool = True
    setup: Mapping[str, Any] = field(default_factory=frozen_mapping)
    k: float = 5.0
    history: int = 30
    min_history: int = 10

    def __post_init__(self) -> None:
        object.__setattr__(self, "setup", frozen_mapping(self.setup))
        if self.kind is ThresholdKind.FIXED and self.lower is None and self.upper is None:
            raise ValueError(f"fixed threshold on {self.name} needs a lower or an upper limit")
        if self.lower is not None and self.upper is not None and self.lower > self.upper:
            raise ValueError(f"threshold on {self.name}: lower {self.lower} > upper {self.upper}")
        if self.kind is ThresholdKind.STATISTICAL and (self.k <= 0 or self.min_history < 3):
            raise ValueError(f"statistical threshold on {self.name} needs k > 0 and min_history >= 3")


class ReviewPolicy(enum.StrEnum):
    """When an instrument's products wait for a person before ingestion."""

    ALWAYS = "always"
    ON_RED = "on_red"
    NEVER = "never"


@dataclass(frozen=True)
class JobResources:
    """What one recipe run needs of the machine: peak memory and threads.

    The engine starts a job only when its estimate fits in what the running jobs leave of the
    memory budget and the cores; a job larger than the whole budget is refused, never started.
    """

    memory_mb: float
    threads: int = 1

    def __post_init__(self) -> None:
        if not self.memory_mb > 0:
            raise ValueError(f"a job's memory estimate must be positive, got {self.memory_mb}")
        if self.threads < 1:
            raise ValueError(f"a job needs at least one thread, got {self.threads}")
