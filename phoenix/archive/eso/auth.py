"""OIDC bearer tokens for ESO's proprietary data: obtained when first needed, refreshed before expiry.

ESO's SSO issues a JWT (``id_token``) for a user name and password (the resource-owner password
grant, client ``clientid``, as ESO's own scripts use it). We POST the form rather than put it
in the query string, so the password can never appear in a URL or an access log. A token read
from a file (``token_file``) cannot be refreshed: once it is about to expire the fetch stops
with an error saying so. Neither the token nor the password is ever logged or put in a message.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

from phoenix.archive.eso.retry import GaveUp, RetryPolicy, check_status
from phoenix.config import EsoSettings, Secret
from phoenix.errors import AuthenticationError

logger = logging.getLogger(__name__)
CLIENT_ID = "clientid"
DEFAULT_LIFETIME_S = 300.0  # when a token says nothing about its expiry


@dataclass(frozen=True)
class BearerToken:
    value: Secret = field(repr=False)
    expires_at: float  # seconds since the epoch

    def fresh(self, now: float, margin_s: float) -> bool:
        return now < self.expires_at - margin_s


def jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim of a JWT (not verified: the server does that), or None."""
    parts = token.split(".")
    if len(parts) < 2:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
        return float(claims["exp"])
    except (binascii.Error, ValueError, KeyError, TypeError):
        return None


class TokenProvider:
    """Hands out a valid ``Authorization`` header, thread-safely, refreshing before expiry."""

    def __init__(
        self,
        client: httpx.Client,
        settings: EsoSettings,
        retry: RetryPolicy,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._client = client
        self._settings = settings
        self._retry = retry
        self._clock = clock
        self._lock = threading.Lock()
        self._token: BearerToken | None = None
        self._refused: AuthenticationError | None = None
        self.obtained = 0  # tokens obtained so far (for reports and tests)

    def header(self) -> dict[str, str]:
        """``{"Authorization": "Bearer ..."}`` with a token valid beyond the margin (or just obtained).

        Credentials refused once are not tried again by this provider: repeated failed logins
        can lock the account.
        """
        with self._lock:
            if self._refused is not None:
                raise self._refused
            if self._token is None or not self._token.fresh(self._clock(), self._settings.token_margin_s):
                try:
                    self._token = self._obtain()
                except AuthenticationError as exc:
                    if exc.status in (400, 401, 403):
                        self._refused = exc
                    raise
                self.obtained += 1
            return {"Authorization": f"Bearer {self._token.value.reveal()}"}

    def _obtain(self) -> BearerToken:
        if self._settings.token_file:
            return self._from_file(Path(self._settings.token_file))
        return self._from_password()

    def _from_file(self, path: Path) -> BearerToken:
        try:
            value = path.read_text().strip()
        except OSError as exc:
            raise AuthenticationError("token file", str(path), f"cannot be read: {exc.strerror}") from exc
        expires = jwt_expiry(value) or self._clock() + DEFAULT_LIFETIME_S
        token = BearerToken(Secret(value), expires)
        if not token.fresh(self._clock(), self._settings.token_margin_s):
            raise AuthenticationError(
                "token file",
                str(path),
                f"the token expires at {_iso(expires)}; put a new one there or set"
                " PHOENIX_ESO_USERNAME and PHOENIX_ESO_PASSWORD so it can be refreshed",
            )
        logger.info("using the ESO token from %s, valid until %s", path, _iso(expires))
        return token

    def _from_password(self) -> BearerToken:
        url, user = self._settings.token_url, self._settings.username
        password = self._settings.password.reveal() if self._settings.password else ""
        form = {
            "response_type": "id_token token",
            "grant_type": "password",
            "client_id": CLIENT_ID,
            "username": user,
            "password": password,
        }

        def ask() -> httpx.Response:
            response = self._client.post(url, data=form)
            check_status(response)
            return response

        try:
            response = self._retry.call(ask, f"ESO token for {user}")
        except GaveUp as exc:
            raise AuthenticationError(
                "ESO SSO", url, f"no token for user {user!r}: {exc}", exc.status
            ) from exc
        if response.status_code != 200:
            raise AuthenticationError(
                "ESO SSO", url, f"refused the credentials of user {user!r}", response.status_code
            )
        try:
            body = response.json()
            value = str(body.get("id_token") or body["access_token"])
        except (ValueError, KeyError, AttributeError) as exc:
            raise AuthenticationError("ESO SSO", url, "the answer holds no id_token") from exc
        now = self._clock()
        expires = jwt_expiry(value) or now + float(body.get("expires_in") or DEFAULT_LIFETIME_S)
        logger.info("obtained an ESO token for %s, valid until %s", user, _iso(expires))
        return BearerToken(Secret(value), expires)


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")
