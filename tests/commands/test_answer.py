"""Issue 17 "done when": an agent posts a diagnostic request through the local portal's API;
``collector requests`` lists it; ``collector answer N --yes --rm-root DIR`` attaches a bundle whose
manifest kinds are the request's items and whose window starts at ``since``; a second ``answer``
adds nothing and says why; a closed ticket gets a follow-up."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime, timedelta

import pytest
import requests

from collector.cli import main
from collector.core.timewindow import local_now
from collector.portal import request_doc
from collector.portal.auth import Credentials
from collector.portal.client import PortalClient
from tests.commands.portal_env import served  # noqa: F401 — the fixture
from tests.fixtures import rm_install as fx
from tests.fixtures.rmlogs import build_log_tree

ITEMS = ["rmerror", "logs", "config", "system"]


@pytest.fixture
def rm_root(tmp_path):
    tree = build_log_tree(tmp_path / "totvs", local_now(), days=3)
    fx.local_sqlserver(tree.root)
    (tree.root / "RMError_20261128.txt").write_text(
        f"Erro ao conectar\r\nSenha: {fx.PLANTED_PASSWORD}\r\n", encoding="cp1252")
    return tree.root


def _agent(portal):
    account = portal.accounts["agent"]
    return (f"{account['email']}/token", account["token"])


def _customer(portal) -> PortalClient:
    account = portal.accounts["end-user"]
    return PortalClient(portal.url, Credentials(account["email"], account["token"]))


def _file_ticket(portal, subject="Erro ao calcular a folha") -> int:
    with _customer(portal) as client:
        return int(client.create_request(subject, "A folha de novembro não fecha.")["id"])


def _agent_comment(portal, ticket: int, body: str, status: str = "pending", public: bool = True) -> None:
    requests.put(f"{portal.url}/api/v2/tickets/{ticket}", auth=_agent(portal), timeout=30,
                 json={"ticket": {"status": status, "comment": {"body": body, "public": public}}}).raise_for_status()


def _analyst_block(capsys, ticket: int, items=ITEMS, since="36h") -> str:
    assert main(["request", "--ticket", str(ticket), "--items", ",".join(items), "--since", since,
                 "--note", "Reproduza o cálculo antes de responder"]) == 0
    return capsys.readouterr().out


def _comments(portal, ticket: int) -> list[dict]:
    return requests.get(f"{portal.url}/api/v2/tickets/{ticket}/comments", auth=_agent(portal),
                        timeout=30).json()["comments"]


def _manifest_of(portal, comment: dict) -> dict:
    [archive] = [a for a in comment["attachments"] if a["file_name"].startswith("diagnostico")]
    content = requests.get(archive["content_url"], auth=_agent(portal), timeout=30).content
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        return json.loads(zf.read("manifest.json"))


def test_requests_lists_and_answer_attaches_exactly_what_was_asked(served, rm_root, capsys):  # noqa: F811
    ticket = _file_ticket(served)
    block = _analyst_block(capsys, ticket)
    [asked] = request_doc.find_in_text(block)
    _agent_comment(served, ticket, "Olá! Precisamos do pacote de diagnóstico:\n\n" + block)

    assert main(["requests"]) == 0
    listed = capsys.readouterr().out
    request_comment = _comments(served, ticket)[-1]
    request_id = f"{ticket}.{request_comment['id']}"
    assert f"Chamado #{ticket}" in listed and f"pedido {request_id}" in listed
    assert "RMError, logs, configuração, sistema" in listed
    assert served.accounts["agent"]["name"] in listed
    assert f"collector answer {ticket}" in listed and "Reproduza o cálculo" in listed
    assert main(["requests", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["request_id"], row["items"], row["answer"]) == (request_id, ITEMS, None)

    assert main(["answer", str(ticket), "--yes", "--rm-root", str(rm_root)]) == 0
    out, err = capsys.readouterr()
    assert f"Resposta ao pedido {request_id}: Pacote anexado ao chamado #{ticket}" in out, err
    assert "Traceback" not in err
    comments = _comments(served, ticket)
    replies = [c for c in comments if f"[coletor resposta ao pedido {request_id}]" in c["body"]]
    assert len(replies) == 1 and replies[0]["author_id"] != request_comment["author_id"]
    manifest = next(_manifest_of(served, c) for c in comments
                    if any(a["file_name"].startswith("diagnostico") for a in c["attachments"]))
    assert set(manifest["summary"]["by_kind"]) == set(ITEMS)
    assert {i["kind"] for i in manifest["items"]} == set(ITEMS)
    assert datetime.fromisoformat(manifest["window"]["start"]) == asked.since
    assert manifest["request"]["request_id"] == request_id and manifest["request"]["items"] == ITEMS
    assert manifest["checklist"]["ticket_id"] == ticket
    skipped_probes = {p["name"] for p in manifest["probes"] if p["status"] == "skipped"}
    assert "database" in skipped_probes  # not asked for: not run
    assert fx.PLANTED_PASSWORD.encode() not in json.dumps(manifest).encode()

    count = len(comments)
    assert main(["answer", str(ticket), "--yes", "--rm-root", str(rm_root)]) == 0
    out, _err = capsys.readouterr()
    today = replies[0]["created_at"]
    day = datetime.fromisoformat(today.replace("Z", "+00:00")).astimezone().strftime("%d/%m")
    assert f"já respondido em {day}" in out and "nada foi enviado de novo" in out
    assert len(_comments(served, ticket)) == count

    assert main(["requests"]) == 0
    assert "Nenhum pedido de diagnóstico esperando resposta" in capsys.readouterr().out
    assert main(["requests", "--all"]) == 0
    assert f"já respondido em {day}" in capsys.readouterr().out


def test_a_closed_ticket_gets_a_follow_up(served, rm_root, capsys):  # noqa: F811
    ticket = _file_ticket(served, "Relatório lento")
    block = _analyst_block(capsys, ticket, items=["config", "system"], since="2d")
    _agent_comment(served, ticket, block, status="closed")

    assert main(["requests"]) == 0  # closed: not listed among the open and pending ones
    assert f"Chamado #{ticket}" not in capsys.readouterr().out
    assert main(["answer", str(ticket), "--yes", "--rm-root", str(rm_root)]) == 0
    out, err = capsys.readouterr()
    assert f"O chamado #{ticket} está fechado: aberto o chamado de acompanhamento" in out, err
    with _customer(served) as client:
        followup = next(r for r in client.list_my_requests() if r["id"] != ticket)
    assert followup["followup_source_id"] == ticket
    assert "[coletor resposta ao pedido " in followup["description"]
    assert followup["subject"] == f"Pacote de diagnóstico pedido no chamado #{ticket}"
    manifest = _manifest_of(served, _comments(served, followup["id"])[0])
    assert set(manifest["summary"]["by_kind"]) == {"config", "system"}

    assert main(["answer", str(ticket), "--yes", "--rm-root", str(rm_root)]) == 0
    out, _err = capsys.readouterr()
    assert f"no chamado de acompanhamento #{followup['id']}" in out and "já respondido em" in out
    with _customer(served) as client:
        assert len(list(client.list_my_requests())) == 2


def test_only_an_agents_public_request_for_this_ticket_counts(served, rm_root, capsys):  # noqa: F811
    ticket = _file_ticket(served)
    other = _analyst_block(capsys, ticket + 100)
    _agent_comment(served, ticket, "bloco de outro chamado:\n" + other, status="open")
    with _customer(served) as client:  # the customer pastes a block himself: not an analyst's request
        client.add_comment(ticket, _analyst_block(capsys, ticket))
    _agent_comment(served, ticket, "nota interna\n" + _analyst_block(capsys, ticket), status="open", public=False)

    assert main(["requests", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["answer", str(ticket), "--yes", "--rm-root", str(rm_root)]) == 1
    err = capsys.readouterr().err
    assert f"O chamado #{ticket} não tem pedido de diagnóstico do analista." in err and "Traceback" not in err


def test_without_yes_it_shows_what_would_go_and_asks(served, rm_root, capsys, monkeypatch):  # noqa: F811
    ticket = _file_ticket(served)
    _agent_comment(served, ticket, _analyst_block(capsys, ticket, items=["rmerror", "config"]))
    assert main(["answer", str(ticket), "--rm-root", str(rm_root)]) == 2  # no terminal to ask on
    assert "use --yes" in capsys.readouterr().err

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["answer", str(ticket), "--rm-root", str(rm_root)]) == 1
    out = capsys.readouterr().out
    assert "RMError: 1 arquivo," in out and "configuração:" in out
    assert "RMError_20261128.txt" in out and "mascarado:" in out and "Mascaramentos:" in out
    assert "Nada foi enviado." in out
    assert not [c for c in _comments(served, ticket) if "[coletor resposta" in c["body"]]


def test_a_macro_block_takes_the_ticket_and_window_from_its_comment(served, rm_root, capsys):  # noqa: F811
    ticket = _file_ticket(served)
    template = request_doc.template(["logs"], "1d", "só os logs")
    _agent_comment(served, ticket, "Pedido pela macro:\n" + template.to_block())
    asked_at = datetime.fromisoformat(_comments(served, ticket)[-1]["created_at"].replace("Z", "+00:00"))
    assert main(["requests", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["items"] == ["logs"] and datetime.fromisoformat(row["since"]) == asked_at - timedelta(days=1)


def test_an_answer_stuck_in_the_outbox_is_resumed_not_collected_again(served, rm_root, tmp_path, capsys):  # noqa: F811
    ticket = _file_ticket(served)
    _agent_comment(served, ticket, _analyst_block(capsys, ticket, items=["config"]))
    note = tmp_path / "passos.txt"
    note.write_text("1. Abrir a folha\n2. Calcular\n", encoding="utf-8")
    served.faults.fail_next(n=50, status=503, path="/api/v2/uploads", method="POST")
    assert main(["answer", str(ticket), "--yes", "--rm-root", str(rm_root), "--attach", str(note)]) == 3
    err = capsys.readouterr().err
    assert "caixa de saída" in err and "Traceback" not in err
    served.faults.clear()

    assert main(["requests"]) == 0
    assert "ainda não entregue" in capsys.readouterr().out
    assert main(["answer", str(ticket), "--yes", "--rm-root", str(rm_root)]) == 0
    out, err = capsys.readouterr()
    assert "já está na caixa de saída" in err and f"Pacote anexado ao chamado #{ticket}" in out
    assert "Seria enviado" not in out  # nothing collected the second time
    [reply] = [c for c in _comments(served, ticket) if "[coletor resposta ao pedido" in c["body"]]
    manifest = _manifest_of(served, reply)
    assert set(manifest["summary"]["by_kind"]) == {"config", "attachments"}  # the user's own file goes too
    assert main(["answer", str(ticket), "--yes", "--rm-root", str(rm_root)]) == 0
    assert "já respondido em" in capsys.readouterr().out


def test_screenshots_asked_for_are_captured_and_a_missing_recording_is_said(served, rm_root, display, capsys):  # noqa: F811
    ticket = _file_ticket(served)
    _agent_comment(served, ticket, _analyst_block(capsys, ticket, items=["screenshots", "recording", "config"]))
    assert main(["answer", str(ticket), "--yes", "--rm-root", str(rm_root)]) == 0
    out, err = capsys.readouterr()
    assert "pediu uma gravação de tela" in err and "--recording" in err
    [reply] = [c for c in _comments(served, ticket) if "[coletor resposta ao pedido" in c["body"]]
    assert "Não encontrados nesta máquina: gravações" in reply["body"]
    names = {a["file_name"] for c in _comments(served, ticket) for a in c["attachments"]}
    assert any(n.endswith(".png") for n in names), names  # screenshots travel as their own attachments
    manifest = next(_manifest_of(served, c) for c in _comments(served, ticket)
                    if any(a["file_name"].startswith("diagnostico") for a in c["attachments"]))
    assert set(manifest["summary"]["by_kind"]) == {"screenshots", "config"}
    assert manifest["capture"]["monitors"]
