"""Signing in to the portal with OAuth 2.0: authorization code + PKCE (S256), a public client, the
system browser and a one-shot loopback listener (SPEC §4.5). The protocol itself is Authlib's
(``OAuth2Session``: PKCE challenge, authorization URL, token and refresh requests); this module adds
the desktop parts around it.

As Zendesk documents it ("Using OAuth authentication with your application", "Using PKCE to make
Zendesk OAuth access tokens more secure", "Working with OAuth refresh tokens", developer.zendesk.com /
support.zendesk.com):

- the browser opens ``{portal}/oauth/authorizations/new`` with ``response_type=code``, ``client_id``,
  ``redirect_uri``, ``scope`` (space-separated), ``state``, ``code_challenge`` and
  ``code_challenge_method=S256``; the user signs in on the portal's own page (SSO included) and allows;
- the portal redirects to the registered ``redirect_uri`` — matched exactly, http allowed only for
  localhost/127.0.0.1 — with ``code`` and ``state``;
- ``POST {portal}/oauth/tokens`` with ``grant_type=authorization_code``, ``code``, ``client_id``,
  ``redirect_uri`` and ``code_verifier`` answers ``access_token``, ``refresh_token``, ``expires_in``;
- ``grant_type=refresh_token`` answers a new pair and deletes the previous one (rotation): the new
  pair must be stored before anything else is done with it;
- ``DELETE /api/v2/oauth/tokens/current`` revokes the token that authenticates it (Zendesk users
  report that it sometimes answers 204 without revoking: signing out always deletes the local copy).

Nothing here prints or logs a token: :class:`TokenSet` hides them in its ``repr``, and errors carry
the portal's error code and description only.
"""

from __future__ import annotations

import html
import http.server
import logging
import os
import secrets
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import requests

from collector.core.errors import CollectorError
from collector.portal.errors import SignInRequired
from collector.portal.profile import OAuthSettings
from collector.portal.transport import mount_system_trust

log = logging.getLogger(__name__)

AUTHORIZE_PATH = "/oauth/authorizations/new"
TOKEN_PATH = "/oauth/tokens"
REVOKE_PATH = "/api/v2/oauth/tokens/current"
DEFAULT_TIMEOUT = 300.0  # seconds the loopback listener waits for the browser
HTTP_TIMEOUT = (10.0, 30.0)

DONE_PAGE = """<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;margin:3em auto;max-width:32em;color:#222}}</style></head>
<body><h1>{title}</h1><p>{text}</p></body></html>"""


class SignInError(CollectorError):
    """Signing in failed; the message says what to do. Never carries a token."""


