"""``collector tickets [--json]``: label, last interaction in local time, next automatic change."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from collector.cli import main
from collector.portal.local.testing import session
from tests.bundle.factory import make_bundle
from tests.commands.portal_env import served  # noqa: F401 - fixture


def test_tickets_lists_the_submitted_bundle(tmp_path, served, capsys):  # noqa: F811
    make_bundle(tmp_path / "b.zip")
    assert main(["submit", str(tmp_path / "b.zip")]) == 0
    agent = served.accounts["agent"]
    with session(served.url, agent["email"], agent["token"]) as s:
        s.put(f"{served.url}/api/v2/tickets/1", json={"ticket": {"status": "pending", "comment": {
            "body": "Precisamos do RMError."}}}).raise_for_status()
    capsys.readouterr()
    assert main(["tickets", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["id"], row["status"], row["status_label"]) == (1, "pending", "Pendente")
    updated = datetime.fromisoformat(row["updated_at"])
    assert updated.utcoffset() == datetime.now().astimezone().utcoffset()  # local time
    change = row["next_change"]
    assert change["label"] == "Validação Cliente"
    assert datetime.fromisoformat(change["due_at"]) - updated == timedelta(days=7)
    assert main(["tickets"]) == 0
    out = capsys.readouterr().out
    assert "#1" in out and "Pendente" in out and "Validação Cliente em" in out and "Erro ao calcular" in out


def test_no_tickets(served, capsys):  # noqa: F811
    assert main(["tickets"]) == 0
    assert "não tem chamados" in capsys.readouterr().out
