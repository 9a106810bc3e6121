"""PHOENIX: a production line for science-grade data products from ESO VLT instruments.

The public API for instrument plugins is what this module exports; plugins import nothing else
from ``phoenix``.
"""

from phoenix.correlations import ScatterPlot, ScatterSeries
from phoenix.errors import FrameError, PhoenixError, PluginError, RecipeError, ValidationError
from phoenix.hookspecs import HOOK_API_VERSION, HookDeprecationWarning, hookimpl
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
    Cube,
    DatasetDefinition,
    FrameRole,
    Grouping,
    InstrumentInfo,
    JobResources,
    MatchOp,
    NightSimulation,
    QcDefinition,
    QcThreshold,
    RecipeChain,
    RecipeStep,
    ReviewPolicy,
    RunnerKind,
    Source,
    Spectrum1D,
    StepInput,
    ThresholdKind,
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
    "Cube",
    "DatasetDefinition",
    "FrameError",
    "FrameRole",
    "Grouping",
    "HookDeprecationWarning",
    "InstrumentInfo",
    "JobResources",
    "MatchOp",
    "NightSimulation",
    "PhoenixError",
    "PluginError",
    "ProductFile",
    "QcDefinition",
    "QcThreshold",
    "RecipeChain",
    "RecipeError",
    "RecipeRun",
    "RecipeStep",
    "ReviewPolicy",
    "RunnerKind",
    "ScatterPlot",
    "ScatterSeries",
    "SofEntry",
    "Source",
    "Spectrum1D",
    "StepInput",
    "ThresholdKind",
    "ValidationError",
    "__version__",
    "hookimpl",
    "run_esorex",
]
