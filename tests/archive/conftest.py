"""Fixtures of the archive tests: a fake ESO on 127.0.0.1 and settings that point at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from phoenix.config import EsoSettings, Settings, resolve_settings
from tests.archive.fake_eso import FakeEso, RunningFakeEso

USER, PASSWORD = "icondor", "pa55-w0rd-never-logged"


@pytest.fixture
def eso() -> Iterator[FakeEso]:
    with RunningFakeEso(FakeEso(users={USER: PASSWORD})) as fake:
        yield fake


def eso_settings(fake: FakeEso, **changes: Any) -> EsoSettings:
    """Settings for the fake: tiny backoff and time-out so faults cost milliseconds."""
    values: dict[str, Any] = {
        "tap_url": f"{fake.url}/tap_obs",
        "dataportal_url": f"{fake.url}/dataPortal/file",
        "calselector_url": f"{fake.url}/calselector",
        "token_url": f"{fake.url}/sso/oidc/token",
        "backoff_s": 0.01,
        "timeout_s": 0.3,
        "attempts": 4,
        "max_concurrency": 3,
        "token_margin_s": 0.3,
    }
    values.update(changes)
    return resolve_settings(overrides={"eso": values}).eso


def with_credentials(fake: FakeEso, **changes: Any) -> EsoSettings:
    return eso_settings(fake, username=USER, password=PASSWORD, **changes)


@pytest.fixture
def settings(workspace: Path, eso: FakeEso) -> Settings:
    return resolve_settings(overrides={"eso": eso_settings(eso, username=USER, password=PASSWORD)})
