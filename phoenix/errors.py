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


class ResourceError(PhoenixError):
    """A job's memory or thread estimate exceeds the whole budget of the machine; never started."""


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


class NightLogError(PhoenixError):
    """A night-log file cannot be read: which file, which line, what was expected."""

    def __init__(self, filename: str, reason: str, line: int | None = None) -> None:
        where = f"{filename} line {line}" if line is not None else filename
        super().__init__(f"{where}: {reason}")
        self.filename = filename
        self.reason = reason
        self.line = line


class RemoteArchiveError(ArchiveError):
    """A remote archive (ESO) service refused or failed a request for good.

    ``url`` never carries a credential (tokens travel in headers, passwords in request bodies).
    """

    def __init__(self, service: str, url: str, reason: str, status: int | None = None) -> None:
        code = f" (HTTP {status})" if status is not None else ""
        super().__init__(f"{service} {url}: {reason}{code}")
        self.service = service
        self.url = url
        self.reason = reason
        self.status = status


class AuthenticationError(RemoteArchiveError):
    """No bearer token could be obtained, or the one given has expired (credentials never shown)."""


class TapQueryError(RemoteArchiveError):
    """A TAP query failed; carries the ADQL so it can be run by hand."""

    def __init__(self, url: str, reason: str, query: str, status: int | None = None) -> None:
        super().__init__("TAP", url, f"{reason}; query: {query}", status)
        self.query = query


class DownloadError(RemoteArchiveError):
    """A file could not be fetched whole and verified."""

    def __init__(self, name: str, url: str, reason: str, status: int | None = None) -> None:
        super().__init__("dataPortal", url, f"{name}: {reason}", status)
        self.name = name


class ProprietaryDataError(PhoenixError):
    """A product may not be published yet: an input is still in its proprietary period."""

    def __init__(self, filename: str, release_date: str) -> None:
        super().__init__(
            f"{filename}: proprietary until {release_date} (the latest release date of its raw inputs);"
            " it will be published on the first run after that date"
        )
        self.filename = filename
        self.release_date = release_date


class ReportError(PhoenixError):
    """A report was asked for with arguments it cannot use (a malformed night or month, no data)."""
