"""``collector outbox list|retry|drop``."""

from __future__ import annotations

import json

from collector.cli import main
from collector.portal.outbox import Outbox
from tests.bundle.factory import make_bundle
from tests.commands.portal_env import served  # noqa: F401 - fixture


def test_list_empty(capsys):
    assert main(["outbox"]) == 0
    assert "vazia" in capsys.readouterr().out


def test_list_retry_drop(tmp_path, served, capsys):  # noqa: F811
    served.faults.fail_next(100, status=500)
    make_bundle(tmp_path / "a.zip")
    make_bundle(tmp_path / "b.zip")
    assert main(["submit", str(tmp_path / "a.zip")]) == 3
    assert main(["submit", str(tmp_path / "b.zip")]) == 3
    capsys.readouterr()
    assert main(["outbox", "list"]) == 0
    out = capsys.readouterr().out
    assert out.count("na fila") == 2 and "último erro: O portal está com problemas" in out
    assert main(["outbox", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [d["state"] for d in doc] == ["queued", "queued"] and doc[0]["attempts"] == 1
    first, second = doc[0]["id"], doc[1]["id"]
    assert main(["outbox", "drop", first[:8]]) == 0
    assert "descartado" in capsys.readouterr().out
    served.faults.clear()
    assert main(["outbox", "retry", second[:8]]) == 0
    assert "entregue" in capsys.readouterr().out
    assert [e.state for e in Outbox().entries()] == ["delivered"]
    assert main(["outbox", "retry"]) == 0
    assert "Nada a reenviar" in capsys.readouterr().out


def test_usage(capsys):
    assert main(["outbox", "drop"]) == 2
    assert main(["outbox", "drop", "abc"]) == 2
    assert "nenhum pacote" in capsys.readouterr().err
