"""``collector submit``: the CLI on top of the outbox and the sender (exit codes of SPEC §4.1)."""

from __future__ import annotations

from collector.cli import main
from collector.portal.outbox import Outbox
from tests.bundle.factory import make_bundle
from tests.commands.portal_env import served  # noqa: F401 - fixture


def test_submit_files_a_ticket(tmp_path, served, capsys):  # noqa: F811
    manifest = make_bundle(tmp_path / "b.zip")
    assert main(["submit", str(tmp_path / "b.zip"), "--subject", "Erro na folha de março"]) == 0
    out = capsys.readouterr().out
    assert "Chamado #1 aberto com 4 anexos" in out
    [entry] = Outbox().entries()
    assert entry.state == "delivered" and entry.subject == "Erro na folha de março"
    assert entry.bundle_id == manifest["bundle_id"]
    # submitting the same bundle again files nothing new
    assert main(["submit", str(tmp_path / "b.zip")]) == 0
    assert "já foi entregue: chamado #1" in capsys.readouterr().out


def test_submit_to_an_existing_ticket(tmp_path, served, capsys):  # noqa: F811
    make_bundle(tmp_path / "a.zip")
    make_bundle(tmp_path / "b.zip")
    assert main(["submit", str(tmp_path / "a.zip")]) == 0
    assert main(["submit", str(tmp_path / "b.zip"), "--ticket", "1"]) == 0
    assert "Pacote anexado ao chamado #1" in capsys.readouterr().out


def test_portal_down_queues_and_exits_3(tmp_path, served, capsys):  # noqa: F811
    served.faults.fail_next(100, status=503, retry_after=1)
    make_bundle(tmp_path / "b.zip")
    assert main(["submit", str(tmp_path / "b.zip")]) == 3
    err = capsys.readouterr().err
    assert "caixa de saída" in err and "collector outbox retry" in err and "Traceback" not in err
    served.faults.clear()
    assert main(["outbox", "retry"]) == 0
    assert "entregue (chamado #1)" in capsys.readouterr().out


def test_wrong_token_exits_1_without_showing_it(tmp_path, served, capsys, monkeypatch):  # noqa: F811
    monkeypatch.setenv("COLLECTOR_PORTAL_TOKEN", "token-errado-987")
    make_bundle(tmp_path / "b.zip")
    assert main(["submit", str(tmp_path / "b.zip")]) == 1
    captured = capsys.readouterr()
    assert "confira o e-mail e o token" in captured.err
    assert "token-errado-987" not in captured.err + captured.out
    assert Outbox().entries()[0].state == "failed"


def test_a_closed_ticket_gets_a_follow_up(tmp_path, served, capsys):  # noqa: F811
    from collector.portal.local.testing import session

    make_bundle(tmp_path / "a.zip")
    assert main(["submit", str(tmp_path / "a.zip")]) == 0
    agent = served.accounts["agent"]
    with session(served.url, agent["email"], agent["token"]) as s:
        s.put(f"{served.url}/api/v2/tickets/1", json={"ticket": {"status": "closed"}}).raise_for_status()
    make_bundle(tmp_path / "b.zip")
    capsys.readouterr()
    assert main(["submit", str(tmp_path / "b.zip"), "--ticket", "1"]) == 0
    assert "O chamado #1 está fechado: aberto o chamado de acompanhamento #2" in capsys.readouterr().out


def _profile(tmp_path, portal, **changes) -> str:
    import json

    from collector.portal.local.server import PROFILE_FILE

    data = json.loads(PROFILE_FILE.read_text(encoding="utf-8"))
    data["url"] = portal.url
    for fact, tags in changes.items():
        data["fields"][fact]["tags"] = tags
    path = tmp_path / "perfil.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


INSPECT = {"installations": [{"version": "12.1.2406.145", "topology": "three-tier",
                              "database": {"type": "sqlserver"}}]}


def test_the_profile_fills_the_form_and_tagged_fields(tmp_path, served, capsys):  # noqa: F811
    make_bundle(tmp_path / "a.zip", inspect=INSPECT)
    assert main(["--profile", _profile(tmp_path, served), "submit", str(tmp_path / "a.zip")]) == 0
    [entry] = Outbox().entries()
    assert entry.ticket_form_id == 360001
    assert {"id": 1003, "value": "rm_db_sqlserver"} in entry.custom_fields


def test_a_wrong_tag_in_the_profile_is_reported_before_sending(tmp_path, served, capsys):  # noqa: F811
    make_bundle(tmp_path / "a.zip", inspect=INSPECT)
    profile = _profile(tmp_path, served, database={"sqlserver": "rm_sqlserver", "oracle": "rm_db_oracle"})
    assert main(["--profile", profile, "submit", str(tmp_path / "a.zip")]) == 1
    err = capsys.readouterr().err
    assert "não confere com o portal" in err and "'rm_sqlserver'" in err and "Nada foi enviado" in err
    assert Outbox().entries() == []
    with served.db.tx() as conn:
        assert conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 0


def test_a_value_without_a_tag_is_reported_before_sending(tmp_path, served, capsys):  # noqa: F811
    make_bundle(tmp_path / "a.zip", inspect=INSPECT)
    profile = _profile(tmp_path, served, database={"oracle": "rm_db_oracle"})
    assert main(["--profile", profile, "submit", str(tmp_path / "a.zip")]) == 1
    err = capsys.readouterr().err
    assert "não tem a etiqueta (tag) do campo 'database' para o valor 'sqlserver'" in err
    assert Outbox().entries() == []


def test_no_portal_configured(tmp_path, capsys):
    make_bundle(tmp_path / "b.zip")
    assert main(["submit", str(tmp_path / "b.zip")]) == 1
    assert "nenhum portal configurado" in capsys.readouterr().err
    assert Outbox().entries() == []


def test_no_credentials(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLLECTOR_PORTAL_URL", "http://127.0.0.1:9")
    make_bundle(tmp_path / "b.zip")
    assert main(["submit", str(tmp_path / "b.zip")]) == 1
    assert "COLLECTOR_PORTAL_TOKEN" in capsys.readouterr().err


def test_usage_errors(tmp_path, capsys):
    assert main(["submit", str(tmp_path / "nada.zip")]) == 2
    assert "pacote não encontrado" in capsys.readouterr().err
    (tmp_path / "ruim.zip").write_bytes(b"isto nao e zip")
    assert main(["submit", "--manual", str(tmp_path / "ruim.zip")]) == 1
    assert "não é um zip" in capsys.readouterr().err


def test_manual_hand_off(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLLECTOR_PORTAL_URL", "https://suporte.example.com")
    make_bundle(tmp_path / "b.zip")
    assert main(["submit", "--manual", str(tmp_path / "b.zip"), "--out", str(tmp_path / "manual")]) == 0
    out = capsys.readouterr().out
    assert "https://suporte.example.com/hc/pt-br/requests/new" in out
    assert (tmp_path / "manual" / "chamado.eml").exists() and (tmp_path / "manual" / "anexos" / "diagnostico.zip").exists()
