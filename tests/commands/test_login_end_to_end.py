"""Issue 12 "done when": the real sign-in, end to end. ``collector login`` opens ``$BROWSER`` — a
scripted stand-in that signs in on the local portal's page and allows — and the loopback listener
takes the code; ``collector submit`` then files with ``Authorization: Bearer``, survives an access
token that expires mid-send (one refresh), and, once the refresh token is revoked, keeps the bundle
in the outbox ("entrar de novo", exit 3) until ``collector login`` + ``collector outbox retry``
deliver it exactly once. Every step is a real process, as a user would run them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from collector.portal.local import LocalPortal
from collector.portal.local.server import PROFILE_FILE
from tests.bundle.factory import make_bundle
from tests.portal import stand_in_browser

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "coletor-teste"
INSPECT = {"installations": [{"version": "12.1.2406.145", "topology": "three-tier",
                              "database": {"type": "sqlserver"}}]}


def free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


class Setup:
    def __init__(self, tmp_path: Path, portal: LocalPortal):
        self.tmp = tmp_path
        self.portal = portal
        self.account = portal.accounts["end-user"]
        self.uris = [f"http://127.0.0.1:{p}/oauth/callback" for p in free_ports(2)]
        portal.oauth.add_client(CLIENT_ID, "Coletor (teste)", self.uris)
        profile = json.loads(PROFILE_FILE.read_text(encoding="utf-8"))
        profile["url"] = portal.url
        profile["oauth"] = {"client_id": CLIENT_ID, "scopes": ["read", "write"], "redirect_uris": self.uris}
        self.profile = tmp_path / "portal.json"
        self.profile.write_text(json.dumps(profile), encoding="utf-8")
        browser = stand_in_browser.command(tmp_path)
        self.keyring = tmp_path / "keyring.json"
        self.env = dict(os.environ, PYTHONPATH=str(ROOT), BROWSER=str(browser),
                        COLLECTOR_PORTAL_PROFILE=str(self.profile),
                        STANDIN_EMAIL=self.account["email"], STANDIN_PASSWORD=self.account["password"],
                        PYTHON_KEYRING_BACKEND="tests.portal.file_keyring.FileKeyring",
                        COLLECTOR_TEST_KEYRING=str(self.keyring))

    def run(self, *args, **env) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "collector", *args], env={**self.env, **env}, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        for secret in self.secrets():
            assert secret not in done.stdout + done.stderr, "a token was printed"
        return done

    def stored(self) -> dict:
        data = json.loads(self.keyring.read_text(encoding="utf-8"))
        return json.loads(next(v for k, v in data.items() if k.endswith("|@oauth")))

    def secrets(self) -> list[str]:
        if not self.keyring.exists():
            return []
        try:
            stored = self.stored()
        except StopIteration:
            return []
        return [s for s in (stored.get("access_token"), stored.get("refresh_token")) if s]

    def bundle(self, name: str) -> Path:
        path = self.tmp / name
        make_bundle(path, inspect=INSPECT)
        return path

    def my_tickets(self) -> list[dict]:
        auth = (f"{self.account['email']}/token", self.account["token"])
        return requests.get(f"{self.portal.url}/api/v2/requests", auth=auth, timeout=30).json()["requests"]


@pytest.fixture
def setup(tmp_path):
    portal = LocalPortal(tmp_path / "portal", rules_interval=3600)
    portal.start()
    yield Setup(tmp_path, portal)
    portal.close()


def test_login_submit_refresh_and_sign_in_again(setup):
    login = setup.run("login")
    assert login.returncode == 0, login.stderr
    assert f"como Cliente Demonstração <{setup.account['email']}>" in login.stdout
    assert "127.0.0.1" in login.stderr and "/oauth/authorizations/new" in login.stderr  # the URL is printed too
    first = setup.stored()
    assert first["client_id"] == CLIENT_ID and first["refresh_token"]

    who = setup.run("whoami")
    assert who.returncode == 0 and setup.account["email"] in who.stdout and "OAuth" in who.stdout
    debug = setup.run("--debug", "whoami")  # the debug log shows requests, never the tokens (run() checks)
    assert debug.returncode == 0 and "DEBUG" in debug.stderr

    # the access token expires just as the ticket is filed: one refresh, then it goes through
    setup.portal.faults.expire_tokens_next(1, path="/api/v2/requests", method="POST")
    sent = setup.run("submit", str(setup.bundle("a.zip")))
    assert sent.returncode == 0, sent.stderr
    assert setup.portal.faults.played.get("expire") == 1  # a real 401 met mid-send, then one refresh
    assert "aviso: token de API" not in sent.stderr  # no API token anywhere: Bearer only
    [ticket] = setup.my_tickets()
    assert ticket["ticket_form_id"] == 360001
    assert {"id": 1003, "value": "rm_db_sqlserver"} in ticket["custom_fields"]
    assert {"id": 1004, "value": "rm_3camadas"} in ticket["custom_fields"]
    assert {"id": 1001, "value": "12.1.2406.145"} in ticket["custom_fields"]
    rotated = setup.stored()
    assert rotated["refresh_token"] != first["refresh_token"]  # rotated and saved back
    old = requests.post(f"{setup.portal.url}/oauth/tokens", timeout=30, data={
        "grant_type": "refresh_token", "client_id": CLIENT_ID, "refresh_token": first["refresh_token"]})
    assert old.status_code == 400 and old.json()["error"] == "invalid_grant"  # the old pair died

    # the session is ended on the portal: the next bundle waits for a new sign-in, kept
    setup.portal.oauth.revoke_all()
    waiting = setup.run("submit", str(setup.bundle("b.zip")))
    assert waiting.returncode == 3, waiting.stderr
    assert "entrar de novo" in waiting.stderr and "collector login" in waiting.stderr
    listed = setup.run("outbox", "list")
    assert "entrar de novo" in listed.stdout
    assert len(setup.my_tickets()) == 1

    again = setup.run("outbox", "retry")  # still signed out: kept, exit 3
    assert again.returncode == 3 and "entrar de novo" in again.stdout

    assert setup.run("login").returncode == 0
    retried = setup.run("outbox", "retry")
    assert retried.returncode == 0, retried.stdout + retried.stderr
    assert "entregue" in retried.stdout
    assert len(setup.my_tickets()) == 2  # exactly once

    out = setup.run("logout")
    assert out.returncode == 0 and "sessão revogada no portal" in out.stdout
    assert not any(k.endswith("|@oauth") for k in json.loads(setup.keyring.read_text()))
    assert setup.run("whoami").returncode == 1


def test_no_browser_takes_the_pasted_address(setup):
    proc = subprocess.Popen([sys.executable, "-m", "collector", "login", "--no-browser"], env=setup.env, cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = None
    for line in proc.stderr:
        if "/oauth/authorizations/new?" in line:
            url = line.strip()
            break
    assert url, "the authorization URL was not printed"
    log = setup.tmp / "pasted.txt"
    browser = subprocess.run([sys.executable, str(ROOT / "tests/portal/stand_in_browser.py"), url], timeout=60,
                             env={**setup.env, "STANDIN_MODE": "close", "STANDIN_LOG": str(log)})
    assert browser.returncode == 0
    out, err = proc.communicate(log.read_text().strip() + "\n", timeout=60)
    assert proc.returncode == 0, err
    assert "Você entrou no portal" in out
    assert setup.stored()["client_id"] == CLIENT_ID


def _login_fails(setup, **env) -> str:
    done = setup.run("login", "--timeout", "5", **env)
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.startswith("collector:")]
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert not setup.keyring.exists() or not setup.secrets()
    return lines[0]


def test_wrong_state_is_refused(setup):
    assert "state diferente" in _login_fails(setup, STANDIN_MODE="wrong_state")


def test_a_closed_tab_times_out(setup):
    assert "não voltou ao coletor em 5 s" in _login_fails(setup, STANDIN_MODE="close")


def test_denied_consent(setup):
    assert "negada" in _login_fails(setup, STANDIN_MODE="deny")


def test_busy_ports_are_said_plainly(setup):
    held = []
    try:
        for uri in setup.uris:
            s = socket.socket()
            s.bind(("127.0.0.1", int(uri.split(":")[2].split("/")[0])))
            s.listen()
            held.append(s)
        assert "estão ocupadas" in _login_fails(setup)
    finally:
        for s in held:
            s.close()


def test_first_free_port_is_used(setup):
    s = socket.socket()
    s.bind(("127.0.0.1", int(setup.uris[0].split(":")[2].split("/")[0])))
    s.listen()
    try:
        log = setup.tmp / "redirects.txt"
        assert setup.run("login", STANDIN_LOG=str(log)).returncode == 0
        assert log.read_text().startswith(setup.uris[1])
    finally:
        s.close()


def test_no_keyring_is_said_plainly(setup):
    done = setup.run("login", PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    assert done.returncode == 0
    assert "não tem um chaveiro seguro" in done.stderr and "a cada execução" in done.stderr
    submit = setup.run("submit", str(setup.bundle("c.zip")), PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    assert submit.returncode == 1 and "chaveiro seguro" in submit.stderr
    assert "Traceback" not in submit.stderr
