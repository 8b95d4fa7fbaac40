"""Issue 4 "done when": ``collector portal serve`` + ``collector submit`` files a ticket whose
attachments match the bundle, and ``collector tickets`` lists it with its label and next change.
Every step is a real process, as a user would run them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from collector.portal.local.accounts import read_accounts_file
from tests.bundle.factory import make_bundle, sha256_file

ROOT = Path(__file__).resolve().parents[2]


def _run(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "collector", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def served_process(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "collector", "portal", "serve", "--data", str(tmp_path / "p")],
                            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = None
    for line in proc.stdout:
        if line.startswith("Portal local em "):
            url = line.split()[-1]
            break
    assert url, proc.stderr.read()
    yield url, read_accounts_file(tmp_path / "p")
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_serve_submit_tickets(tmp_path, served_process):
    url, accounts = served_process
    user = accounts["end-user"]
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLLECTOR_PORTAL_URL=url,
               COLLECTOR_PORTAL_EMAIL=user["email"], COLLECTOR_PORTAL_TOKEN=user["token"])
    make_bundle(tmp_path / "b.zip")
    submitted = _run("submit", str(tmp_path / "b.zip"), env=env)
    assert submitted.returncode == 0, submitted.stderr
    assert "Chamado #1 aberto" in submitted.stdout
    assert user["token"] not in submitted.stdout + submitted.stderr

    auth = (f"{user['email']}/token", user["token"])
    comments = requests.get(f"{url}/api/v2/requests/1/comments", auth=auth, timeout=30).json()["comments"]
    got = {a["file_name"]: a for c in comments for a in c["attachments"]}
    entry_state = next((Path(env.get("COLLECTOR_HOME")) / "outbox").glob("*/state.json"))
    staged = {f["name"]: f["sha256"] for f in json.loads(entry_state.read_text())["files"]}
    assert set(got) == set(staged) == {"diagnostico.zip", "tela-1.png", "tela-2.png", "gravacao.mp4"}
    for name, attachment in got.items():
        content = requests.get(attachment["content_url"], auth=auth, timeout=30).content
        (tmp_path / name).write_bytes(content)
        assert sha256_file(tmp_path / name) == staged[name]

    agent = accounts["agent"]
    requests.put(f"{url}/api/v2/tickets/1", auth=(f"{agent['email']}/token", agent["token"]), timeout=30,
                 json={"ticket": {"status": "solved", "comment": {"body": "Corrigido no patch 12.1.2406.150."}}}
                 ).raise_for_status()
    listed = _run("tickets", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert (row["id"], row["status_label"], row["next_change"]["label"]) == (1, "Resolvido", "Fechado")
    text = _run("tickets", env=env)
    assert "Resolvido" in text.stdout and "Fechado em" in text.stdout
