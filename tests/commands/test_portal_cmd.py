"""``collector portal serve`` and ``collector portal user add``."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from collector.cli import main
from collector.portal.local import LocalPortal

ROOT = Path(__file__).resolve().parents[2]


def test_user_add_prints_a_working_token(tmp_path, capsys):
    data = tmp_path / "portal"
    code = main(["portal", "user", "add", "ti@cliente.com.br", "--role", "end-user", "--data", str(data)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "accounts.json" in out  # first use of the folder created the initial accounts
    token = re.search(r"Token de API.*: (\S+)$", out, re.M).group(1)
    bootstrap_tokens = [a["token"] for a in json.loads((data / "accounts.json").read_text()).values()]
    assert not any(t in out for t in bootstrap_tokens)  # only the new account's token is shown
    with LocalPortal(data) as portal:
        url = portal.start()
        r = requests.get(f"{url}/api/v2/users/me", auth=("ti@cliente.com.br/token", token), timeout=10)
        assert r.status_code == 200 and r.json()["user"]["role"] == "end-user"


def test_user_add_default_data_dir_and_duplicate(capsys, _isolated_home):
    assert main(["portal", "user", "add", "analista2@totvs.com.br", "--role", "agent"]) == 0
    assert (_isolated_home / "local-portal" / "accounts.json").exists()
    capsys.readouterr()
    assert main(["portal", "user", "add", "analista2@totvs.com.br", "--role", "agent"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("collector: ") and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_user_add_rejects_bad_email(tmp_path, capsys):
    assert main(["portal", "user", "add", "não-é-email", "--data", str(tmp_path)]) == 1
    assert "E-mail inválido" in capsys.readouterr().err


def test_user_add_weak_password_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "curta")
    assert main(["portal", "user", "add", "a@b.com", "--password", "--data", str(tmp_path)]) == 2
    assert "senha fraca" in capsys.readouterr().err


def test_user_add_with_strong_password(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Correta-Cavalo-9")
    assert main(["portal", "user", "add", "a@b.com", "--password", "--data", str(tmp_path)]) == 0
    assert "Correta-Cavalo-9" not in capsys.readouterr().out
    with LocalPortal(tmp_path) as portal:
        url = portal.start()
        assert requests.get(f"{url}/api/v2/users/me", auth=("a@b.com", "Correta-Cavalo-9"), timeout=10).ok


def test_portal_without_action_is_usage_error(capsys):
    assert main(["portal"]) == 2


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX-only here")
def test_serve_runs_until_ctrl_c(tmp_path):
    data = tmp_path / "portal"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "collector", "portal", "serve", "--port", "0", "--data", str(data)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("Ctrl+C"):
                break
        url = re.search(r"Portal local em (http://\S+)", "".join(lines)).group(1)
        account = json.loads((data / "accounts.json").read_text())["end-user"]
        r = requests.get(f"{url}/api/v2/users/me", auth=(f"{account['email']}/token", account["token"]), timeout=10)
        assert r.status_code == 200
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    output = "".join(lines) + out + err
    assert proc.returncode == 0, output
    assert "Portal local encerrado." in out
    assert str(data / "accounts.json") in output
    assert account["token"] not in output  # tokens never on the console


def test_serve_reports_a_busy_port(tmp_path, capsys):
    with LocalPortal(tmp_path / "a") as other:
        url = other.start()
        port = int(url.rsplit(":", 1)[1])
        assert main(["portal", "serve", "--port", str(port), "--data", str(tmp_path / "b")]) == 1
    err = capsys.readouterr().err
    assert f"porta {port}" in err and "Traceback" not in err
