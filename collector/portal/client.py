"""Zendesk end-user API client (SPEC §4.5), shared by the CLI and the wizard.

One client (one ``requests.Session``) per portal. Every call has a (connect, read) timeout, is
retried on transient failures with full-jitter backoff and ``Retry-After``, paces itself when
``X-Rate-Limit-Remaining`` runs low, and turns what went wrong into a :mod:`collector.portal.errors`
type whose message a user can act on. Uploads stream from disk with progress callbacks and
cancellation; lists follow cursor pagination to the last page.

What is retried inside one call: reads; uploads (a repeated upload only leaves an unused token that
the portal deletes after 60 minutes); and any request that certainly never reached the portal (no
connection, 429). Filing a ticket or posting a comment after a failure where the portal may have
done it (timeout, reset, 5xx) is *not* retried here: Zendesk honours ``Idempotency-Key`` only on
``POST /api/v2/tickets`` (https://developer.zendesk.com/api-reference/ticketing/introduction/#idempotency),
not on the end user's ``/requests``, so the caller must first look for what it may have created
(:mod:`collector.portal.sender` does, and keeps the outbox entry "verificando" meanwhile).

No Qt here: the wizard calls this from a worker thread and passes a ``threading.Event`` to cancel.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from collector import __version__
from collector.core.errors import UsageError
from collector.core.progress import Progress, ProgressFn
from collector.portal import errors, proxies
from collector.portal.oauth import SignInError
from collector.portal.retry import (
    CALL_BACKOFF,
    Backoff,
    CancelToken,
    check_cancel,
    pace_delay,
    parse_retry_after,
    sleep,
)
from collector.portal.transport import BLOCK_SIZE, RequestsTransport, Transport

log = logging.getLogger(__name__)
T = TypeVar("T")
# what a sign-in asked once (who signed in, the custom statuses), with when it was asked (monotonic):
# per credentials (an OAuth sign-in is one object; equal e-mail + token values are the same account),
# portal address and OAuth generation (auth.OAuthCredentials.generation)
_MEMO: weakref.WeakKeyDictionary[Any, dict[tuple[str, str, int], tuple[float, Any]]] = weakref.WeakKeyDictionary()
_MEMO_LOCK = threading.Lock()

DEFAULT_TIMEOUT = (10.0, 60.0)  # (connect, read) seconds
ENV_READ_TIMEOUT = "COLLECTOR_PORTAL_READ_TIMEOUT"  # seconds, for very slow links (or tests)
MAX_INLINE_RETRY_AFTER = 60.0  # a longer Retry-After goes back to the outbox instead of blocking



@dataclass(frozen=True)
class Upload:
    token: str
    attachment: dict

    @property
    def attachment_id(self) -> int | None:
        return self.attachment.get("id")


class _FileBody:
    """A file read in blocks for the request body: reports progress, honours cancel.

    Cancel raises :class:`Cancelled` from inside ``read``: urllib3 drops the connection and the
    exception reaches the caller unchanged.
    """

    def __init__(self, path: Path, progress: ProgressFn | None, cancel: CancelToken):
        self._name = path.name
        self._file = open(path, "rb")  # noqa: SIM115 - closed by the client after the call
        self.size = os.fstat(self._file.fileno()).st_size
        self.sent = 0
        self._progress = progress
        self._cancel = cancel

    def __len__(self) -> int:
        return self.size

    def read(self, n: int = -1) -> bytes:
        check_cancel(self._cancel)
        chunk = self._file.read(BLOCK_SIZE if n is None or n < 0 else n)
        if chunk:
            self.sent += len(chunk)
            if self._progress:
                self._progress(Progress("uploading", self.sent, self.size, self._name))
        return chunk

    def close(self) -> None:
        self._file.close()


def content_type_for(name: str) -> str:
    kind, _ = mimetypes.guess_type(name)
    if kind:
        return kind
    lowered = name.lower()
    if lowered.endswith(".webm"):
        return "video/webm"
    if lowered.endswith((".log", ".txt", ".md")):
        return "text/plain"
    return "application/octet-stream"


def configured_timeout() -> tuple[float, float]:
    """(connect, read) seconds: the default, or a read timeout from ``COLLECTOR_PORTAL_READ_TIMEOUT``."""
    if ENV_READ_TIMEOUT not in os.environ:
        return DEFAULT_TIMEOUT
    try:
        read = float(os.environ[ENV_READ_TIMEOUT])
    except ValueError:
        read = 0.0
    if not read > 0:
        raise UsageError(f"{ENV_READ_TIMEOUT} deve ser um número de segundos maior que zero")
    return DEFAULT_TIMEOUT[0], read


class PortalClient:
    def __init__(self, base_url: str, credentials=None, *, transport: Transport | None = None,
                 timeout: tuple[float, float] | None = None, attempts: int = 4,
                 backoff: Backoff = CALL_BACKOFF, max_inline_retry_after: float = MAX_INLINE_RETRY_AFTER,
                 sleeper: Callable[[float, CancelToken], None] = sleep):
        self.base_url = base_url.rstrip("/")
        self._auth = credentials.auth() if credentials is not None else None
        self.credentials = credentials
        self.transport = transport or RequestsTransport(user_agent=f"ColetorDiagnosticoRM/{__version__}",
                                                        proxies=proxies.from_environment())
        self.timeout = timeout or configured_timeout()
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.max_inline_retry_after = max_inline_retry_after
        self._sleep = sleeper
        self.rate_remaining: int | None = None
        self.rate_limit: int | None = None
        self.last_retry_after: float | None = None

    # ------------------------------------------------------------------ plumbing

    def close(self) -> None:
        self.transport.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return f"{self.base_url}/api/v2/{path.lstrip('/')}"

    def _note_rate(self, response) -> None:
        remaining = response.headers.get("X-Rate-Limit-Remaining")
        limit = response.headers.get("X-Rate-Limit")
        try:
            self.rate_remaining = int(remaining) if remaining is not None else None
            self.rate_limit = int(limit) if limit is not None else self.rate_limit
        except ValueError:
            self.rate_remaining = None

    def call(self, method: str, path: str, *, params: dict | None = None, json: Any = None,
             body: Callable[[], Any] | None = None, headers: dict | None = None,
             idempotency_key: str | None = None, cancel: CancelToken = None,
             retry_unsafe: bool = False, expect_json: bool = True) -> Any:
        """One API call with retries; returns the decoded JSON (or None for an empty body).

        ``body`` is a factory: each attempt gets a fresh stream. A POST/PUT is retried after a
        failure that may have been processed only with ``retry_unsafe`` (doing it twice is harmless).
        """
        method = method.upper()
        headers = dict(headers or {})
        headers.setdefault("Accept", "application/json")
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        safe = method in ("GET", "HEAD", "DELETE") or retry_unsafe
        url = self.url(path)
        attempt = 0
        refreshed = False
        while True:
            check_cancel(cancel)
            if self._refreshable and self.credentials.expired():
                self._refresh(None)
            pause = pace_delay(self.rate_remaining, self.rate_limit)
            if pause:
                log.info("rate limit low (%s left): pausing %.1fs", self.rate_remaining, pause)
                self._sleep(pause, cancel)
            stream = body() if body else None
            sent_with = self.credentials.tokens.access_token if self._refreshable else None
            try:
                response = self.transport.request(method, url, params=params, headers=headers, json=json,
                                                  data=stream, auth=self._auth, timeout=self.timeout)
            except errors.TransientPortalError as exc:
                error: errors.PortalError = exc
            else:
                self._note_rate(response)
                if response.status_code < 400:
                    return _decode(response) if expect_json else response
                error = translate(response)
            finally:
                if stream is not None and hasattr(stream, "close"):
                    stream.close()
            self.last_retry_after = error.retry_after
            if isinstance(error, errors.AuthenticationFailed) and self._refreshable:
                if refreshed:
                    raise errors.SignInRequired(
                        "O portal recusou a sessão renovada (401): entre de novo no portal.", status=401)
                refreshed = True  # a 401 refreshes once, then asks to sign in again (SPEC §4.5)
                self._refresh(sent_with)
                continue  # a 401 was not processed: sending again is safe, whatever the method
            retryable = safe or not getattr(error, "maybe_processed", True)
            if not error.transient or not retryable or attempt + 1 >= self.attempts:
                raise error
            if error.retry_after is not None and error.retry_after > self.max_inline_retry_after:
                raise error
            wait = self.backoff.delay(attempt, error.retry_after)
            log.info("%s %s failed (%s); retry %d in %.1fs", method, path.split("?")[0],
                     error.status or type(error).__name__, attempt + 1, wait)
            self._sleep(wait, cancel)
            attempt += 1

    @property
    def _refreshable(self) -> bool:
        return callable(getattr(self.credentials, "refresh", None))

    def _refresh(self, failed: str | None) -> None:
        """New OAuth tokens; a refresh the portal refuses is :class:`SignInRequired`, a network
        failure during it is transient like any other."""
        try:
            self.credentials.refresh(failed)
        except errors.SignInRequired:
            raise
        except SignInError as exc:
            raise errors.PortalUnreachable(str(exc)) from None

    # ------------------------------------------------------------------ account and lists

    def me(self) -> dict:
        """The signed-in user (``GET /users/me``): use it to check credentials on first access."""
        user = self.call("GET", "users/me")["user"]
        if not user or user.get("id") is None:  # Zendesk answers an anonymous user when auth fails
            raise errors.AuthenticationFailed(
                "O portal recusou as credenciais: confira o e-mail e o token de API.", status=401)
        self.remember("me_id", user["id"])
        return user

    def me_id(self) -> int:
        """The signed-in user's id: ``users/me`` once per sign-in (the main window's refresh, each
        ticket window and the tray's poll asked it every time). Credentials the portal stops accepting
        fail on the call that follows, as before."""
        return self.remembered("me_id", lambda: self.me()["id"])

    def remembered(self, name: str, fetch: Callable[[], T], max_age: float | None = None) -> T:
        """``fetch()``'s answer, kept with this sign-in for ``max_age`` seconds (None: while the sign-in
        lives). Thousands of collectors share one portal account's rate limit (SPEC §4.7; Zendesk
        counts requests per account and minute: https://developer.zendesk.com/api-reference/introduction/rate-limits),
        so what does not change between two refreshes is not asked twice."""
        if self.credentials is not None:
            with _MEMO_LOCK:
                hit = _MEMO.get(self.credentials, {}).get(self._memo_key(name))
            if hit is not None and (max_age is None or time.monotonic() - hit[0] < max_age):
                return hit[1]
        value = fetch()
        self.remember(name, value)
        return value

    def remember(self, name: str, value: object) -> None:
        if self.credentials is not None:
            with _MEMO_LOCK:
                _MEMO.setdefault(self.credentials, {})[self._memo_key(name)] = (time.monotonic(), value)

    def _memo_key(self, name: str) -> tuple[str, str, int]:
        # an OAuth sign-in that took another process's tokens may be another account now (generation)
        return self.base_url, name, int(getattr(self.credentials, "generation", 0))

    def paginate(self, path: str, key: str, params: dict | None = None, page_size: int = 100,
                 cancel: CancelToken = None, on_page: Callable[[dict], None] | None = None) -> Iterator[dict]:
        """Cursor pagination: follow ``links.next`` while ``meta.has_more``. ``on_page`` sees each
        whole page first (sideloads such as a comment list's ``users``)."""
        query = dict(params or {})
        query["page[size]"] = page_size
        data = self.call("GET", path, params=query, cancel=cancel)
        while True:
            if on_page is not None:
                on_page(data)
            yield from data.get(key) or []
            meta, links = data.get("meta") or {}, data.get("links") or {}
            if not meta.get("has_more") or not links.get("next"):
                return
            data = self.call("GET", links["next"], cancel=cancel)

    def list_my_requests(self, page_size: int = 100, limit: int | None = None,
                         cancel: CancelToken = None, base_url: str | None = None) -> list[dict]:
        """All my tickets, most recently updated first. Every page is read and the order is ours:
        Zendesk ignores ``sort_by``/``sort_order`` with cursor pagination on this endpoint (see
        :mod:`collector.portal.local.pagination`). ``base_url``: another brand's host of the same
        account (a request is listed on the brand it was filed on)."""
        path = f"{base_url.rstrip('/')}/api/v2/requests" if base_url else "requests"
        rows = list(self.paginate(path, "requests", {"sort_by": "updated_at", "sort_order": "desc"},
                                  page_size=page_size, cancel=cancel))
        rows.sort(key=lambda r: (str(r.get("updated_at") or ""), r.get("id") or 0), reverse=True)
        return rows[:limit] if limit is not None else rows

    def get_request(self, request_id: int) -> dict:
        try:
            return self.call("GET", f"requests/{int(request_id)}")["request"]
        except errors.NotFound as exc:
            raise errors.NotFound(f"Chamado {request_id} não encontrado no portal (ou não é seu).",
                                  status=404) from exc

    def list_comments(self, request_id: int, cancel: CancelToken = None,
                      authors: dict[int, dict] | None = None, base_url: str | None = None) -> list[dict]:
        """The public conversation of a ticket, oldest first, every page. ``authors``, when given, is
        filled with the sideloaded users (id → {"name", "agent", ...}) who wrote it. ``base_url``:
        the brand host the ticket was filed on."""
        def keep_users(page: dict) -> None:
            if authors is not None:
                authors.update({u["id"]: u for u in page.get("users") or [] if isinstance(u, dict) and "id" in u})

        path = f"requests/{int(request_id)}/comments"
        if base_url:
            path = f"{base_url.rstrip('/')}/api/v2/{path}"
        return list(self.paginate(path, "comments", cancel=cancel, on_page=keep_users))

    def ticket_fields(self) -> list[dict]:
        """The ticket fields this user can see (id, type, and drop-down options with their tags)."""
        return list(self.call("GET", "ticket_fields").get("ticket_fields") or [])

    def custom_statuses(self) -> list[dict]:
        return self.call("GET", "custom_statuses").get("custom_statuses") or []

    def search_articles(self, query: str, locale: str = "pt-br") -> list[dict]:
        """Knowledge-base suggestions: dicts with ``title``, ``html_url``, ``snippet``."""
        data = self.call("GET", "help_center/articles/search", params={"query": query, "locale": locale})
        return data.get("results") or []

    def rate_satisfaction(self, ticket_id: int, score: str, comment: str = "") -> dict:
        if score not in ("good", "bad"):
            raise ValueError("score must be 'good' or 'bad'")
        payload = {"satisfaction_rating": {"score": score, "comment": comment}}
        return self.call("POST", f"tickets/{int(ticket_id)}/satisfaction_rating", json=payload,
                         idempotency_key=f"satisfaction-{ticket_id}-{score}", retry_unsafe=True)

    # ------------------------------------------------------------------ tickets

    def create_request(self, subject: str, body: str, uploads: Sequence[str] = (), *,
                       custom_fields: list[dict] | None = None, ticket_form_id: int | None = None,
                       followup_of: int | None = None, idempotency_key: str | None = None,
                       cancel: CancelToken = None) -> dict:
        """File a new ticket (``POST /requests``). Sent once: after a failure whose
        ``maybe_processed`` is true the ticket may exist, and the caller must look before filing
        again. The ``Idempotency-Key`` header goes along (harmless, and honoured by a portal that
        supports it) but is not relied on.

        ``followup_of``: a *closed* ticket this one follows up (``via_followup_source_id``; Zendesk:
        "The parameter only works with closed tickets", "Creating and updating tickets")."""
        request: dict[str, Any] = {"subject": subject, "comment": {"body": body, "uploads": list(uploads)}}
        if custom_fields:
            request["custom_fields"] = custom_fields
        if ticket_form_id:
            request["ticket_form_id"] = ticket_form_id
        if followup_of:
            request["via_followup_source_id"] = followup_of
        data = self.call("POST", "requests", json={"request": request}, idempotency_key=idempotency_key,
                         cancel=cancel)
        return data["request"]

    def add_comment(self, request_id: int, body: str, uploads: Sequence[str] = (), *,
                    cancel: CancelToken = None) -> dict:
        """Reply on a ticket, with attachments (``PUT /requests/{id}``). Sent once, like
        :meth:`create_request`: the caller looks for its marker before posting again."""
        payload = {"request": {"comment": {"body": body, "uploads": list(uploads)}}}
        try:
            return self.call("PUT", f"requests/{int(request_id)}", json=payload, cancel=cancel)["request"]
        except errors.NotFound as exc:
            raise errors.NotFound(f"Chamado {request_id} não encontrado no portal (ou não é seu), ou anexos "
                                  f"expirados.", status=404) from exc

    # ------------------------------------------------------------------ uploads

    def upload(self, path: str | Path, *, filename: str | None = None, content_type: str | None = None,
               token: str | None = None, progress: ProgressFn | None = None, cancel: CancelToken = None,
               idempotency_key: str | None = None) -> Upload:
        """Stream one file to ``POST /uploads``. ``token`` adds it to an earlier upload's token."""
        path = Path(path)
        name = filename or path.name
        params = {"filename": name}
        if token:
            params["token"] = token
        headers = {"Content-Type": content_type or content_type_for(name)}
        data = self.call("POST", "uploads", params=params, headers=headers, idempotency_key=idempotency_key,
                         body=lambda: _FileBody(path, progress, cancel), cancel=cancel, retry_unsafe=True)
        upload = data["upload"]
        return Upload(token=upload["token"], attachment=upload.get("attachment") or {})

    def delete_upload(self, token: str) -> None:
        try:
            self.call("DELETE", f"uploads/{token}", expect_json=False)
        except errors.NotFound:
            pass


# ---------------------------------------------------------------------- error translation


def _decode(response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        raise errors.PermanentPortalError(
            f"Resposta inesperada do portal (HTTP {response.status_code}, não é JSON): confira o "
            f"endereço do portal.", status=response.status_code) from None


def _body(response) -> dict:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _description(data: dict) -> str:
    for key in ("description", "error", "message"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:200]
        if isinstance(value, dict):  # {"error": {"title", "message"}}
            inner = value.get("message") or value.get("title")
            if isinstance(inner, str):
                return inner.strip()[:200]
    return ""


def _fields(details: Any) -> list[str]:
    names: list[str] = []
    if isinstance(details, dict):
        for key, items in details.items():
            for item in items if isinstance(items, list) else [items]:
                name = item.get("field_key") if isinstance(item, dict) else None
                name = name or key
                if name not in names:
                    names.append(str(name))
    return names


def translate(response) -> errors.PortalError:
    """HTTP error response → the portal error the caller and the user understand."""
    status = response.status_code
    data = _body(response)
    description = _description(data)
    code = data.get("error") if isinstance(data.get("error"), str) else None
    retry_after = parse_retry_after(response.headers.get("Retry-After"))
    if status == 401:
        return errors.AuthenticationFailed(
            "O portal recusou as credenciais (401): confira o e-mail e o token de API.", status=status)
    if status == 403:
        return errors.Forbidden(
            "O portal negou o acesso (403): sua conta não tem permissão para esta operação"
            + (f" — {description}" if description else "") + ".", status=status)
    if status == 404:
        return errors.NotFound("Não encontrado no portal (404).", status=status)
    if status == 407:
        return errors.ProxyRefused(f"{proxies.REFUSED[0].upper()}{proxies.REFUSED[1:]} (407).", status=status,
                                   maybe_processed=False)
    if status == 413:
        return errors.PermanentPortalError(
            "Arquivo grande demais para o portal (413; o limite de anexos do Zendesk é 50 MB).", status=status)
    if status == 422:
        details = data.get("details") if isinstance(data.get("details"), dict) else {}
        fields = _fields(details)
        message = "O portal recusou os dados (422)"
        if fields:
            message += ": campos " + ", ".join(fields)
        if description:
            message += f" — {description}"
        return errors.InvalidRecord(message + ".", fields=fields, details=details)
    if status == 429:
        wait = f" por {int(retry_after)} s" if retry_after is not None else ""
        return errors.RateLimited(f"O portal pediu para aguardar{wait} (limite de requisições, 429).",
                                  status=status, retry_after=retry_after, maybe_processed=False)
    if status in (408, 409) or status >= 500:
        return errors.TransientPortalError(
            f"O portal está com problemas no momento (HTTP {status}); nova tentativa mais tarde.",
            status=status, retry_after=retry_after)
    return errors.PermanentPortalError(
        f"O portal recusou o pedido (HTTP {status})" + (f": {description}" if description else "") + ".",
        status=status, code=code)


def open_client(cli_url: str | None = None, profile_path=None, **kwargs) -> PortalClient:
    """The client for the configured portal (``--portal`` / env / settings / profile) with the user's
    credentials, or a :class:`NotConfigured` error that says what to do."""
    from collector.portal import auth
    from collector.portal import settings as portal_settings

    config = portal_settings.load(cli_url, profile_path)
    if config.url is None:
        raise errors.NotConfigured(
            f"nenhum portal configurado: use --portal URL ou {portal_settings.ENV_URL} "
            f"(ou prepare o envio manual com --manual)")
    credentials = auth.load(config.url, config.profile.oauth)
    if credentials is None:
        raise errors.NotConfigured(auth.missing_message())
    return PortalClient(config.url, credentials, **kwargs)
