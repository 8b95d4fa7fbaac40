"""Fault injection for the local portal: tests arm faults in-process, the server plays them.

- ``fail_next(n, status=500)``: the next n matching requests get that error without being processed
  (429 and 503 carry ``Retry-After``);
- ``rate_limit_next(n, retry_after=1)``: the next n matching requests get 429 + ``Retry-After``;
- ``delay_next(n, seconds)``: the next n matching requests are processed, then answered late
  (a client with a shorter read timeout gives up although the work was done);
- ``reset_upload_after(nbytes)``: the next upload's connection is reset (TCP RST) once ``nbytes``
  of its body arrived: the client sees a connection error in the middle of sending the body;
- ``expire_tokens_next(n)``: every OAuth access token expires just before the next n matching
  requests are processed (they then meet a real 401, and the client's refresh);
- ``rate_limit_remaining``: when set, the value of ``X-Rate-Limit-Remaining`` on every response.

Every fault takes an optional ``path`` prefix (e.g. ``"/api/v2/uploads"``) and a ``method``.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Armed:
    kind: str
    remaining: int
    path: str | None
    method: str | None
    status: int = 500
    retry_after: int | None = None
    seconds: float = 0.0
    nbytes: int = 0

    def matches(self, method: str, path: str) -> bool:
        return ((self.path is None or path.startswith(self.path))
                and (self.method is None or method.upper() == self.method.upper()))


class Faults:
    """Thread-safe registry of armed faults. ``played`` counts what was played, per kind."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: list[_Armed] = []
        self.rate_limit_remaining: int | None = None
        self.played: dict[str, int] = {}

    def fail_next(self, n: int = 1, status: int = 500, path: str | None = None, method: str | None = None,
                  retry_after: int | None = None) -> None:
        if retry_after is None and status in (429, 503):
            retry_after = 1
        self._arm(_Armed("fail", n, path, method, status=status, retry_after=retry_after))

    def rate_limit_next(self, n: int = 1, retry_after: int = 1, path: str | None = None,
                        method: str | None = None) -> None:
        self._arm(_Armed("fail", n, path, method, status=429, retry_after=retry_after))

    def delay_next(self, n: int = 1, seconds: float = 5.0, path: str | None = None,
                   method: str | None = None) -> None:
        self._arm(_Armed("delay", n, path, method, seconds=seconds))

    def reset_upload_after(self, nbytes: int, n: int = 1, path: str = "/api/v2/uploads") -> None:
        self._arm(_Armed("reset", n, path, "POST", nbytes=nbytes))

    def expire_tokens_next(self, n: int = 1, path: str | None = None, method: str | None = None) -> None:
        self._arm(_Armed("expire", n, path, method))

    def clear(self) -> None:
        with self._lock:
            self._armed.clear()
            self.rate_limit_remaining = None

    def pending(self) -> int:
        with self._lock:
            return sum(a.remaining for a in self._armed)

    def _arm(self, armed: _Armed) -> None:
        if armed.remaining < 1:
            raise ValueError("n must be >= 1")
        with self._lock:
            self._armed.append(armed)

    def take(self, kinds: tuple[str, ...], method: str, path: str) -> _Armed | None:
        """Consumes one play of the first armed fault of these kinds matching the request."""
        with self._lock:
            for armed in self._armed:
                if armed.kind in kinds and armed.matches(method, path):
                    armed.remaining -= 1
                    if armed.remaining == 0:
                        self._armed.remove(armed)
                    self.played[armed.kind] = self.played.get(armed.kind, 0) + 1
                    return armed
        return None


_REASONS = {429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
            503: "Service Unavailable", 504: "Gateway Timeout", 401: "Unauthorized", 403: "Forbidden",
            404: "Not Found", 422: "Unprocessable Entity", 400: "Bad Request"}
_BODIES = {
    401: {"error": "Couldn't authenticate you"},
    403: {"error": "Forbidden", "description": "You do not have access to this page."},
    404: {"error": "RecordNotFound", "description": "Not found"},
    422: {"error": "RecordInvalid", "description": "Record validation errors",
          "details": {"base": [{"description": "Falha simulada", "error": "InvalidValue",
                                "field_key": "base"}]}},
    429: {"error": "TooManyRequests", "description": "You have made too many requests. Retry later."},
}


class FaultMiddleware:
    """WSGI middleware that plays ``fail`` and ``delay`` faults around the portal app."""

    def __init__(self, app, faults: Faults, remaining: Callable[[], int | None],
                 expire_tokens: Callable[[], object] | None = None):
        self.app = app
        self.faults = faults
        self.remaining = remaining
        self.expire_tokens = expire_tokens

    def __call__(self, environ, start_response):
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
        if self.expire_tokens is not None and self.faults.take(("expire",), method, path) is not None:
            self.expire_tokens()
        armed = self.faults.take(("fail",), method, path)
        if armed is not None:
            _drain(environ)
            body = json.dumps(_BODIES.get(armed.status, {
                "error": _REASONS.get(armed.status, "Error"), "description": "Falha simulada pelo portal local"})
            ).encode()
            headers = [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body))),
                       ("X-Rate-Limit-Remaining", str(self.remaining()))]
            if armed.retry_after is not None:
                headers.append(("Retry-After", str(armed.retry_after)))
            start_response(f"{armed.status} {_REASONS.get(armed.status, 'Error')}", headers)
            return [body]
        delay = self.faults.take(("delay",), method, path)
        if delay is None:
            return self.app(environ, start_response)
        captured: dict = {}

        def capture(status, headers, exc_info=None):
            captured["args"] = (status, headers, exc_info)
            return lambda data: None

        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        time.sleep(delay.seconds)
        status, headers, exc_info = captured["args"]
        start_response(status, headers, exc_info)
        return [body]


def _drain(environ) -> None:
    stream = environ.get("wsgi.input")
    if stream is None:
        return
    while stream.read(1 << 20):
        pass
