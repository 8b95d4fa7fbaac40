"""A submitting process killed (SIGKILL) at any point: the next run delivers exactly one ticket with
every attachment byte-identical to the bundle (issue 4)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collector.portal.client import ENV_READ_TIMEOUT
from collector.portal.sender import CRASH_ENV, CRASH_POINTS, VERIFY_ENV
from tests.bundle.factory import default_files, make_bundle, noise
from tests.portal.test_sender import my_tickets, portal_attachments

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
MIB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]


def _env(lp, creds, **extra) -> dict:
    env = dict(os.environ)
    env.update({"COLLECTOR_PORTAL_URL": lp.url, "COLLECTOR_PORTAL_EMAIL": creds.email,
                "COLLECTOR_PORTAL_TOKEN": creds.secret, "PYTHONPATH": str(ROOT),
                VERIFY_ENV: "3"})  # a filing cut short is looked for 3 s (not 5 minutes) before filing again
    env.pop(CRASH_ENV, None)
    env.update(extra)
    return env


def _submit(bundle: Path, env: dict, **kw) -> subprocess.Popen:
    return _collector(["submit", str(bundle)], env, **kw)


def _collector(args: list[str], env: dict, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "collector", *args], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def _run(args: list[str], env: dict) -> tuple[int, str, str]:
    proc = _collector(args, env)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out.decode(), err.decode()


def _bundle(tmp_path) -> tuple[Path, dict]:
    files = default_files()
    files["screenshots/tela-grande.png"] = noise(3 * MIB, 7)  # small enough to go with the ticket
    files["recordings/gravacao-longa.mp4"] = noise(6 * MIB, 8)  # follows in a batch
    manifest = make_bundle(tmp_path / "b.zip", files)
    return tmp_path / "b.zip", manifest


def _assert_one_complete_ticket(lp, creds, client, bundle_id, outbox_entry):
    tickets = my_tickets(client, bundle_id)
    assert len(tickets) == 1, f"{len(tickets)} tickets for one bundle"
    expected = {f["name"]: f["sha256"] for f in outbox_entry["files"]}
    assert portal_attachments(lp, creds, tickets[0]["id"]) == expected


def _state(home: Path, bundle_id: str) -> dict:
    return json.loads((home / "outbox" / bundle_id / "state.json").read_text())


@pytest.mark.parametrize("point", [p for p in CRASH_POINTS if p != "verifying"])
def test_killed_at_a_point_then_resumed(point, tmp_path, lp, creds, client, _isolated_home):
    bundle, manifest = _bundle(tmp_path)
    crashed = _submit(bundle, _env(lp, creds, **{CRASH_ENV: point}))
    out, err = crashed.communicate(timeout=120)
    assert crashed.returncode == -signal.SIGKILL, err.decode()
    resumed = _submit(bundle, _env(lp, creds))
    out, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err.decode()
    assert "Chamado #" in out.decode()
    bundle_id = manifest["bundle_id"]
    _assert_one_complete_ticket(lp, creds, client, bundle_id, _state(_isolated_home, bundle_id))


def test_killed_from_outside_while_the_filing_answer_is_slow(tmp_path, lp, creds, client, _isolated_home):
    bundle, manifest = _bundle(tmp_path)
    bundle_id = manifest["bundle_id"]
    lp.faults.delay_next(1, seconds=4, path="/api/v2/requests", method="POST")
    proc = _submit(bundle, _env(lp, creds))
    deadline = time.monotonic() + 60
    state_file = _isolated_home / "outbox" / bundle_id / "state.json"
    while time.monotonic() < deadline:
        if state_file.exists() and json.loads(state_file.read_text()).get("filing_started") \
                and lp.faults.played.get("delay"):
            break
        time.sleep(0.05)
    time.sleep(0.3)  # the portal has filed it and is holding the answer back
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert len(my_tickets(client, bundle_id)) == 1  # filed, but the client never heard back
    resumed = _submit(bundle, _env(lp, creds))
    out, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err.decode()
    _assert_one_complete_ticket(lp, creds, client, bundle_id, _state(_isolated_home, bundle_id))


# The portal ignores Idempotency-Key on /requests (like Zendesk): only not filing again keeps it to one.

def test_filing_committed_and_its_answer_dropped(tmp_path, lp, creds, client, _isolated_home):
    bundle, manifest = _bundle(tmp_path)
    bundle_id = manifest["bundle_id"]
    lp.faults.commit_then_drop(1, path="/api/v2/requests", method="POST")
    code, out, err = _run(["submit", str(bundle)], _env(lp, creds))
    assert code == 0, err
    assert lp.faults.played["drop"] == 1
    code, out, err = _run(["outbox", "retry"], _env(lp, creds))
    assert code == 0, err
    _assert_one_complete_ticket(lp, creds, client, bundle_id, _state(_isolated_home, bundle_id))


def test_filing_committed_after_the_read_timeout(tmp_path, lp, creds, client, _isolated_home):
    bundle, manifest = _bundle(tmp_path)
    bundle_id = manifest["bundle_id"]
    lp.faults.delay_commit(1, seconds=1.2, path="/api/v2/requests", method="POST")
    env = _env(lp, creds, **{ENV_READ_TIMEOUT: "0.5", VERIFY_ENV: "300"})
    code, out, err = _run(["submit", str(bundle)], env)
    assert code == 0, err
    code, out, err = _run(["outbox", "retry"], env)
    assert code == 0, err
    _assert_one_complete_ticket(lp, creds, client, bundle_id, _state(_isolated_home, bundle_id))


@pytest.mark.parametrize("fault", ["drop", "late_commit"])
def test_killed_while_verifying_then_restarted(fault, tmp_path, lp, creds, client, _isolated_home):
    bundle, manifest = _bundle(tmp_path)
    bundle_id = manifest["bundle_id"]
    if fault == "drop":
        lp.faults.commit_then_drop(1, path="/api/v2/requests", method="POST")
    else:
        lp.faults.delay_commit(1, seconds=2.0, path="/api/v2/requests", method="POST")
    env = _env(lp, creds, **{ENV_READ_TIMEOUT: "0.5", VERIFY_ENV: "300"})
    crashed = _submit(bundle, {**env, CRASH_ENV: "verifying"})
    crashed.communicate(timeout=120)
    assert crashed.returncode == -signal.SIGKILL
    state = _state(_isolated_home, bundle_id)
    assert state["state"] == "verifying" and state["verifying"]["what"] == "ticket"
    code, out, err = _run(["outbox", "list"], env)
    assert "verificando se o chamado já foi aberto" in out
    code, out, err = _run(["outbox", "retry"], env)
    assert code == 0, err
    assert "entregue" in out
    _assert_one_complete_ticket(lp, creds, client, bundle_id, _state(_isolated_home, bundle_id))