@dataclass(frozen=True)
class TokenSet:
    access_token: str = field(repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    expires_at: float | None = None  # epoch seconds
    scope: str = ""

    @classmethod
    def from_response(cls, token: dict, now: float | None = None) -> TokenSet:
        now = time.time() if now is None else now
        expires_in = token.get("expires_in")
        expires_at = token.get("expires_at")
        if expires_at is None and isinstance(expires_in, int | float):
            expires_at = now + float(expires_in)
        access = token.get("access_token")
        if not isinstance(access, str) or not access:
            raise SignInError("o portal não devolveu um token de acesso: tente entrar de novo.")
        return cls(access, token.get("refresh_token") or None, expires_at, token.get("scope") or "")

    def expired(self, leeway: float = 30.0) -> bool:
        return self.expires_at is not None and time.time() >= self.expires_at - leeway

    def to_json(self) -> dict:
        return {"access_token": self.access_token, "refresh_token": self.refresh_token,
                "expires_at": self.expires_at, "scope": self.scope}

    @classmethod
    def from_json(cls, data: dict) -> TokenSet:
        return cls(data["access_token"], data.get("refresh_token"), data.get("expires_at"), data.get("scope", ""))


# ---------------------------------------------------------------------- the loopback listener


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _OneShotServer

    def do_GET(self):  # noqa: N802 - http.server's name
        parts = urlsplit(self.path)
        if parts.path != self.server.expected_path or self.server.result is not None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if "error" in query:
            title, text = "Entrada não concluída", "O portal não autorizou o coletor. Pode fechar esta aba e voltar ao Coletor."
        else:
            title, text = "Pronto!", "Você entrou no portal. Pode fechar esta aba e voltar ao Coletor."
        body = DONE_PAGE.format(title=html.escape(title), text=html.escape(text)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.server.result = query
        self.server.arrived.set()

    def log_message(self, format, *args):  # noqa: A002 - the query carries the code: never log it
        return


class _OneShotServer(http.server.HTTPServer):
    # POSIX: SO_REUSEADDR lets a new sign-in bind the port while the last one's connection sits in
    # TIME_WAIT (a minute), and still fails while another program listens there. Windows: never — its
    # SO_REUSEADDR would let us take a port another program is listening on.
    allow_reuse_address = os.name != "nt"

    def __init__(self, port: int, path: str):
        super().__init__(("127.0.0.1", port), _Handler)
        self.expected_path = path
        self.result: dict | None = None
        self.arrived = threading.Event()


class LoopbackListener:
    """Listens on the first redirect URI whose port is free; serves one callback on a thread."""

    def __init__(self, redirect_uris: tuple[str, ...] | list[str]):
        self.redirect_uri: str | None = None
        self._server: _OneShotServer | None = None
        busy = []
        for uri in redirect_uris:
            parts = urlsplit(uri)
            assert parts.port is not None  # the profile's loopback URIs carry a port (portal.profile checks)
            try:
                self._server = _OneShotServer(parts.port, parts.path or "/")
            except OSError:
                busy.append(str(parts.port))
                continue
            self.redirect_uri = uri
            break
        if self._server is None:
            raise SignInError(
                f"as portas de retorno do login ({', '.join(busy)}) estão ocupadas por outro programa: feche-o "
                f"e tente de novo, ou entre com 'collector login --no-browser'.")
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="oauth-loopback", daemon=True)
        self._thread.start()

    def wait(self, timeout: float, cancel: threading.Event | None = None) -> dict:
        deadline = time.monotonic() + timeout
        server = self._server
        assert server is not None  # __init__ raised otherwise
        while not server.arrived.wait(0.2):
            if cancel is not None and cancel.is_set():
                raise SignInError("entrada no portal cancelada.")
            if time.monotonic() >= deadline:
                raise SignInError(
                    f"o navegador não voltou ao coletor em {int(timeout)} s (aba fechada?): rode 'collector login' "
                    f"de novo.")
        return dict(server.result or {})

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)
            self._server = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# ---------------------------------------------------------------------- the flow


def _session(oauth: OAuthSettings, redirect_uri: str | None = None):
    # imported here: Authlib's requests integration pulls joserfc and cryptography, measured at ~0.4 s
    # cold — the wizard's start-up budget is 1 s (SPEC §6) and only signing in needs it
    from authlib.integrations.requests_client import OAuth2Session

    session = OAuth2Session(client_id=oauth.client_id, token_endpoint_auth_method="none",
                            scope=" ".join(oauth.scopes), redirect_uri=redirect_uri,
                            code_challenge_method="S256", default_timeout=HTTP_TIMEOUT)
    return mount_system_trust(session)


def _token_request(call: Callable[[], dict], what: str) -> TokenSet:
    from authlib.integrations.requests_client import OAuthError  # see _session

    try:
        return TokenSet.from_response(call())
    except OAuthError as exc:
        code = getattr(exc, "error", None) or "erro"
        detail = getattr(exc, "description", None) or ""
        raise SignInError(f"o portal recusou {what} ({code}{': ' + detail[:160] if detail else ''}).") from None
    except requests.exceptions.RequestException as exc:
        raise SignInError(f"sem conexão com o portal para {what} ({type(exc).__name__}).") from None
    except ValueError:
        raise SignInError(f"resposta inesperada do portal para {what}: confira o endereço do portal.") from None


def parse_redirect(address: str) -> dict:
    """``code`` / ``state`` / ``error`` from the address the browser was sent to (``--no-browser``)."""
    parts = urlsplit(address.strip())
    query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    if not query:
        raise SignInError("o endereço colado não tem 'code' nem 'state': copie a barra de endereços inteira.")
    return query


