"""The archive backends a run can take its raw frames from, by name (``phoenix run --archive``)."""

from __future__ import annotations

import enum

from phoenix.archive.source import RemoteArchive
from phoenix.config import Settings
from phoenix.errors import ConfigError


class ArchiveName(enum.StrEnum):
    LOCAL = "local"  # the workspace's own archive (the default)
    ESO = "eso"  # ESO's science archive, fetched into the local one first


def open_remote_archive(name: str, settings: Settings) -> RemoteArchive:
    """A remote archive backend, opened (close it when done); ``local`` is not remote and needs none."""
    if name == ArchiveName.ESO:
        from phoenix.archive.eso import EsoArchive  # httpx only when the ESO archive is used

        return EsoArchive(settings.eso)
    remote = [a.value for a in ArchiveName if a is not ArchiveName.LOCAL]
    raise ConfigError(f"archive {name!r} is not a remote archive; choose one of {remote}")
