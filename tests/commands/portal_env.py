"""Shared setup for the portal commands' tests: a local portal and the environment pointing at it."""

from __future__ import annotations

import pytest

from collector.portal.local import LocalPortal


@pytest.fixture
def served(tmp_path, monkeypatch):
    portal = LocalPortal(tmp_path / "portal", rules_interval=3600)
    url = portal.start()
    account = portal.accounts["end-user"]
    monkeypatch.setenv("COLLECTOR_PORTAL_URL", url)
    monkeypatch.setenv("COLLECTOR_PORTAL_EMAIL", account["email"])
    monkeypatch.setenv("COLLECTOR_PORTAL_TOKEN", account["token"])
    yield portal
    portal.close()
