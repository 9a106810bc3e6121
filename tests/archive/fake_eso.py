"""A stand-in for ESO's archive services on 127.0.0.1: TAP (sync and UWS async), the dataPortal,
calSelector and the SSO token endpoint, replaying recorded answers and serving a night's files.

Faults are queued per file and consumed one per request: ``500``/``503``, ``timeout`` (answer
later than the client waits), ``truncate`` (announce the whole length, send half, hang up),
``corrupt`` (whole length, one byte changed), ``401``/``403``/``404``. Proprietary files need a
bearer token the SSO endpoint issued and that has not expired. Every request is recorded with
its headers, and the largest number of simultaneous dataPortal transfers is kept.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TIMEOUT_SLEEP_S = 0.6


@dataclass
class ServedFile:
    body: bytes
    proprietary: bool = False
    denied: bool = False  # proprietary, and the account asking has no right to it: always 401
    faults: deque[str] = field(default_factory=deque)
    delay_s: float = 0.0


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    form: dict[str, list[str]]


@dataclass
class FakeEso:
    files: dict[str, ServedFile] = field(default_factory=dict)
    tap_csv: str = ""
    tap_status: deque[int] = field(default_factory=deque)  # statuses to answer TAP with before the CSV
    async_polls_before_done: int = 1
    calselector: dict[tuple[str, str], tuple[bytes, str]] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)
    token_lifetime_s: float = 3600.0
    issued: list[str] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    max_in_flight: int = 0
    jobs_deleted: int = 0
    url: str = ""
    _in_flight: int = 0
    _polls: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- bookkeeping the handler calls -------------------------------------------------------
    def record(self, seen: Seen) -> None:
        with self._lock:
            self.seen.append(seen)

    def enter(self) -> None:
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def issue_token(self, user: str) -> str:
        claims = {"sub": user, "exp": time.time() + self.token_lifetime_s, "jti": secrets.token_hex(8)}
        payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        token = f"eyJhbGciOiJub25lIn0.{payload}.{secrets.token_urlsafe(16)}"
        with self._lock:
            self.issued.append(token)
        return token

    def token_valid(self, header: str | None) -> bool:
        if not header or not header.startswith("Bearer "):
            return False
        token = header.removeprefix("Bearer ")
        if token not in self.issued:
            return False
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return claims["exp"] > time.time()

    def requests_for(self, path_end: str) -> list[Seen]:
        return [s for s in self.seen if s.path.endswith(path_end)]

    def file_requests(self) -> list[Seen]:
        return [s for s in self.seen if s.path.startswith("/dataPortal/file/")]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # the tests read the client's logs only
        pass

    def _seen(self, form: dict[str, list[str]] | None = None) -> tuple[str, dict[str, list[str]]]:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        self.server.fake.record(Seen(self.command, parts.path, query, dict(self.headers), form or {}))
        return parts.path, query

    def _form(self) -> dict[str, list[str]]:
        length = int(self.headers.get("Content-Length") or 0)
        return parse_qs(self.rfile.read(length).decode()) if length else {}

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/plain", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def do_POST(self) -> None:
        form = self._form()
        path, _ = self._seen(form)
        fake = self.server.fake
        if path.endswith("/sso/oidc/token"):
            user, password = form.get("username", [""])[0], form.get("password", [""])[0]
            if fake.users.get(user) != password or not user:
                self._send(401, b'{"error": "invalid_grant"}', "application/json")
                return
            body = json.dumps({"id_token": fake.issue_token(user), "token_type": "bearer"}).encode()
            self._send(200, body, "application/json")
        elif path.endswith("/tap_obs/sync"):
            self._tap_answer()
        elif path.endswith("/tap_obs/async"):
            self._send(303, b"", Location="/tap_obs/async/job42")
        else:
            self._send(404, b"no such service")

    def _tap_answer(self) -> None:
        fake = self.server.fake
        if fake.tap_status:
            status = fake.tap_status.popleft()
            self._send(status, b"<VOTABLE>QUERY_STATUS ERROR: syntax error near 'FORM'</VOTABLE>", "text/xml")
            return
        self._send(200, fake.tap_csv.encode(), "text/csv")

    def do_DELETE(self) -> None:
        self._seen()
        self.server.fake.jobs_deleted += 1
        self._send(200)

    def do_GET(self) -> None:
        path, query = self._seen()
        fake = self.server.fake
        if path.startswith("/dataPortal/file/"):
            fake.enter()
            try:
                self._file(path.removeprefix("/dataPortal/file/"))
            finally:
                fake.leave()
        elif path == "/tap_obs/async/job42/phase":
            fake._polls += 1
            phase = "COMPLETED" if fake._polls > fake.async_polls_before_done else "EXECUTING"
            self._send(200, phase.encode())
        elif path == "/tap_obs/async/job42/results/result":
            self._send(200, fake.tap_csv.encode(), "text/csv")
        elif path.endswith("/calselector"):
            key = (query.get("dp_id", [""])[0], query.get("mode", [""])[0])
            if key not in fake.calselector:
                self._send(404, b"unknown dataset")
                return
            body, content_type = fake.calselector[key]
            self._send(200, body, content_type)
        else:
            self._send(404, b"no such path")

    def _file(self, name: str) -> None:
        fake = self.server.fake
        served = fake.files.get(name)
        if served is None:
            self._send(404, b"no such file")
            return
        if served.delay_s:
            time.sleep(served.delay_s)
        fault = served.faults.popleft() if served.faults else None
        if fault in {"500", "503", "401", "403", "404"}:
            self._send(int(fault), f"fault {fault}".encode())
            return
        if served.denied or (served.proprietary and not fake.token_valid(self.headers.get("Authorization"))):
            self._send(401, b"authentication required")
            return
        if fault == "timeout":
            time.sleep(TIMEOUT_SLEEP_S)
        body = served.body
        start = _range_start(self.headers.get("Range"))
        if fault == "corrupt":
            changed = bytearray(body)
            changed[2880 + 10] ^= 0xFF
            body = bytes(changed)
        status, chunk = (206, body[start:]) if start else (200, body)
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(chunk)))
        self.send_header("Accept-Ranges", "bytes")
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        self.end_headers()
        if fault == "truncate":
            self.wfile.write(chunk[: len(chunk) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(chunk)


def _range_start(header: str | None) -> int:
    if not header or not header.startswith("bytes="):
        return 0
    return int(header.removeprefix("bytes=").split("-", 1)[0] or 0)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeEso

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out and hung up is part of the test, not an error


class RunningFakeEso:
    """Start the fake on an ephemeral 127.0.0.1 port; stop it on exit."""

    def __init__(self, fake: FakeEso) -> None:
        self.fake = fake
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = fake
        host, port = self._server.server_address[:2]
        fake.url = f"http://{host}:{port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-eso", daemon=True
        )

    def __enter__(self) -> FakeEso:
        self._thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
