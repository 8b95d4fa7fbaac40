"""Portal credentials: an OAuth sign-in kept in the OS keyring; else an e-mail + API token (keyring,
or ``COLLECTOR_PORTAL_EMAIL`` + ``COLLECTOR_PORTAL_TOKEN`` headless), with a warning.

Zendesk takes ``Authorization: Bearer <OAuth access token>`` or ``Basic base64("email/token:API_TOKEN")``.
API tokens are account-wide credentials that Zendesk retires ("Migrating from API tokens to OAuth
access tokens", developer.zendesk.com): since 28 Jul 2026 a token unused for 30 days is deactivated,
no new tokens since 27 Oct 2026, every token deactivated on 30 Apr 2027 — hence :data:`TOKEN_WARNING`.

Secrets reach the wire only through ``requests`` auth objects (STYLE: auth is a callable, tokens stay
out of call sites and logs) and their ``repr`` never shows them.

Keyring layout, per portal host (service ``collector-rm:<host>``): user ``@oauth`` holds the OAuth
sign-in as JSON (tokens, expiry, client id, who signed in); user ``@email`` the e-mail of an API-token
sign-in, user ``<email>`` its token. Any backend ``keyring`` selects is honoured
(``PYTHON_KEYRING_BACKEND`` included) except those that keep nothing (``fail``, ``null``) and
keyrings.alt's, which store secrets in plain or weakly encrypted files: with those there is no
keyring, and the user signs in on each run.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests.auth

from collector.portal import oauth
from collector.portal.profile import OAuthSettings

log = logging.getLogger(__name__)

ENV_EMAIL = "COLLECTOR_PORTAL_EMAIL"
ENV_TOKEN = "COLLECTOR_PORTAL_TOKEN"
_EMAIL_USER = "@email"
_OAUTH_USER = "@oauth"
TOKEN_WARNING = ("aviso: token de API do portal em uso — tokens de API do Zendesk são credenciais de "
                 "administrador e deixam de funcionar em 30/04/2027 (desde 28/07/2026, um token sem uso por "
                 "30 dias é desativado); use 'collector login'.")
NO_KEYRING = ("este computador não tem um chaveiro seguro (cofre de senhas do sistema): a sessão do portal "
              "não fica guardada e será pedida de novo a cada execução.")


@dataclass(frozen=True)
class Credentials:
    """E-mail + API token (Basic), or a fixed bearer token."""

    email: str | None
    secret: str = field(repr=False)
    kind: str = "token"  # "token" (e-mail + API token) or "bearer" (a fixed OAuth access token)
    source: str = "env"  # "keyring", "env", "wizard", "demo"

    def auth(self) -> requests.auth.AuthBase:
        if self.kind == "bearer":
            return BearerAuth(lambda: self.secret)
        return requests.auth.HTTPBasicAuth(f"{self.email}/token", self.secret)

    def __repr__(self) -> str:  # never the secret, even in a debugger or a log line
        return f"Credentials(email={self.email!r}, kind={self.kind!r}, source={self.source!r})"


class BearerAuth(requests.auth.AuthBase):
    """``Authorization: Bearer`` with the token current at the time of each request."""

    def __init__(self, token):
        self._token = token if callable(token) else (lambda: token)

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {self._token()}"
        return request

    def __repr__(self) -> str:
        return "BearerAuth(***)"


class OAuthCredentials:
    """An OAuth sign-in: the token pair, refreshed (once per failure) and saved back where it came from.

    ``refresh()`` is what the client calls on a 401 or when the access token has expired; it raises
    :class:`errors.SignInRequired` when the portal refuses the refresh token (revoked, expired). Another
    process may have rotated the pair meanwhile: the keyring's copy is tried first.
    """

    kind = "oauth"

    def __init__(self, portal_url: str, settings: OAuthSettings, tokens: oauth.TokenSet, *,
                 email: str | None = None, stored: bool = False, source: str = "keyring"):
        self.portal_url = portal_url.rstrip("/")
        self.settings = settings
        self.tokens = tokens
        self.email = email
        self.stored = stored
        self.source = source
        # bumped when the tokens may now be another account's (what a client remembered about the
        # sign-in — who it is — is asked again): PortalClient.remembered
        self.generation = 0
        self._lock = threading.Lock()

    def auth(self) -> requests.auth.AuthBase:
        return BearerAuth(lambda: self.tokens.access_token)

    def expired(self) -> bool:
        return self.tokens.expired()

    def refresh(self, failed: str | None = None) -> None:
        """New tokens. ``failed``: the access token the portal refused (if another thread already
        refreshed past it, nothing is done)."""
        with self._lock:
            if failed is not None and failed != self.tokens.access_token:
                return
            if self.stored:
                newer = _read_oauth(self.portal_url)
                if newer is not None and newer[0].access_token not in (self.tokens.access_token, failed):
                    # another process of this OS user refreshed — or signed in again, maybe as someone else
                    email = newer[1].get("email")
                    if email is None or email != self.email:
                        self.generation += 1
                        self.email = email
                    self.tokens = newer[0]
                    return
            self.tokens = oauth.refresh(self.portal_url, self.settings, self.tokens)
            if self.stored:
                self.stored = save_oauth(self.portal_url, self.tokens, self.settings.client_id, self.email)

    def __repr__(self) -> str:
        return f"OAuthCredentials(email={self.email!r}, source={self.source!r})"


def service_name(portal_url: str) -> str:
    parts = urlsplit(portal_url)
    host = parts.hostname or portal_url
    return f"collector-rm:{host}:{parts.port}" if parts.port else f"collector-rm:{host}"


def keyring_refusal(backend) -> str | None:
    """Why this keyring backend is not used (None when it is fine)."""
    try:
        from keyring.backends import chainer, fail, null
    except Exception:  # pragma: no cover - keyring is a dependency
        return "keyring indisponível"
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return f"nenhum chaveiro disponível ({type(backend).__module__})"
    module = type(backend).__module__
    if module.startswith("keyrings.alt"):
        return f"o chaveiro {module}.{type(backend).__name__} guarda segredos em arquivo sem proteção"
    if isinstance(backend, chainer.ChainerBackend):
        usable = [b for b in backend.backends if keyring_refusal(b) is None]
        if not usable:
            return "nenhum chaveiro seguro disponível"
        first = backend.backends[0] if backend.backends else None
        if first is not None and keyring_refusal(first) is not None:
            return keyring_refusal(first)
    return None


def _keyring():
    """The keyring module, or None when the platform has no usable (and safe) backend."""
    try:
        import keyring
        import keyring.errors
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    try:
        reason = keyring_refusal(keyring.get_keyring())
    except Exception:  # a backend that fails to load is no keyring either
        return None
    if reason is not None:
        log.debug("keyring not used: %s", reason)
        return None
    return keyring


def keyring_usable() -> bool:
    return _keyring() is not None


def _get(service: str, user: str) -> str | None:
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        return keyring.get_password(service, user)
    except Exception as exc:  # NoKeyringError, a locked collection, D-Bus down: no keyring
        log.debug("keyring read failed: %s", type(exc).__name__)
        return None


def _read_oauth(portal_url: str) -> tuple[oauth.TokenSet, dict] | None:
    raw = _get(service_name(portal_url), _OAUTH_USER)
    if not raw:
        return None
    try:
        data = json.loads(raw)
        return oauth.TokenSet.from_json(data), data
    except (ValueError, KeyError, TypeError):
        return None  # a damaged entry (or an old bare token): as if signed out


def load_oauth(portal_url: str, settings: OAuthSettings | None) -> OAuthCredentials | None:
    """The stored OAuth sign-in for this portal (made with this client id), or None."""
    found = _read_oauth(portal_url)
    if found is None or settings is None:
        return None
    tokens, data = found
    if data.get("client_id") not in (None, settings.client_id):
        return None
    return OAuthCredentials(portal_url, settings, tokens, email=data.get("email"), stored=True)


def save_oauth(portal_url: str, tokens: oauth.TokenSet, client_id: str, email: str | None) -> bool:
    """Keep the sign-in in the keyring. False when there is no keyring to keep it in."""
    keyring = _keyring()
    if keyring is None:
        return False
    blob = json.dumps({**tokens.to_json(), "client_id": client_id, "email": email})
    try:
        keyring.set_password(service_name(portal_url), _OAUTH_USER, blob)
    except Exception as exc:
        log.debug("cannot store the sign-in: %s", type(exc).__name__)
        return False
    return True


def _from_keyring(portal_url: str) -> Credentials | None:
    service = service_name(portal_url)
    email = _get(service, _EMAIL_USER)
    token = _get(service, email) if email else None
    if email and token:
        return Credentials(email, token, source="keyring")
    return None


def from_env() -> Credentials | None:
    email = os.environ.get(ENV_EMAIL, "").strip()
    token = os.environ.get(ENV_TOKEN, "").strip()
    if email and token:
        return Credentials(email, token, source="env")
    return None


def load(portal_url: str, settings: OAuthSettings | None = None):
    """The credentials for this portal: the OAuth sign-in, else e-mail + API token from the keyring,
    else from the environment; None when there are none anywhere."""
    return load_oauth(portal_url, settings) or _from_keyring(portal_url) or from_env()


def save(portal_url: str, email: str, token: str) -> bool:
    """Store e-mail + API token in the OS keyring (the wizard's "Avançado"). False without a keyring."""
    keyring = _keyring()
    if keyring is None:
        return False
    service = service_name(portal_url)
    try:
        keyring.set_password(service, email, token)
        keyring.set_password(service, _EMAIL_USER, email)
    except Exception as exc:
        log.debug("cannot store credentials: %s", type(exc).__name__)
        return False
    return True


def forget(portal_url: str) -> bool:
    """Remove everything stored for this portal (sign out). True when something was removed."""
    keyring = _keyring()
    if keyring is None:
        return False
    service = service_name(portal_url)
    removed = False
    email = _get(service, _EMAIL_USER)
    for user in filter(None, (email, _EMAIL_USER, _OAUTH_USER)):
        try:
            keyring.delete_password(service, user)
            removed = True
        except Exception:  # PasswordDeleteError (nothing there) or a backend failure
            continue
    return removed


def missing_message() -> str:
    return (f"sem credenciais do portal: entre com 'collector login' (ou no assistente), ou defina "
            f"{ENV_EMAIL} e {ENV_TOKEN}")
