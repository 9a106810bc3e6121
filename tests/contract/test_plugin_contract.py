"""The contract every installed instrument plugin must honour (built-ins and third parties)."""

from __future__ import annotations

import pytest

from phoenix.plugins import get_instruments
from phoenix.types import ChainKind, FrameRole, Source

INSTRUMENTS = get_instruments()


@pytest.fixture(params=INSTRUMENTS.names())
def instrument(request: pytest.FixtureRequest) -> str:
    return request.param


def test_declarations_are_frozen_values(instrument: str) -> None:
    for value in (INSTRUMENTS.classification(instrument), INSTRUMENTS.datasets(instrument)):
        with pytest.raises(AttributeError):
            value.__setattr__("x", 1)
    assert INSTRUMENTS.chains(instrument), "a plugin declares at least one recipe chain"


def test_every_chain_input_has_a_source(instrument: str) -> None:
    table = INSTRUMENTS.classification(instrument)
    raw_categories = {r.category for r in table.rules}
    rules = INSTRUMENTS.associations(instrument)
    for chain in INSTRUMENTS.chains(instrument):
        assert chain.trigger in raw_categories, f"{chain.name}: trigger {chain.trigger} is never classified"
        associated = {(r.category, r.source) for r in rules if chain.trigger in r.for_categories}
        for step in chain.steps:
            for inp in step.inputs:
                if inp.source.startswith("step:"):
                    producer = next(s for s in chain.steps if s.name == inp.source[5:])
                    assert inp.tag in producer.products, (
                        f"{chain.name}/{step.name}: {inp.tag} not made by {producer.name}"
                    )
                elif inp.source == Source.RAW and inp.tag == chain.trigger:
                    continue
                elif inp.required:
                    assert (inp.tag, inp.source) in associated, (
                        f"{chain.name}/{step.name}: no association rule gives {inp.tag} from {inp.source}"
                    )


def test_science_needs_only_what_calibration_chains_make(instrument: str) -> None:
    chains = INSTRUMENTS.chains(instrument)
    masters = {m for c in chains if c.kind is ChainKind.CALIBRATION for m in c.masters}
    for chain in chains:
        for produced in chain.masters:
            assert any(produced in s.products for s in chain.steps), (
                f"{chain.name}: master {produced} never made"
            )
        if chain.kind is ChainKind.SCIENCE:
            needed = {
                i.tag for s in chain.steps for i in s.inputs if i.source == Source.MASTER and i.required
            }
            assert needed <= masters, f"{chain.name}: no calibration chain makes {sorted(needed - masters)}"


def test_classification_roles_and_science_categories(instrument: str) -> None:
    table = INSTRUMENTS.classification(instrument)
    science = {r.category for r in table.rules if r.role is FrameRole.SCIENCE}
    assert set(INSTRUMENTS.datasets(instrument).science_categories) <= science
    assert table.required_keywords, "frames without the classifying keywords must be reported, not guessed"


def test_qc_definitions_name_products_a_chain_makes(instrument: str) -> None:
    products = {p for c in INSTRUMENTS.chains(instrument) for s in c.steps for p in s.products}
    for qc in INSTRUMENTS.qc_parameters(instrument):
        if qc.keyword is not None:
            assert any(p.startswith(qc.product) for p in products), f"QC {qc.name}: no product {qc.product}*"
        assert qc.description, f"QC {qc.name} needs a description"
