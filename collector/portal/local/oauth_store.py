"""The local portal's OAuth 2.0 server state: clients, authorization codes, access/refresh tokens.

It behaves as Zendesk documents its own server, so the collector's client is tested against the same
rules:

- public clients (no secret) must use PKCE with ``code_challenge_method=S256`` ("Using PKCE to make
  Zendesk OAuth access tokens more secure", developer.zendesk.com);
- redirect URIs are matched exactly against the client's list;
- ``grant_type=refresh_token`` returns a new pair "and deletes the previous access and refresh
  tokens"; ``expires_in`` / ``refresh_token_expires_in`` in the token request set shorter lifetimes
  (Zendesk's announcement "support for OAuth refresh token grant type and OAuth access and refresh
  token expirations"); the defaults for new clients are 30 minutes and 30 days;
- ``DELETE /api/v2/oauth/tokens/current`` revokes the token that authenticates the call
  ("Revoking an OAuth access token").

Codes are single-use and short-lived (RFC 6749 §4.1.2: a code presented twice is refused and the
tokens issued from it are revoked). Only hashes of codes and tokens are stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from collector.portal.local.db import Database, iso, parse_iso

ACCESS_TTL = 30 * 60
REFRESH_TTL = 30 * 24 * 3600
CODE_TTL = 120
SIGN_IN_TTL = 600  # between the sign-in form and the consent form


class OAuthFailure(Exception):
    """An RFC 6749 error: ``error`` code, a description, and the HTTP status to answer with."""

    def __init__(self, error: str, description: str, status: int = 400):
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


@dataclass(frozen=True)
class Client:
    id: int
    identifier: str
    name: str
    kind: str
    redirect_uris: tuple[str, ...]
    scopes: tuple[str, ...]


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def s256(verifier: str) -> str:
    """RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))) without padding."""
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()


class OAuthStore:
    def __init__(self, db: Database, *, access_ttl: int = ACCESS_TTL, refresh_ttl: int = REFRESH_TTL,
                 code_ttl: int = CODE_TTL):
        self.db = db
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl
        self.code_ttl = code_ttl
        self._sign_ins: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    # -- clients ----------------------------------------------------------------------------

    def add_client(self, identifier: str, name: str, redirect_uris: list[str],
                   scopes: tuple[str, ...] = ("read", "write")) -> Client:
        identifier = identifier.strip()
        if not identifier or any(c.isspace() for c in identifier):
            raise ValueError("identificador do cliente OAuth inválido (sem espaços)")
        if not redirect_uris:
            raise ValueError("informe ao menos um endereço de retorno (--redirect)")
        for uri in redirect_uris:
            if not (uri.startswith("https://") or uri.startswith(("http://127.0.0.1", "http://localhost"))):
                raise ValueError(f"endereço de retorno deve ser https (ou http em 127.0.0.1/localhost): {uri}")
        with self.db.tx() as conn:
            if conn.execute("SELECT 1 FROM oauth_clients WHERE identifier = ?", (identifier,)).fetchone():
                raise ValueError(f"já existe um cliente OAuth {identifier!r}")
            conn.execute("INSERT INTO oauth_clients (identifier, name, kind, redirect_uris, scopes, created_at)"
                         " VALUES (?, ?, 'public', ?, ?, ?)",
                         (identifier, name or identifier, json.dumps(list(redirect_uris)), json.dumps(list(scopes)),
                          self.db.now_iso()))
        client = self.client(identifier)
        assert client is not None  # just stored
        return client

    def client(self, identifier: str | None) -> Client | None:
        if not identifier:
            return None
        with self.db.tx() as conn:
            row = conn.execute("SELECT * FROM oauth_clients WHERE identifier = ?", (identifier,)).fetchone()
        if row is None:
            return None
        return Client(row["id"], row["identifier"], row["name"], row["kind"],
                      tuple(json.loads(row["redirect_uris"])), tuple(json.loads(row["scopes"])))

    # -- the sign-in between two forms --------------------------------------------------------

    def remember_sign_in(self, user_id: int) -> str:
        ticket = secrets.token_urlsafe(24)
        with self._lock:
            now = time.monotonic()
            self._sign_ins = {k: v for k, v in self._sign_ins.items() if v[1] > now}
            self._sign_ins[ticket] = (user_id, now + SIGN_IN_TTL)
        return ticket

    def take_sign_in(self, ticket: str) -> int | None:
        with self._lock:
            entry = self._sign_ins.pop(ticket, None)
        if entry is None or entry[1] <= time.monotonic():
            return None
        return entry[0]

    # -- codes ------------------------------------------------------------------------------

    def new_code(self, client: Client, user_id: int, redirect_uri: str, scopes: list[str], challenge: str) -> str:
        code = secrets.token_urlsafe(32)
        expires = iso(self.db.now() + timedelta(seconds=self.code_ttl))
        with self.db.tx() as conn:
            conn.execute("INSERT INTO oauth_codes (code_hash, client_id, user_id, redirect_uri, scopes,"
                         " code_challenge, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (_hash(code), client.id, user_id, redirect_uri, " ".join(scopes), challenge, expires))
        return code

    def exchange_code(self, client_identifier: str, code: str, redirect_uri: str, verifier: str,
                      expires_in: int | None = None, refresh_expires_in: int | None = None) -> dict:
        client = self._client_or_fail(client_identifier)
        now = self.db.now()
        with self.db.tx() as conn:
            row = conn.execute("SELECT * FROM oauth_codes WHERE code_hash = ?", (_hash(code or ""),)).fetchone()
            reused = row is not None and row["used_token_id"] is not None
            if reused:  # committed before the refusal below
                conn.execute("UPDATE oauth_tokens SET revoked = 1 WHERE id = ?", (row["used_token_id"],))
        if reused:
            raise OAuthFailure("invalid_grant", "The authorization code was already used.")
        with self.db.tx() as conn:
            row = conn.execute("SELECT * FROM oauth_codes WHERE code_hash = ?", (_hash(code or ""),)).fetchone()
            if row is None or row["client_id"] != client.id or row["used_token_id"] is not None:
                raise OAuthFailure("invalid_grant", "The authorization code is invalid.")
            if parse_iso(row["expires_at"]) <= now:
                raise OAuthFailure("invalid_grant", "The authorization code has expired.")
            if row["redirect_uri"] != redirect_uri:
                raise OAuthFailure("invalid_grant", "redirect_uri does not match the authorization request.")
            if not verifier:
                raise OAuthFailure("invalid_request", "code_verifier is required for public clients.")
            if not hmac.compare_digest(s256(verifier), row["code_challenge"]):
                raise OAuthFailure("invalid_grant", "The code_verifier does not match the code_challenge.")
            token, token_id = self._issue(conn, client.id, row["user_id"], row["scopes"], expires_in,
                                          refresh_expires_in)
            conn.execute("UPDATE oauth_codes SET used_token_id = ? WHERE code_hash = ?", (token_id, row["code_hash"]))
        return token

    # -- tokens -----------------------------------------------------------------------------

    def _client_or_fail(self, identifier: str | None) -> Client:
        client = self.client(identifier)
        if client is None:
            raise OAuthFailure("invalid_client", "Client authentication failed.", 401)
        return client

    def _issue(self, conn, client_id: int, user_id: int, scopes: str, expires_in: int | None,
               refresh_expires_in: int | None) -> tuple[dict, int]:
        access_ttl = min(self.access_ttl, expires_in) if expires_in else self.access_ttl
        refresh_ttl = min(self.refresh_ttl, refresh_expires_in) if refresh_expires_in else self.refresh_ttl
        access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = self.db.now()
        cur = conn.execute(
            "INSERT INTO oauth_tokens (client_id, user_id, access_hash, refresh_hash, scopes, expires_at,"
            " refresh_expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (client_id, user_id, _hash(access), _hash(refresh), scopes, iso(now + timedelta(seconds=access_ttl)),
             iso(now + timedelta(seconds=refresh_ttl)), iso(now)))
        return ({"access_token": access, "token_type": "bearer", "scope": scopes, "refresh_token": refresh,
                 "expires_in": access_ttl, "refresh_token_expires_in": refresh_ttl}, cur.lastrowid)

    def refresh(self, client_identifier: str, refresh_token: str, expires_in: int | None = None,
                refresh_expires_in: int | None = None) -> dict:
        client = self._client_or_fail(client_identifier)
        now = self.db.now()
        with self.db.tx() as conn:
            row = conn.execute("SELECT * FROM oauth_tokens WHERE refresh_hash = ?",
                               (_hash(refresh_token or ""),)).fetchone()
            if row is None or row["revoked"] or row["client_id"] != client.id:
                raise OAuthFailure("invalid_grant", "The refresh token is invalid or was revoked.")
            if row["refresh_expires_at"] and parse_iso(row["refresh_expires_at"]) <= now:
                raise OAuthFailure("invalid_grant", "The refresh token has expired.")
            conn.execute("DELETE FROM oauth_tokens WHERE id = ?", (row["id"],))  # the old pair dies
            conn.execute("UPDATE oauth_codes SET used_token_id = NULL WHERE used_token_id = ?", (row["id"],))
            token, _ = self._issue(conn, client.id, row["user_id"], row["scopes"], expires_in, refresh_expires_in)
        return token

    def user_for_access(self, access_token: str) -> int | None:
        """The user an unexpired, unrevoked access token stands for."""
        with self.db.tx() as conn:
            row = conn.execute("SELECT * FROM oauth_tokens WHERE access_hash = ?", (_hash(access_token),)).fetchone()
        if row is None or row["revoked"] or parse_iso(row["expires_at"]) <= self.db.now():
            return None
        return row["user_id"]

    def is_access_token(self, access_token: str) -> bool:
        with self.db.tx() as conn:
            return conn.execute("SELECT 1 FROM oauth_tokens WHERE access_hash = ?",
                                (_hash(access_token),)).fetchone() is not None

    def revoke_access(self, access_token: str) -> bool:
        with self.db.tx() as conn:
            return conn.execute("UPDATE oauth_tokens SET revoked = 1 WHERE access_hash = ?",
                                (_hash(access_token),)).rowcount > 0

    def revoke_refresh(self, refresh_token: str) -> bool:
        """Revokes the pair a refresh token belongs to (tests: "the session was ended elsewhere")."""
        with self.db.tx() as conn:
            return conn.execute("UPDATE oauth_tokens SET revoked = 1 WHERE refresh_hash = ?",
                                (_hash(refresh_token),)).rowcount > 0

    def revoke_all(self, user_id: int | None = None) -> int:
        with self.db.tx() as conn:
            if user_id is None:
                return conn.execute("UPDATE oauth_tokens SET revoked = 1").rowcount
            return conn.execute("UPDATE oauth_tokens SET revoked = 1 WHERE user_id = ?", (user_id,)).rowcount

    def expire_access_tokens(self) -> int:
        """Every access token expires now; refresh tokens stay good (fault injection for tests)."""
        stamp = iso(self.db.now() - timedelta(seconds=1))
        with self.db.tx() as conn:
            return conn.execute("UPDATE oauth_tokens SET expires_at = ? WHERE revoked = 0", (stamp,)).rowcount
