"""The local portal's ticket form and custom fields: checked like Zendesk does (422 RecordInvalid)."""

from __future__ import annotations

import pytest

from collector.portal.local import forms
from tests.portal.local.conftest import new_request


def _details(response) -> dict:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "RecordInvalid"
    return body["details"]["base"][0]


def test_form_and_tagged_fields_are_stored(portal, customer):
    created = new_request(customer, ticket_form_id=forms.FORM_ID,
                          custom_fields=[{"id": 1001, "value": "12.1.2406"}, {"id": 1003, "value": "rm_db_oracle"}])
    assert created["ticket_form_id"] == forms.FORM_ID
    assert {"id": 1003, "value": "rm_db_oracle"} in created["custom_fields"]


@pytest.mark.parametrize("extra, field_key", [
    ({"custom_fields": [{"id": 999999, "value": "x"}]}, "999999"),
    ({"custom_fields": [{"id": 1003, "value": "SQL Server"}]}, "1003"),  # the label, not the tag
    ({"ticket_form_id": 123}, "ticket_form_id"),
])
def test_unknown_ids_and_tags_are_record_invalid(portal, customer, extra, field_key):
    response = customer.post(f"{portal.url}/api/v2/requests",
                             json={"request": {"subject": "s", "comment": {"body": "b"}, **extra}})
    detail = _details(response)
    assert detail["field_key"] == field_key and detail["error"] == "InvalidValue"


def test_end_users_read_fields_with_their_tags(portal, customer):
    fields = customer.get(f"{portal.url}/api/v2/ticket_fields").json()["ticket_fields"]
    database = next(f for f in fields if f["id"] == 1003)
    assert database["type"] == "tagger"
    assert {o["value"] for o in database["custom_field_options"]} == {"rm_db_sqlserver", "rm_db_oracle",
                                                                     "rm_db_desconhecido"}
    form = customer.get(f"{portal.url}/api/v2/ticket_forms").json()["ticket_forms"][0]
    assert form["id"] == forms.FORM_ID and 1003 in form["ticket_field_ids"]


def test_follow_up_only_for_a_closed_ticket(portal, customer, agent):
    first = new_request(customer)
    response = agent.put(f"{portal.url}/api/v2/tickets/{first['id']}", json={"ticket": {"status": "closed"}})
    assert response.status_code == 200, response.text
    follow = new_request(customer, via_followup_source_id=first["id"])
    assert follow["followup_source_id"] == first["id"]
    open_one = new_request(customer)
    other = new_request(customer, via_followup_source_id=open_one["id"])
    assert other["followup_source_id"] is None  # "It has no effect with other tickets"
