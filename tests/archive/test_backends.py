"""Choosing the archive: ``phoenix run --archive local|eso``, and the backend by name."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from phoenix.archive.backends import ArchiveName, open_remote_archive
from phoenix.archive.eso import EsoArchive
from phoenix.config import resolve_settings
from phoenix.errors import ConfigError


def test_run_offers_the_local_and_the_eso_archive() -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["run", "--help"], terminal_width=200)
    assert "--archive" in shown.output and "local|eso" in shown.output
    refused = runner.invoke(app, ["run", "-i", "uves", "-n", "2016-05-03", "--archive", "ftp"])
    assert refused.exit_code == 2


def test_the_eso_backend_is_opened_by_name_and_local_is_not_remote(workspace: Path) -> None:
    settings = resolve_settings()
    archive = open_remote_archive(ArchiveName.ESO, settings)
    try:
        assert isinstance(archive, EsoArchive) and archive.name == "eso"
    finally:
        archive.close()
    with pytest.raises(ConfigError, match="not a remote archive"):
        open_remote_archive("local", settings)
