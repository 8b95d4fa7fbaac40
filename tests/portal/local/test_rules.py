"""The support guide's automatic rules under an injected clock."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from collector.portal.local import LocalPortal, rules, statuses
from collector.portal.local.testing import FakeClock, session
from collector.portal.rules_preview import status_label
from tests.portal.local.conftest import new_request


def _status(customer, ticket_id):
    """(status, the label an end user sees): Zendesk sends no label on the request; it comes from the
    custom status (``end_user_label``), like the dashboard does it."""
    req = customer.get(f"{customer.base}/api/v2/requests/{ticket_id}").json()["request"]
    custom = statuses.BY_ID[req["custom_status_id"]]
    custom = {"end_user_label": custom.end_user_label, "status_category": custom.status_category}
    return req["status"], status_label(req["status"], custom)


def _pending(portal, agent, customer):
    req = new_request(customer)
    r = agent.put(f"{portal.url}/api/v2/tickets/{req['id']}",
                  json={"ticket": {"status": "pending", "comment": {"body": "Envie o log", "public": True}}})
    assert r.status_code == 200
    return req["id"]


def test_pending_7_days_then_validation_5_days_then_closed(portal, customer, agent, clock):
    ticket = _pending(portal, agent, customer)
    portal.run_rules(clock() + timedelta(days=7) - timedelta(seconds=1))
    assert _status(customer, ticket) == ("pending", "Pendente")
    clock.advance(days=7)
    moves = portal.run_rules()
    assert [(m.from_status, m.to_status) for m in moves] == [("pending", "validation")]
    assert _status(customer, ticket) == ("pending", "Validação Cliente")
    clock.advance(days=5)
    portal.run_rules(clock() - timedelta(seconds=1))
    assert _status(customer, ticket) == ("pending", "Validação Cliente")
    portal.run_rules()
    assert _status(customer, ticket) == ("closed", "Fechado")


def test_a_long_jump_applies_both_rules_at_their_due_times(portal, customer, agent, clock):
    ticket = _pending(portal, agent, customer)
    start = clock()
    clock.advance(days=30)
    moves = portal.run_rules()
    assert [(m.to_status, m.at) for m in moves] == [
        ("validation", (start + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("closed", (start + timedelta(days=12)).strftime("%Y-%m-%dT%H:%M:%SZ")),
    ]
    assert _status(customer, ticket)[0] == "closed"


def test_solved_closes_after_5_days(portal, customer, agent, clock):
    req = new_request(customer)
    agent.put(f"{portal.url}/api/v2/tickets/{req['id']}", json={"ticket": {"status": "solved"}})
    clock.advance(days=4, hours=23)
    portal.run_rules()
    assert _status(customer, req["id"]) == ("solved", "Resolvido")
    clock.advance(hours=1)
    portal.run_rules()
    assert _status(customer, req["id"]) == ("closed", "Fechado")


def test_customer_reply_reopens_pending_validation_and_solved(portal, customer, agent, clock):
    pending = _pending(portal, agent, customer)
    validation = _pending(portal, agent, customer)
    solved = new_request(customer)["id"]
    clock.advance(days=8)
    agent.put(f"{portal.url}/api/v2/tickets/{solved}", json={"ticket": {"status": "solved"}})
    portal.run_rules()
    assert _status(customer, validation)[1] == "Validação Cliente"
    for ticket in (pending, validation, solved):
        r = customer.put(f"{portal.url}/api/v2/requests/{ticket}", json={"request": {"comment": {"body": "Oi"}}})
        assert r.status_code == 200, r.text
        assert _status(customer, ticket) == ("open", "Em atendimento")
    clock.advance(days=60)
    assert portal.run_rules() == []  # open tickets are not moved


def test_agent_comment_in_validation_restarts_its_5_days(portal, customer, agent, clock):
    ticket = _pending(portal, agent, customer)
    clock.advance(days=7)
    portal.run_rules()
    clock.advance(days=4)
    agent.put(f"{portal.url}/api/v2/tickets/{ticket}", json={"ticket": {"comment": {"body": "Conseguiu validar?"}}})
    clock.advance(days=4)
    portal.run_rules()
    assert _status(customer, ticket)[1] == "Validação Cliente"
    clock.advance(days=1)
    portal.run_rules()
    assert _status(customer, ticket)[0] == "closed"


def test_closed_ticket_cannot_be_reopened_after_rules(portal, customer, agent, clock):
    ticket = _pending(portal, agent, customer)
    clock.advance(days=12)
    portal.run_rules()
    r = customer.put(f"{portal.url}/api/v2/requests/{ticket}", json={"request": {"comment": {"body": "E agora?"}}})
    assert r.status_code == 422
    assert _status(customer, ticket)[0] == "closed"


def test_request_has_no_fields_zendesk_does_not_send(portal, customer, agent):
    ticket = _pending(portal, agent, customer)
    req = customer.get(f"{portal.url}/api/v2/requests/{ticket}").json()["request"]
    assert not {"status_label", "next_automatic_update", "expires_at"} & set(req)


def test_next_rule_is_pure():
    t0 = FakeClock()()
    assert rules.next_rule("open", 2, t0, t0) is None
    assert rules.next_rule("solved", 5, t0, t0).due == t0 + timedelta(days=5)


def test_background_scheduler_applies_rules(tmp_path):
    clock = FakeClock()
    with LocalPortal(tmp_path, clock=clock, rules_interval=0.05) as p:
        p.start()
        acc, agent_acc = p.accounts["end-user"], p.accounts["agent"]
        customer = session(p.url, acc["email"], acc["token"])
        agent = session(p.url, agent_acc["email"], agent_acc["token"])
        req = new_request(customer)
        agent.put(f"{p.url}/api/v2/tickets/{req['id']}", json={"ticket": {"status": "solved"}})
        clock.advance(days=6)
        deadline = time.monotonic() + 20
        while _status(customer, req["id"])[0] != "closed" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _status(customer, req["id"])[0] == "closed"


def test_agent_comment_while_pending_restarts_the_7_days(portal, customer, agent, clock):
    ticket = _pending(portal, agent, customer)
    clock.advance(days=6)
    agent.put(f"{portal.url}/api/v2/tickets/{ticket}", json={"ticket": {"comment": {"body": "Alguma novidade?"}}})
    updated_at = customer.get(f"{portal.url}/api/v2/requests/{ticket}").json()["request"]["updated_at"]
    clock.advance(days=6)
    portal.run_rules()
    assert _status(customer, ticket)[1] == "Pendente"
    clock.advance(days=1)
    (move,) = portal.run_rules()
    assert move.to_status == "validation"
    assert move.at == (datetime.strptime(updated_at, "%Y-%m-%dT%H:%M:%SZ") + timedelta(days=7)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
