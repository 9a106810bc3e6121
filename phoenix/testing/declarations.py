"""Checks of a plugin's declarations, each returning the problems it finds (empty: conformant).

Every problem names the declaration it is about (rule, chain, step, parameter), so a plugin
author can act on it without reading the engine.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable, Sequence

from phoenix.classify import classify_frame
from phoenix.errors import FrameError
from phoenix.plugins import Instruments
from phoenix.testing.samples import SampleHeader
from phoenix.types import (
    AssociationRule,
    ChainKind,
    ClassificationTable,
    DatasetDefinition,
    FrameRole,
    Grouping,
    QcDefinition,
    RecipeChain,
    RunnerKind,
    Source,
)


def describe_problems(instruments: Instruments, instrument: str) -> list[str]:
    """The plugin is installed under ``instrument`` and describes itself completely."""
    if instrument not in instruments.names():
        installed = ", ".join(instruments.names()) or "none"
        return [
            f"no installed plugin serves {instrument!r} (installed: {installed}); register it in the"
            " 'phoenix.instruments' entry-point group and install the package"
        ]
    loaded = next(p for p in instruments.loaded() if p.info.name == instrument)
    info = loaded.info
    problems = []
    if not loaded.package:
        problems.append(f"{instrument}: not installed through an entry point (no distribution package)")
    for field_name in ("version", "pipeline"):
        if not getattr(info, field_name):
            problems.append(f"{instrument}: InstrumentInfo.{field_name} is empty")
    if not info.instrume:
        problems.append(f"{instrument}: InstrumentInfo.instrume names no INSTRUME header value")
    for value in info.instrume:
        owner = instruments.owner_of(value)
        if owner != instrument:
            problems.append(f"{instrument}: INSTRUME {value!r} is owned by {owner!r}")
    return problems


def classification_problems(table: ClassificationTable, samples: Sequence[SampleHeader]) -> list[str]:
    """Each sample header gets its expected category, or is refused when it expects none."""
    problems = []
    if not table.required_keywords:
        problems.append("classification: no required keywords; a frame without them would be guessed at")
    if not samples:
        problems.append(
            "classification: no sample headers; set `sample_headers` on the conformance class"
            " (real raw headers, each with the category it must get)"
        )
    for sample in samples:
        try:
            got: str | None = classify_frame(sample.header, table, filename=sample.name).category
        except FrameError as exc:
            got = None
            if sample.category is not None:
                problems.append(f"sample {sample.name}: expected {sample.category}, refused: {exc.reason}")
                continue
        if got != sample.category:
            expected = sample.category or "to be refused"
            problems.append(f"sample {sample.name}: expected {expected}, classified as {got}")
    return problems


def dataset_problems(
    table: ClassificationTable, definition: DatasetDefinition, chains: Iterable[RecipeChain]
) -> list[str]:
    """Science categories are science frames, every science chain starts from one, sizes are known."""
    categories = {r.category for r in table.rules}
    science = {r.category for r in table.rules if r.role is FrameRole.SCIENCE}
    problems = [
        f"datasets: science category {c} is not a SCIENCE role of any classification rule"
        for c in definition.science_categories
        if c not in science
    ]
    problems += [
        f"datasets: science chain {c.name} starts from {c.trigger}, not a declared science category"
        for c in chains
        if c.kind is ChainKind.SCIENCE and c.trigger not in definition.science_categories
    ]
    problems += [
        f"datasets: min_members names {c}, which no classification rule gives"
        for c in definition.min_members
        if c not in categories
    ]
    if definition.grouping is Grouping.TEMPLATE and not definition.group_keywords:
        problems.append("datasets: template grouping needs group_keywords (e.g. TPL.START)")
    return problems


def association_problems(
    table: ClassificationTable, chains: Sequence[RecipeChain], rules: Sequence[AssociationRule]
) -> list[str]:
    """Every required chain input has a rule; every rule serves a chain and names something real."""
    categories = {r.category for r in table.rules}
    triggers = {c.trigger for c in chains}
    masters = {m for c in chains if c.kind is ChainKind.CALIBRATION for m in c.masters}
    problems = []
    for chain in chains:
        offered = {(r.category, r.source) for r in rules if chain.trigger in r.for_categories}
        for step in chain.steps:
            for inp in step.inputs:
                own_frames = inp.source == Source.RAW and inp.tag == chain.trigger
                if inp.source.startswith("step:") or own_frames or not inp.required:
                    continue
                if (inp.tag, inp.source) not in offered:
                    problems.append(
                        f"chain {chain.name}, step {step.name}: no association rule gives {inp.tag}"
                        f" from {inp.source} to {chain.trigger}"
                    )
    for rule in rules:
        dead = sorted(set(rule.for_categories) - triggers)
        if dead:
            problems.append(f"association rule {rule.category}: serves {dead}, which start no chain")
        if rule.source is Source.RAW and rule.category not in categories:
            problems.append(f"association rule {rule.category}: raw category never classified")
        if rule.source is Source.MASTER and rule.category not in masters:
            problems.append(f"association rule {rule.category}: no calibration chain certifies this master")
    return problems


def chain_problems(table: ClassificationTable, chains: Sequence[RecipeChain]) -> list[str]:
    """Chains start from classified frames, steps are fed and feed, python recipes can be called."""
    roles = {r.category: r.role for r in table.rules}
    expected_role = {ChainKind.CALIBRATION: FrameRole.CALIB, ChainKind.SCIENCE: FrameRole.SCIENCE}
    problems = []
    if not chains:
        problems.append("recipe chains: none declared")
    names = [c.name for c in chains]
    problems += [
        f"recipe chain {n}: name used twice" for n in sorted({n for n in names if names.count(n) > 1})
    ]
    for chain in chains:
        role = roles.get(chain.trigger)
        if role is not expected_role[chain.kind]:
            problems.append(
                f"chain {chain.name}: trigger {chain.trigger} is classified as {role}, expected"
                f" {expected_role[chain.kind].value}"
            )
        products = {p for s in chain.steps for p in s.products}
        problems += [
            f"chain {chain.name}: master {m} is made by no step" for m in chain.masters if m not in products
        ]
        by_name = {s.name: s for s in chain.steps}
        for step in chain.steps:
            for inp in step.inputs:
                producer = by_name.get(inp.source[5:]) if inp.source.startswith("step:") else None
                if producer is not None and inp.tag not in producer.products:
                    problems.append(
                        f"chain {chain.name}, step {step.name}: {inp.tag} is not made by {producer.name}"
                    )
            problems += _step_problems(chain, step)
    return problems


def _step_problems(chain: RecipeChain, step) -> list[str]:  # type: ignore[no-untyped-def]
    where = f"chain {chain.name}, step {step.name}"
    problems = []
    try:
        json.dumps(dict(step.parameters), sort_keys=True)
    except (TypeError, ValueError) as exc:
        problems.append(f"{where}: parameters are not plain data (they go into the job identity): {exc}")
    if step.runner is RunnerKind.PYTHON:
        module_name, _, function = step.recipe.partition(":")
        try:
            target = getattr(importlib.import_module(module_name), function)
        except (ImportError, AttributeError, ValueError) as exc:
            problems.append(f"{where}: python recipe {step.recipe!r} cannot be imported: {exc}")
        else:
            if not callable(target):
                problems.append(f"{where}: python recipe {step.recipe!r} is not callable")
    return problems


def qc_problems(chains: Sequence[RecipeChain], definitions: Sequence[QcDefinition]) -> list[str]:
    """QC parameters are described, unique per product, and read from products a chain makes."""
    products = {p for c in chains for s in c.steps for p in s.products}
    problems = []
    seen: set[tuple[str, str]] = set()
    for qc in definitions:
        if (qc.name, qc.product) in seen:
            problems.append(f"QC {qc.name} on {qc.product}: declared twice")
        seen.add((qc.name, qc.product))
        if not qc.description:
            problems.append(f"QC {qc.name}: needs a description")
        if not isinstance(qc.unit, str):
            problems.append(f"QC {qc.name}: unit must be a string ('' for none), got {qc.unit!r}")
        if qc.keyword is not None and not any(p.startswith(qc.product) for p in products):
            problems.append(f"QC {qc.name}: no chain makes a product {qc.product}*")
    return problems


def threshold_problems(definitions: Sequence[QcDefinition], thresholds: Iterable[object]) -> list[str]:
    """Every threshold scores a declared QC parameter."""
    names = {qc.name for qc in definitions}
    return [
        f"QC threshold on {getattr(t, 'name', t)!r}: no QC parameter of that name is declared"
        for t in thresholds
        if getattr(t, "name", None) not in names
    ]
