"""Issue 17 "done when": the macro written by ``collector request --macro`` installs on the local portal
with agent credentials, and its text, pasted in a comment, is recognised by the customer's collector."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import requests

from collector.cli import main
from collector.portal import macro
from tests.commands.portal_env import served  # noqa: F401 — the fixture


def _as(monkeypatch, portal, role):
    account = portal.accounts[role]
    monkeypatch.setenv("COLLECTOR_PORTAL_EMAIL", account["email"])
    monkeypatch.setenv("COLLECTOR_PORTAL_TOKEN", account["token"])
    return (f"{account['email']}/token", account["token"])


def test_macro_installs_and_its_comment_is_a_request(served, tmp_path, capsys, monkeypatch):  # noqa: F811
    path = tmp_path / "pedido.zendesk-macro.json"
    assert main(["request", "--items", "rmerror,logs", "--since", "3d", "--note", "Inclua o erro de hoje",
                 "--macro", str(path)]) == 0
    capsys.readouterr()

    _as(monkeypatch, served, "end-user")  # a customer's account may not install macros
    assert main(["portal", "macro", "install", str(path)]) == 1
    assert "conta de agente ou administrador" in capsys.readouterr().err

    agent = _as(monkeypatch, served, "agent")
    assert main(["portal", "macro", "install", str(path)]) == 0
    assert "instalada no portal" in capsys.readouterr().out
    assert main(["portal", "macro", "install", str(path)]) == 0  # again: nothing duplicated
    assert "já estava instalada" in capsys.readouterr().out
    [installed] = requests.get(f"{served.url}/api/v2/macros", auth=agent, timeout=30).json()["macros"]
    assert installed["actions"] == json.loads(path.read_text(encoding="utf-8"))["macro"]["actions"]

    customer = _as(monkeypatch, served, "end-user")
    ticket = requests.post(f"{served.url}/api/v2/requests", auth=customer, timeout=30,
                           json={"request": {"subject": "Erro no cálculo", "comment": {"body": "Não calcula."}}}
                           ).json()["request"]["id"]
    # the agent applies the macro: its actions become the ticket update (comment, public, status)
    actions = {a["field"]: a["value"] for a in installed["actions"]}
    requests.put(f"{served.url}/api/v2/tickets/{ticket}", auth=agent, timeout=30, json={"ticket": {
        "status": actions["status"],
        "comment": {"body": macro.comment_of(installed), "public": actions["comment_mode_is_public"]}}}
    ).raise_for_status()

    assert main(["requests", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    comments = requests.get(f"{served.url}/api/v2/requests/{ticket}/comments", auth=customer, timeout=30).json()
    written = datetime.fromisoformat(comments["comments"][-1]["created_at"].replace("Z", "+00:00"))
    assert (row["ticket"], row["items"], row["note"]) == (ticket, ["rmerror", "logs"], "Inclua o erro de hoje")
    assert datetime.fromisoformat(row["since"]) == written - timedelta(days=3)
    assert row["asked_by"] == served.accounts["agent"]["name"]
    assert requests.get(f"{served.url}/api/v2/requests/{ticket}", auth=customer, timeout=30
                        ).json()["request"]["status"] == "pending"


def test_bad_macro_files_are_one_line(tmp_path, capsys):
    bad = tmp_path / "x.json"
    bad.write_text('{"macro": {"title": "x", "actions": [{"field": "comment_value", "value": "oi"}]}}')
    assert main(["portal", "macro", "install", str(bad)]) == 2
    assert main(["portal", "macro", "install", str(tmp_path / "nada.json")]) == 2
    assert main(["request", "--items", "logs", "--ticket", "3", "--macro", str(tmp_path / "m.json")]) == 2
    assert main(["request", "--items", "logs"]) == 2
    err = capsys.readouterr().err
    assert "não contém um pedido de diagnóstico válido" in err and "não foi possível ler" in err
    assert "--macro vale para qualquer chamado" in err and "informe --ticket" in err
    assert "Traceback" not in err
