"""Fixtures: a local portal really served on 127.0.0.1 (ephemeral port), with a fake clock."""

from __future__ import annotations

import pytest

from collector.portal.local import LocalPortal
from collector.portal.local.testing import FakeClock, session


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def portal(tmp_path, clock):
    p = LocalPortal(tmp_path / "portal", clock=clock, rules_interval=3600)
    p.start()
    yield p
    p.close()


def _session(portal: LocalPortal, role: str):
    account = portal.accounts[role]
    return session(portal.url, account["email"], account["token"])


@pytest.fixture
def customer(portal):
    """The first-start end user's authenticated session (``.base`` is the portal URL)."""
    with _session(portal, "end-user") as s:
        yield s


@pytest.fixture
def agent(portal):
    with _session(portal, "agent") as s:
        yield s


@pytest.fixture
def admin(portal):
    with _session(portal, "admin") as s:
        yield s


def new_request(s, subject="Erro ao emitir nota", body="O RM mostra erro ao emitir a nota.", **extra) -> dict:
    response = s.post(f"{s.base}/api/v2/requests",
                      json={"request": {"subject": subject, "comment": {"body": body}, **extra}})
    assert response.status_code == 201, response.text
    return response.json()["request"]
