"""PHOENIX: a production line for science-grade data products from ESO VLT instruments.

The public API for instrument plugins is what this module exports; plugins import nothing else
from ``phoenix``.
"""

from phoenix.errors import FrameError, PhoenixError, PluginError, RecipeError, ValidationError
from phoenix.hookspecs import HOOK_API_VERSION, hookimpl
from phoenix.runners.base import ProductFile, RecipeRun, SofEntry
from phoenix.runners.esorex import run_esorex
from phoenix.types import (
    AssociationLevel,
    AssociationRule,
    ChainKind,
    Classification,
    ClassificationRule,
    ClassificationTable,
    Condition,
    DatasetDefinition,
    FrameRole,
    Grouping,
    InstrumentInfo,
    MatchOp,
    NightSimulation,
    QcDefinition,
    RecipeChain,
    RecipeStep,
    RunnerKind,
    Source,
    Spectrum1D,
    StepInput,
)

__version__ = "0.1.0"

__all__ = [
    "HOOK_API_VERSION",
    "AssociationLevel",
    "AssociationRule",
    "ChainKind",
    "Classification",
    "ClassificationRule",
    "ClassificationTable",
    "Condition",
    "DatasetDefinition",
    "FrameError",
    "FrameRole",
    "Grouping",
    "InstrumentInfo",
    "MatchOp",
    "NightSimulation",
    "PhoenixError",
    "PluginError",
    "ProductFile",
    "QcDefinition",
    "RecipeChain",
    "RecipeError",
    "RecipeRun",
    "RecipeStep",
    "RunnerKind",
    "SofEntry",
    "Source",
    "Spectrum1D",
    "StepInput",
    "ValidationError",
    "__version__",
    "hookimpl",
    "run_esorex",
]
