"""collector.portal.rules_preview: the dashboard's forecast, checked against the local portal's rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from collector.portal import rules_preview
from collector.portal.auth import Credentials
from collector.portal.client import PortalClient
from collector.portal.local import LocalPortal
from collector.portal.local.testing import FakeClock, session

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_pure_rules():
    assert rules_preview.next_change("open", T0) is None
    assert rules_preview.next_change("closed", T0) is None
    pending = rules_preview.next_change("pending", T0.isoformat())
    assert (pending.label, pending.due_at) == ("Validação Cliente", T0 + timedelta(days=7))
    validation = rules_preview.next_change("pending", T0, validation=True)
    assert (validation.to_status, validation.due_at) == ("closed", T0 + timedelta(days=5))
    solved = rules_preview.next_change("solved", "2026-03-02T12:00:00Z")
    assert (solved.label, solved.due_at) == ("Fechado", T0 + timedelta(days=5))
    assert rules_preview.next_change("pending", "garbage") is None


def test_labels():
    validation = {"status_category": "pending", "end_user_label": "Validação Cliente"}
    assert rules_preview.status_label("open") == "Em atendimento"
    assert rules_preview.status_label("pending", validation) == "Validação Cliente"
    assert rules_preview.status_label("closed", {"status_category": "solved", "end_user_label": "Resolvido"}) \
        == "Fechado"
    assert rules_preview.is_validation({"status_category": "pending", "end_user_label": "validacao cliente"})
    assert not rules_preview.is_validation({"status_category": "pending", "end_user_label": "Pendente"})


@pytest.fixture
def timed(tmp_path):
    clock = FakeClock(T0)
    portal = LocalPortal(tmp_path / "p", clock=clock, rules_interval=3600)
    portal.start()
    yield portal, clock
    portal.close()


def test_forecast_matches_what_the_portal_then_does(timed):
    portal, clock = timed
    user, agent_account = portal.accounts["end-user"], portal.accounts["agent"]
    client = PortalClient(portal.url, Credentials(user["email"], user["token"]))
    statuses = {s["id"]: s for s in client.custom_statuses()}
    ticket = client.create_request("Folha", "texto")
    with session(portal.url, agent_account["email"], agent_account["token"]) as agent:
        agent.put(f"{portal.url}/api/v2/tickets/{ticket['id']}",
                  json={"ticket": {"status": "pending", "comment": {"body": "Precisamos do log."}}}
                  ).raise_for_status()
    seen = []
    for _ in range(2):
        request = client.get_request(ticket["id"])
        label, preview = rules_preview.describe(request, statuses)
        seen.append((label, preview.label))
        portal.run_rules(preview.due_at - timedelta(seconds=1))  # not a second early ...
        assert rules_preview.describe(client.get_request(ticket["id"]), statuses)[0] == label
        clock.set(preview.due_at)  # ... and right on time
        portal.run_rules(preview.due_at)
    assert seen == [("Pendente", "Validação Cliente"), ("Validação Cliente", "Fechado")]
    label, preview = rules_preview.describe(client.get_request(ticket["id"]), statuses)
    assert (label, preview) == ("Fechado", None)
    client.close()
