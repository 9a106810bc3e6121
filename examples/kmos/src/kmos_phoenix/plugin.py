"""The KMOS plugin object: each hook hands out a declaration of this package or calls its code.

Registered by the ``phoenix.instruments`` entry point ``kmos = kmos_phoenix.plugin:plugin``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kmos_phoenix import __version__
from kmos_phoenix.associations import ASSOCIATIONS
from kmos_phoenix.chains import recipe_chains
from kmos_phoenix.classification import CLASSIFICATION
from kmos_phoenix.datasets import DATASETS
from kmos_phoenix.qc import QC_PARAMETERS
from kmos_phoenix.sdp_cards import sdp_cards
from kmos_phoenix.simulator import simulate_night
from kmos_phoenix.spectra import extract_spectra
from phoenix import (
    AssociationRule,
    ClassificationTable,
    DatasetDefinition,
    InstrumentInfo,
    NightSimulation,
    QcDefinition,
    RecipeChain,
    Spectrum1D,
    hookimpl,
)


class KmosPlugin:
    """KMOS (VLT UT1): near-infrared spectra of up to 24 targets at once, one IFU each."""

    @hookimpl
    def phoenix_describe_instrument(self) -> InstrumentInfo:
        return InstrumentInfo(
            name="kmos",
            instrume=("KMOS",),
            version=__version__,
            pipeline="kmos_phoenix",
            description="KMOS at small scale: a few IFUs of spectrograph 1, Python recipes",
        )

    @hookimpl
    def phoenix_declare_classification(self) -> ClassificationTable:
        return CLASSIFICATION

    @hookimpl
    def phoenix_declare_datasets(self) -> DatasetDefinition:
        return DATASETS

    @hookimpl
    def phoenix_declare_associations(self) -> tuple[AssociationRule, ...]:
        return ASSOCIATIONS

    @hookimpl
    def phoenix_declare_recipe_chains(self) -> tuple[RecipeChain, ...]:
        return recipe_chains()

    @hookimpl
    def phoenix_declare_qc_parameters(self) -> tuple[QcDefinition, ...]:
        return QC_PARAMETERS

    @hookimpl
    def phoenix_extract_spectra(self, products: Mapping[str, tuple[str, ...]]) -> tuple[Spectrum1D, ...]:
        return extract_spectra(products)

    @hookimpl
    def phoenix_prepare_sdp_header(
        self, raw_header: Mapping[str, Any], spectrum: Spectrum1D
    ) -> Mapping[str, Any]:
        return sdp_cards(raw_header, spectrum)

    @hookimpl
    def phoenix_simulate_night(
        self, night: str, destination: str, options: Mapping[str, Any]
    ) -> NightSimulation:
        return simulate_night(night, destination, options)


plugin = KmosPlugin()
