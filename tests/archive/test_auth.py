"""OIDC bearer tokens: asked for only for proprietary data, refreshed before expiry, never logged."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from phoenix.archive.eso import EsoArchive
from phoenix.archive.eso.auth import jwt_expiry
from phoenix.archive.files import PARTIAL_SUFFIX
from phoenix.archive.source import FileRequest
from phoenix.config import resolve_settings
from tests.archive.conftest import PASSWORD, eso_settings, with_credentials
from tests.archive.fake_eso import FakeEso, ServedFile
from tests.archive.frames import as_z, raw_frame

PUBLIC = "UVES.2016-05-04T01:00:00.001"
CLOSED = [f"UVES.2016-05-04T02:0{i}:00.00{i}" for i in range(5)]


def _serve_night(fake: FakeEso, delay_s: float = 0.0) -> None:
    fake.files[PUBLIC] = ServedFile(as_z(raw_frame(PUBLIC)))
    for dp_id in CLOSED:
        fake.files[dp_id] = ServedFile(raw_frame(dp_id), proprietary=True, delay_s=delay_s)


def test_public_data_never_ask_for_nor_send_a_token(eso: FakeEso, tmp_path: Path) -> None:
    _serve_night(eso)
    eso.tap_csv = "dp_id,release_date\n" + PUBLIC + ",2017-05-04T02:00:00Z\n"
    with EsoArchive(with_credentials(eso)) as archive:
        archive.raw_frames(["UVES"], "2016-05-03", "2016-05-03")
        [outcome] = archive.fetch([FileRequest(PUBLIC)], tmp_path)
        assert archive.tokens is not None and archive.tokens.obtained == 0
    assert outcome.ok
    assert eso.requests_for("/sso/oidc/token") == []
    assert all("Authorization" not in seen.headers for seen in eso.seen)


def test_a_token_that_expires_mid_run_is_refreshed_before_it_does(eso: FakeEso, tmp_path: Path) -> None:
    eso.token_lifetime_s = 0.8  # shorter than the run: five transfers of 0.25 s one after the other
    _serve_night(eso, delay_s=0.25)
    requests = [FileRequest(PUBLIC)] + [FileRequest(i, proprietary=True) for i in CLOSED]
    with EsoArchive(with_credentials(eso, max_concurrency=1, token_margin_s=0.3)) as archive:
        outcomes = archive.fetch(requests, tmp_path)
    assert [o.reason for o in outcomes if not o.ok] == []
    assert len(eso.issued) >= 2  # a new token before the first ran out
    closed = [s for s in eso.file_requests() if s.path.rsplit("/", 1)[-1] in CLOSED]
    assert len(closed) == len(CLOSED)  # no 401 and no second try: every request had a valid token
    assert "Authorization" not in eso.requests_for(PUBLIC)[0].headers
    assert list(tmp_path.rglob(f"*{PARTIAL_SUFFIX}")) == []


def test_tokens_and_passwords_never_reach_the_logs(
    eso: FakeEso, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    eso.token_lifetime_s = 0.5
    _serve_night(eso, delay_s=0.1)
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    settings = with_credentials(eso, max_concurrency=2, token_margin_s=0.2)
    with EsoArchive(settings) as archive:
        archive.fetch([FileRequest(i, proprietary=True) for i in CLOSED], tmp_path)
    assert eso.issued
    text = caplog.text + repr(settings) + str(settings.as_record())
    assert PASSWORD not in text
    for token in eso.issued:
        assert token not in text and token.split(".")[2] not in text
    assert "obtained an ESO token" in caplog.text  # the event is logged, the secret is not


def test_wrong_credentials_leave_proprietary_files_missing_with_the_reason(
    eso: FakeEso, tmp_path: Path
) -> None:
    _serve_night(eso)
    settings = eso_settings(eso, username="icondor", password="not-it")
    with EsoArchive(settings) as archive:
        outcomes = archive.fetch([FileRequest(i, proprietary=True) for i in CLOSED[:3]], tmp_path)
    for outcome in outcomes:
        assert not outcome.ok
        assert "refused the credentials of user 'icondor'" in (outcome.reason or "")
        assert "not-it" not in (outcome.reason or "")
    # one login attempt in all: a refusal is neither retried nor repeated (accounts get locked)
    assert len(eso.requests_for("/sso/oidc/token")) == 1
    assert eso.file_requests() == []


def test_a_token_file_is_used_while_valid_and_refused_once_expired(eso: FakeEso, tmp_path: Path) -> None:
    _serve_night(eso)
    token_file = tmp_path / "token"
    token_file.write_text(eso.issue_token("icondor") + "\n")
    with EsoArchive(eso_settings(eso, token_file=str(token_file))) as archive:
        [outcome] = archive.fetch([FileRequest(CLOSED[0], proprietary=True)], tmp_path / "a")
    assert outcome.ok, outcome.reason
    eso.token_lifetime_s = -1
    token_file.write_text(eso.issue_token("icondor"))
    with EsoArchive(eso_settings(eso, token_file=str(token_file))) as archive:
        [outcome] = archive.fetch([FileRequest(CLOSED[1], proprietary=True)], tmp_path / "b")
    assert not outcome.ok and "the token expires at" in (outcome.reason or "")
    assert eso.requests_for(CLOSED[1]) == []


def test_jwt_expiry_reads_the_exp_claim(eso: FakeEso) -> None:
    token = eso.issue_token("someone")
    assert jwt_expiry(token) == pytest.approx(time.time() + eso.token_lifetime_s, abs=5)
    assert jwt_expiry("not-a-jwt") is None
    assert jwt_expiry("a.!!!.b") is None


def test_credentials_come_from_the_environment_and_stay_out_of_records(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHOENIX_ESO_USERNAME", "icondor")
    monkeypatch.setenv("PHOENIX_ESO_PASSWORD", PASSWORD)
    monkeypatch.setenv("PHOENIX_ESO_MAX_CONCURRENCY", "2")
    settings = resolve_settings()
    assert settings.eso.has_credentials and settings.eso.max_concurrency == 2
    assert settings.eso.password is not None and settings.eso.password.reveal() == PASSWORD
    assert settings.as_record()["eso"]["password"] == "***"
    assert PASSWORD not in repr(settings) + str(settings.as_record())
    monkeypatch.setenv("PHOENIX_ESO_PASSWORD", "another")
    assert resolve_settings().digest() == settings.digest()  # the password is no part of provenance