def sign_in(portal_url: str, oauth: OAuthSettings, *, browser: bool = True, timeout: float = DEFAULT_TIMEOUT,
            say: Callable[[str], None] = print, ask: Callable[[str], str] | None = None,
            cancel: threading.Event | None = None) -> TokenSet:
    """The whole authorization-code + PKCE flow; returns the tokens (nothing is stored here).

    ``browser``: open the system browser (``webbrowser``, which honours ``$BROWSER``) and wait on the
    loopback listener; otherwise print the URL and ``ask`` for the address the browser ended on.
    """
    portal_url = portal_url.rstrip("/")
    listener = LoopbackListener(oauth.redirect_uris) if browser else None
    redirect_uri = listener.redirect_uri if listener else oauth.redirect_uris[0]
    try:
        session = _session(oauth, redirect_uri)
        verifier = secrets.token_urlsafe(64)  # 86 characters of [A-Za-z0-9_-]: RFC 7636 §4.1 allows 43-128
        state = secrets.token_urlsafe(24)
        url, _ = session.create_authorization_url(portal_url + AUTHORIZE_PATH, state=state, code_verifier=verifier)
        if listener is not None:
            say(f"Abrindo o navegador para entrar no portal. Se ele não abrir, acesse:\n{url}")
            opener = threading.Thread(target=_open_browser, args=(url,), name="oauth-browser", daemon=True)
            opener.start()
            answer = listener.wait(timeout, cancel)
        else:
            say(f"Abra este endereço em qualquer navegador e entre no portal:\n{url}\n"
                f"Depois, copie o endereço da página de retorno (começa com {redirect_uri}; ela pode não "
                f"carregar) e cole aqui.")
            if ask is None:
                raise SignInError("sem terminal para colar o endereço de retorno.")
            answer = parse_redirect(ask("Endereço de retorno: "))
    finally:
        if listener is not None:
            listener.close()
    if answer.get("state") != state:
        raise SignInError("a resposta do portal não corresponde a este pedido de entrada (state diferente): "
                          "rode 'collector login' de novo.")
    if "error" in answer:
        if answer["error"] == "access_denied":
            raise SignInError("a autorização foi negada no portal.")
        raise SignInError(f"o portal recusou a entrada ({answer['error']}).")
    code = answer.get("code")
    if not code:
        raise SignInError("o portal não devolveu o código de autorização: tente de novo.")
    with session:
        return _token_request(lambda: session.fetch_token(portal_url + TOKEN_PATH, code=code,
                                                          code_verifier=verifier, state=state),
                              "o código de autorização")


def _open_browser(url: str) -> None:
    try:
        if not webbrowser.open(url, new=1):
            log.info("no browser could be opened")
    except Exception as exc:  # a broken $BROWSER must not stop the sign-in: the URL was printed
        log.info("browser failed: %s", type(exc).__name__)


def refresh(portal_url: str, oauth: OAuthSettings, tokens: TokenSet) -> TokenSet:
    """A new pair from the refresh token (the old pair dies on the portal)."""
    if not tokens.refresh_token:
        raise SignInRequired("a sessão do portal expirou e não pode ser renovada: entre de novo.", status=401)
    with _session(oauth) as session:
        try:
            return _token_request(lambda: session.refresh_token(portal_url.rstrip("/") + TOKEN_PATH,
                                                                refresh_token=tokens.refresh_token),
                                  "a renovação da sessão")
        except SignInError as exc:
            if "sem conexão" in str(exc):
                raise
            raise SignInRequired(f"{str(exc).rstrip('.')}: entre de novo.", status=401) from None


def revoke(portal_url: str, tokens: TokenSet) -> bool:
    """Asks the portal to revoke the access token; False when it could not be asked or refused."""
    try:
        with mount_system_trust(requests.Session()) as session:
            response = session.delete(portal_url.rstrip("/") + REVOKE_PATH, timeout=HTTP_TIMEOUT,
                                      headers={"Authorization": f"Bearer {tokens.access_token}",
                                               "Accept": "application/json"})
    except requests.exceptions.RequestException:
        return False
    return response.status_code in (200, 204)
