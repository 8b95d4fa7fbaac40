"""The local portal's Macros API (agents and admins), as Zendesk documents it."""

from __future__ import annotations

import pytest

from collector.portal import macro, request_doc


def _body(title="Pedir logs"):
    return macro.definition(request_doc.template(["logs"], "2d"), title)


def test_agent_creates_lists_shows_and_updates(agent):
    created = agent.post(f"{agent.base}/api/v2/macros", json=_body())
    assert created.status_code == 201
    made = created.json()["macro"]
    assert (made["title"], made["active"], made["restriction"]) == ("Pedir logs", True, None)
    assert made["actions"] == _body()["macro"]["actions"]

    listed = agent.get(f"{agent.base}/api/v2/macros", params={"page[size]": 1}).json()
    assert [m["id"] for m in listed["macros"]] == [made["id"]] and listed["meta"]["has_more"] is False
    assert agent.get(f"{agent.base}/api/v2/macros/{made['id']}.json").json()["macro"]["title"] == "Pedir logs"

    changed = agent.put(f"{agent.base}/api/v2/macros/{made['id']}", json={"macro": {"active": False}}).json()["macro"]
    assert changed["active"] is False and changed["actions"] == made["actions"]
    assert agent.get(f"{agent.base}/api/v2/macros/999").status_code == 404


@pytest.mark.parametrize("body, field", [
    ({"macro": {"actions": [{"field": "status", "value": "open"}]}}, "title"),
    ({"macro": {"title": "x", "actions": []}}, "actions"),
    ({"macro": {"title": "x", "actions": [{"field": "senha", "value": "1"}]}}, "actions"),
    ({"macro": {"title": "x", "actions": [{"field": "status", "value": "closed"}]}}, "actions"),
])
def test_invalid_macros_are_422(agent, body, field):
    response = agent.post(f"{agent.base}/api/v2/macros", json=body)
    assert response.status_code == 422
    assert response.json()["details"]["base"][0]["field_key"] == field


def test_end_users_cannot_see_or_create_macros(customer):
    assert customer.get(f"{customer.base}/api/v2/macros").status_code == 403
    assert customer.post(f"{customer.base}/api/v2/macros", json=_body()).status_code == 403
