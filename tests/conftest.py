"""Shared test configuration. Area-specific fixtures live in tests/<area>/conftest.py."""

from __future__ import annotations

import os

# Qt widgets render offscreen unless a test asks for the real (Xvfb) screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never let a test touch the developer's real keyring, settings or outbox.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

import pytest  # noqa: E402


@pytest.fixture
def lp(tmp_path):
    """A local portal served on 127.0.0.1, ephemeral port, real clock (rules scheduler idle)."""
    from collector.portal.local import LocalPortal

    portal = LocalPortal(tmp_path / "portal", rules_interval=3600)
    portal.start()
    yield portal
    portal.close()


@pytest.fixture
def creds(lp):
    """The local portal's end-user credentials."""
    from collector.portal.auth import Credentials

    account = lp.accounts["end-user"]
    return Credentials(account["email"], account["token"])


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Each test gets its own COLLECTOR_HOME: no test reads or writes the real user's state."""
    home = tmp_path_factory.mktemp("collector_home")
    monkeypatch.setenv("COLLECTOR_HOME", str(home))
    monkeypatch.delenv("COLLECTOR_PORTAL_URL", raising=False)
    monkeypatch.delenv("COLLECTOR_PORTAL_EMAIL", raising=False)
    monkeypatch.delenv("COLLECTOR_PORTAL_TOKEN", raising=False)
    monkeypatch.delenv("COLLECTOR_DB_PASSWORD", raising=False)
    # fixture aliases name servers that do not exist: never wait the production timeout on them
    monkeypatch.setenv("COLLECTOR_DB_TIMEOUT", "5")
    return home


@pytest.fixture(scope="module")
def display():
    """The X screen pytest-xvfb started, for tests that run the app as a separate process."""
    from tests.capture.helpers import x_connection

    value = os.environ.get("DISPLAY")
    if not value:
        pytest.skip("needs an X screen: install Xvfb (pytest-xvfb starts it)")
    with x_connection(value):  # Xvfb resets when its last client leaves; keep one
        yield value
