"""Portal credentials: the OS keyring, else ``COLLECTOR_PORTAL_EMAIL`` + ``COLLECTOR_PORTAL_TOKEN``.

Zendesk takes ``Authorization: Basic base64("email/token:API_TOKEN")`` or an OAuth ``Bearer``
token. Credentials live in :class:`Credentials`, whose ``repr`` hides the secret, and reach the wire
only through a ``requests`` auth object (STYLE: auth is a callable, tokens stay out of call sites
and logs).

Keyring layout, per portal host (service ``collector-rm:<host>``): user ``@email`` holds the
e-mail, user ``<email>`` holds its API token, user ``@oauth`` an OAuth access token. A headless
Linux has no keyring backend (``NoKeyringError``): the environment is used then.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests.auth

log = logging.getLogger(__name__)

ENV_EMAIL = "COLLECTOR_PORTAL_EMAIL"
ENV_TOKEN = "COLLECTOR_PORTAL_TOKEN"
_EMAIL_USER = "@email"
_OAUTH_USER = "@oauth"


@dataclass(frozen=True)
class Credentials:
    email: str | None
    secret: str = field(repr=False)
    kind: str = "token"  # "token" (e-mail + API token) or "bearer" (OAuth access token)
    source: str = "env"  # "keyring" or "env"

    def auth(self) -> requests.auth.AuthBase:
        if self.kind == "bearer":
            return BearerAuth(self.secret)
        return requests.auth.HTTPBasicAuth(f"{self.email}/token", self.secret)

    def __repr__(self) -> str:  # never the secret, even in a debugger or a log line
        return f"Credentials(email={self.email!r}, kind={self.kind!r}, source={self.source!r})"


class BearerAuth(requests.auth.AuthBase):
    def __init__(self, token: str):
        self._token = token

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request

    def __repr__(self) -> str:
        return "BearerAuth(***)"


def service_name(portal_url: str) -> str:
    parts = urlsplit(portal_url)
    host = parts.hostname or portal_url
    return f"collector-rm:{host}:{parts.port}" if parts.port else f"collector-rm:{host}"


def _keyring():
    """The keyring module, or None when the platform has no usable backend."""
    try:
        import keyring
        import keyring.errors
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    try:
        from keyring.backends import fail, null

        if isinstance(keyring.get_keyring(), (fail.Keyring, null.Keyring)):
            return None  # nothing would be stored: say so instead of pretending
    except Exception:  # a backend that fails to load is no keyring either
        return None
    return keyring


def _from_keyring(portal_url: str) -> Credentials | None:
    keyring = _keyring()
    if keyring is None:
        return None
    service = service_name(portal_url)
    try:
        bearer = keyring.get_password(service, _OAUTH_USER)
        if bearer:
            return Credentials(None, bearer, kind="bearer", source="keyring")
        email = keyring.get_password(service, _EMAIL_USER)
        token = keyring.get_password(service, email) if email else None
    except keyring.errors.KeyringError as exc:  # NoKeyringError included (headless Linux)
        log.debug("no keyring available: %s", type(exc).__name__)
        return None
    except Exception as exc:  # a broken backend (D-Bus down, locked collection) must not stop the CLI
        log.debug("keyring backend failed: %s", type(exc).__name__)
        return None
    if email and token:
        return Credentials(email, token, source="keyring")
    return None


def _from_env() -> Credentials | None:
    email = os.environ.get(ENV_EMAIL, "").strip()
    token = os.environ.get(ENV_TOKEN, "").strip()
    if email and token:
        return Credentials(email, token, source="env")
    return None


def load(portal_url: str) -> Credentials | None:
    """The credentials for this portal, or None when there are none anywhere."""
    return _from_keyring(portal_url) or _from_env()


def save(portal_url: str, email: str, token: str) -> bool:
    """Store e-mail + API token in the OS keyring. False when there is no keyring to store into."""
    keyring = _keyring()
    if keyring is None:
        return False
    service = service_name(portal_url)
    try:
        keyring.set_password(service, email, token)
        keyring.set_password(service, _EMAIL_USER, email)
    except keyring.errors.KeyringError as exc:
        log.debug("cannot store credentials: %s", type(exc).__name__)
        return False
    return True


def forget(portal_url: str) -> None:
    """Remove what :func:`save` stored (sign out)."""
    keyring = _keyring()
    if keyring is None:
        return
    service = service_name(portal_url)
    try:
        email = keyring.get_password(service, _EMAIL_USER)
        for user in filter(None, (email, _EMAIL_USER, _OAUTH_USER)):
            try:
                keyring.delete_password(service, user)
            except keyring.errors.PasswordDeleteError:
                pass
    except keyring.errors.KeyringError:
        return


def missing_message() -> str:
    return (f"sem credenciais do portal: guarde e-mail e token no assistente, ou defina "
            f"{ENV_EMAIL} e {ENV_TOKEN}")
