"""Typed errors: each carries what a person needs to act (file, keyword, expectation)."""

from __future__ import annotations


class PhoenixError(Exception):
    """Base of every error PHOENIX raises on purpose."""


class ConfigError(PhoenixError):
    """Configuration is missing or inconsistent."""


class PluginError(PhoenixError):
    """An instrument plugin failed to load or broke the hook contract."""

    def __init__(self, plugin: str, problem: str) -> None:
        super().__init__(f"instrument plugin {plugin!r}: {problem}")
        self.plugin = plugin
        self.problem = problem


class UnknownInstrumentError(PhoenixError):
    """No plugin owns the instrument asked for."""

    def __init__(self, instrument: str, known: list[str]) -> None:
        super().__init__(f"no plugin for instrument {instrument!r}; installed: {', '.join(known) or 'none'}")
        self.instrument = instrument


class FrameError(PhoenixError):
    """A raw frame cannot be used: unreadable, truncated or missing a keyword."""

    def __init__(self, filename: str, reason: str, keyword: str | None = None) -> None:
        super().__init__(f"{filename}: {reason}")
        self.filename = filename
        self.reason = reason
        self.keyword = keyword


class RecipeError(PhoenixError):
    """A pipeline recipe failed; carries the log tail."""

    def __init__(self, recipe: str, returncode: int, log_tail: str, workdir: str) -> None:
        super().__init__(
            f"recipe {recipe} failed with exit code {returncode} (work dir {workdir});"
            f" last log lines:\n{log_tail}"
        )
        self.recipe = recipe
        self.returncode = returncode
        self.log_tail = log_tail
        self.workdir = workdir


class RecipeTimeoutError(RecipeError):
    """A recipe ran past its time limit and was killed."""


class AssociationError(PhoenixError):
    """A dataset misses a required calibration."""


class ValidationError(PhoenixError):
    """A product violates the ESO Phase 3 (SDP) standard."""

    def __init__(self, filename: str, problems: list[str]) -> None:
        super().__init__(f"{filename}: {len(problems)} Phase 3 problem(s): " + "; ".join(problems))
        self.filename = filename
        self.problems = problems


class ArchiveError(PhoenixError):
    """The archive refused or could not complete an operation."""
