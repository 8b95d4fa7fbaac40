"""Shared pieces of the portal's HTTP layer: the portal state, authentication, Zendesk error bodies."""

from __future__ import annotations

import base64
import binascii
import functools
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, g, jsonify, request

from collector.portal.local.accounts import Accounts, User
from collector.portal.local.db import Database
from collector.portal.local.faults import Faults
from collector.portal.local.oauth_store import OAuthStore


class RateLimiter:
    """A sliding window (one minute by default) per key: the account, or a finer key for an endpoint."""

    def __init__(self, limit: int = 700, window: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.window = window
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, who: str) -> tuple[int, int | None]:
        """Counts one request: (remaining, retry_after seconds or None when allowed)."""
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(who, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return 0, max(1, int(hits[0] + self.window - now + 0.999))
            hits.append(now)
            return self.limit - len(hits), None

    def remaining(self, who: str) -> int:
        now = self.clock()
        with self._lock:
            hits = self._hits.get(who, ())
            return self.limit - sum(1 for t in hits if t > now - self.window)


# Zendesk's published limits (https://developer.zendesk.com/api-reference/introduction/rate-limits):
# the account's plan sets Support API requests per minute (Team 200, Growth/Professional 400,
# Enterprise 700, High Volume add-on 2500) and the Help Center API has a budget of the same size of its
# own; "Update Ticket" also allows 100 requests a minute per account and 30 updates per 10 minutes per
# user per ticket. We apply the ticket-update limits to the end user's PUT /requests/{id} as well (it
# updates the same ticket; Zendesk does not say it is exempt).
UPDATE_TICKET_PER_MINUTE = 100
UPDATES_PER_TICKET_PER_USER = 30
UPDATES_PER_TICKET_WINDOW = 600.0


class RateLimits:
    """Every limit the portal enforces, checked in order for one request."""

    def __init__(self, account_limit: int = 700, clock: Callable[[], float] = time.monotonic):
        """``clock`` (seconds, monotonic) may run faster than time to compress a simulation."""
        self.account = RateLimiter(account_limit, clock=clock)
        self.help_center = RateLimiter(account_limit, clock=clock)
        self.ticket_updates = RateLimiter(UPDATE_TICKET_PER_MINUTE, clock=clock)
        self.per_ticket = RateLimiter(UPDATES_PER_TICKET_PER_USER, UPDATES_PER_TICKET_WINDOW, clock=clock)

    @property
    def limit(self) -> int:
        return self.account.limit

    def hit(self, method: str, path: str, user_id: int | None, address: str) -> tuple[int, int | None]:
        """(remaining of the account budget, retry_after or None) for one request."""
        who = "account" if user_id is not None else f"addr:{address}"
        budget = self.help_center if path.startswith("/api/v2/help_center") else self.account
        remaining, retry_after = budget.hit(who)
        if retry_after is not None:
            return remaining, retry_after
        parts = path.rstrip("/").split("/")
        if method == "PUT" and len(parts) == 5 and parts[3] in ("tickets", "requests") and parts[4].isdigit():
            for limiter, key in ((self.ticket_updates, who), (self.per_ticket, f"{who}:{user_id}:{parts[4]}")):
                _, wait = limiter.hit(key)
                if wait is not None:
                    return remaining, wait
        return remaining, None

    def remaining(self) -> int:
        return self.account.remaining("account")


@dataclass
class PortalState:
    db: Database
    accounts: Accounts
    files_dir: Path
    faults: Faults = field(default_factory=Faults)
    limiter: RateLimits = field(default_factory=RateLimits)
    upload_ttl_minutes: int = 60
    oauth: OAuthStore | None = None
    csat: str = "legacy"  # "survey": CSAT survey responses instead of the legacy rating (api_survey)


def state() -> PortalState:
    return current_app.extensions["local_portal"]


def error(status: int, body: dict, headers: dict | None = None):
    response = jsonify(body)
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def unauthorized():
    return error(401, {"error": "Couldn't authenticate you"}, {"WWW-Authenticate": 'Basic realm="Web Password"'})


def forbidden():
    return error(403, {"error": "Forbidden",
                       "description": "You do not have access to this page. Please contact the account "
                                      "owner of this help desk for further help."})


def not_found():
    return error(404, {"error": "RecordNotFound", "description": "Not found"})


def record_invalid(description: str, error_code: str = "InvalidValue", field_key: str = "base"):
    return error(422, {"error": "RecordInvalid", "description": "Record validation errors",
                       "details": {"base": [{"description": description, "error": error_code,
                                             "field_key": field_key}]}})


def bad_request(description: str, error_code: str = "BadRequest"):
    return error(400, {"error": error_code, "description": description})


def authenticate() -> User | None:
    """The user behind ``Authorization``: Bearer OAuth access token (expired or revoked: nobody), Basic
    email/token:T, Basic email:password; a Bearer API token is still taken, as before OAuth existed."""
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    st = state()
    accounts = st.accounts
    if scheme.lower() == "bearer" and credentials.strip():
        token = credentials.strip()
        if st.oauth is not None and st.oauth.is_access_token(token):
            user_id = st.oauth.user_for_access(token)
            g.bearer = token
            return accounts.get(user_id) if user_id is not None else None
        return accounts.authenticate_token(None, token)
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user_part, sep, secret = decoded.partition(":")
    if not sep or not secret:
        return None
    if user_part.endswith("/token"):
        return accounts.authenticate_token(user_part[: -len("/token")], secret)
    return accounts.authenticate_password(user_part, secret)


def require(*roles: str):
    """Route decorator: authenticated user in ``g.user`` (401), with one of ``roles`` when given (403)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            user = getattr(g, "user", None)
            if user is None:
                return unauthorized()
            if roles and user.role not in roles:
                return forbidden()
            return view(*args, **kwargs)

        return wrapper

    return decorate


def json_body(root: str) -> dict:
    """``{root: {...}}`` from the request body; raises ``BadJson`` when it isn't that."""
    data = request.get_json(silent=True, force=True)
    if not isinstance(data, dict) or not isinstance(data.get(root), dict):
        raise BadJson(f'O corpo deve ser JSON no formato {{"{root}": {{...}}}}.')
    return data[root]


class BadJson(ValueError):
    pass


def base_url() -> str:
    return request.host_url.rstrip("/")
