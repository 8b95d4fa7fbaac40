"""Fixtures for the client side: a local portal on 127.0.0.1 (real clock) and clients of it."""

from __future__ import annotations

import pytest

from collector.portal.client import PortalClient
from collector.portal.retry import Backoff


@pytest.fixture
def waits() -> list[float]:
    """The pauses a client asked for (tests record them instead of sleeping)."""
    return []


@pytest.fixture
def make_client(lp, creds, waits):
    made = []

    def make(**kwargs) -> PortalClient:
        kwargs.setdefault("backoff", Backoff(base=0.01, cap=0.05))
        kwargs.setdefault("sleeper", lambda seconds, cancel=None: waits.append(seconds))
        client = PortalClient(kwargs.pop("url", lp.url), kwargs.pop("credentials", creds), **kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def client(make_client) -> PortalClient:
    return make_client()


@pytest.fixture
def agent(lp):
    from collector.portal.local.testing import session

    account = lp.accounts["agent"]
    with session(lp.url, account["email"], account["token"]) as s:
        yield s
