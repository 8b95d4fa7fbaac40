"""Helpers for tests that drive the local portal: a settable clock and authenticated sessions."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import requests


class FakeClock:
    """A clock for ``LocalPortal(clock=...)``: stands still until ``advance()`` or ``set()``."""

    def __init__(self, start: datetime | None = None):
        self._now = start or datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta | None = None, **kwargs) -> datetime:
        """``advance(days=7)`` or ``advance(timedelta(...))``; returns the new time."""
        with self._lock:
            self._now += delta if delta is not None else timedelta(**kwargs)
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment


class PortalSession(requests.Session):
    """A ``requests.Session`` authenticated like Zendesk (``email/token:TOKEN``), with ``.base``."""

    def __init__(self, base_url: str, email: str, token: str) -> None:
        super().__init__()
        self.auth = (f"{email}/token", token)
        self.base = base_url


def session(base_url: str, email: str, token: str) -> PortalSession:
    return PortalSession(base_url, email, token)
