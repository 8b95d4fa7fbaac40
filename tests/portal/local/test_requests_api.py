"""Requests API of the local portal: create, idempotency, list with cursors, comments, replies."""

from __future__ import annotations

from tests.portal.local.conftest import new_request


def test_create_and_show(portal, customer):
    created = new_request(customer, custom_fields=[{"id": 1001, "value": "12.1.2402"}])
    assert created["status"] == "new"
    assert created["custom_status_id"] == 1
    assert created["custom_fields"] == [{"id": 1001, "value": "12.1.2402"}]
    assert created["created_at"].endswith("Z") and created["updated_at"].endswith("Z")
    shown = customer.get(f"{portal.url}/api/v2/requests/{created['id']}").json()["request"]
    assert shown["subject"] == "Erro ao emitir nota"
    assert shown["description"] == "O RM mostra erro ao emitir a nota."
    assert shown["url"].endswith(f"/api/v2/requests/{created['id']}.json")


def test_blank_description_is_record_invalid(portal, customer):
    r = customer.post(f"{portal.url}/api/v2/requests", json={"request": {"subject": "x", "comment": {"body": " "}}})
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "RecordInvalid"
    assert {"description", "error", "field_key"} <= set(body["details"]["base"][0])


def test_idempotency_key_same_body_replays(portal, customer):
    payload = {"request": {"subject": "s", "comment": {"body": "bundle 42"}}}
    first = customer.post(f"{portal.url}/api/v2/requests", json=payload, headers={"Idempotency-Key": "bundle-42"})
    again = customer.post(f"{portal.url}/api/v2/requests", json=payload, headers={"Idempotency-Key": "bundle-42"})
    assert first.status_code == again.status_code == 201
    assert first.headers.get("x-idempotency-lookup") == "miss"
    assert again.headers["x-idempotency-lookup"] == "hit"
    assert again.json() == first.json()
    listed = customer.get(f"{portal.url}/api/v2/requests").json()["requests"]
    assert len(listed) == 1


def test_idempotency_key_other_body_is_400(portal, customer):
    headers = {"Idempotency-Key": "k"}
    customer.post(f"{portal.url}/api/v2/requests", json={"request": {"comment": {"body": "a"}}}, headers=headers)
    r = customer.post(f"{portal.url}/api/v2/requests", json={"request": {"comment": {"body": "b"}}}, headers=headers)
    assert r.status_code == 400
    assert len(customer.get(f"{portal.url}/api/v2/requests").json()["requests"]) == 1


def test_idempotency_keys_belong_to_each_user(portal, customer, agent):
    payload = {"request": {"comment": {"body": "same"}}}
    a = customer.post(f"{portal.url}/api/v2/requests", json=payload, headers={"Idempotency-Key": "k"})
    b = agent.post(f"{portal.url}/api/v2/requests", json=payload, headers={"Idempotency-Key": "k"})
    assert a.json()["request"]["id"] != b.json()["request"]["id"]


def test_cursor_pagination_follows_links_next(portal, customer, clock):
    ids = []
    for i in range(5):
        ids.append(new_request(customer, subject=f"chamado {i}")["id"])
        clock.advance(minutes=1)
    url = f"{portal.url}/api/v2/requests?sort_by=updated_at&sort_order=desc&page[size]=2"
    seen, pages = [], 0
    while url:
        body = customer.get(url).json()
        pages += 1
        seen += [r["id"] for r in body["requests"]]
        url = body["links"]["next"] if body["meta"]["has_more"] else None
    assert pages == 3
    assert seen == list(reversed(ids))


def test_list_shows_only_my_requests_most_recently_updated_first(portal, customer, agent, clock):
    older = new_request(customer, subject="antigo")
    clock.advance(hours=1)
    newer = new_request(customer, subject="novo")
    new_request(agent, subject="do analista")
    clock.advance(hours=1)
    customer.put(f"{portal.url}/api/v2/requests/{older['id']}", json={"request": {"comment": {"body": "mais"}}})
    listed = customer.get(f"{portal.url}/api/v2/requests?sort_by=updated_at&sort_order=desc").json()
    assert [r["id"] for r in listed["requests"]] == [older["id"], newer["id"]]
    assert listed["count"] == 2


def test_bad_page_size_is_400(portal, customer):
    assert customer.get(f"{portal.url}/api/v2/requests?page[size]=1000").status_code == 400
    assert customer.get(f"{portal.url}/api/v2/requests?page[size]=2&page[after]=@@").status_code == 400


def test_other_users_request_is_not_found(portal, customer, admin):
    mine = new_request(customer)
    assert admin.get(f"{portal.url}/api/v2/requests/{mine['id']}").status_code == 200  # agents see all
    other = new_request(admin)
    assert customer.get(f"{portal.url}/api/v2/requests/{other['id']}").status_code == 404
    assert customer.put(f"{portal.url}/api/v2/requests/{other['id']}",
                        json={"request": {"comment": {"body": "x"}}}).status_code == 404


def test_reply_and_comments_hide_private_notes(portal, customer, agent):
    req = new_request(customer)
    agent.put(f"{portal.url}/api/v2/tickets/{req['id']}",
              json={"ticket": {"comment": {"body": "nota interna", "public": False}}})
    agent.put(f"{portal.url}/api/v2/tickets/{req['id']}",
              json={"ticket": {"status": "pending", "comment": {"body": "Envie o RMError", "public": True}}})
    r = customer.put(f"{portal.url}/api/v2/requests/{req['id']}", json={"request": {"comment": {"body": "Segue"}}})
    assert r.status_code == 200 and r.json()["request"]["status"] == "open"
    comments = customer.get(f"{portal.url}/api/v2/requests/{req['id']}/comments").json()
    assert [c["body"] for c in comments["comments"]] == ["O RM mostra erro ao emitir a nota.", "Envie o RMError",
                                                         "Segue"]
    assert {u["agent"] for u in comments["users"]} == {True, False}
    all_comments = agent.get(f"{portal.url}/api/v2/tickets/{req['id']}/comments").json()["comments"]
    assert len(all_comments) == 4


def test_agent_update_sets_custom_status_and_validates(portal, customer, agent):
    req = new_request(customer)
    statuses = customer.get(f"{portal.url}/api/v2/custom_statuses").json()["custom_statuses"]
    validation = next(s for s in statuses if s["end_user_label"] == "Validação Cliente")
    assert validation["status_category"] == "pending" and validation["agent_label"]
    r = agent.put(f"{portal.url}/api/v2/tickets/{req['id']}",
                  json={"ticket": {"custom_status_id": validation["id"], "comment": {"body": "Valide"}}})
    assert r.status_code == 200
    assert (r.json()["ticket"]["status"], r.json()["ticket"]["custom_status_id"]) == ("pending", validation["id"])
    shown = customer.get(f"{portal.url}/api/v2/requests/{req['id']}").json()["request"]
    assert shown["status"] == "pending" and shown["custom_status_id"] == validation["id"]
    bad = agent.put(f"{portal.url}/api/v2/tickets/{req['id']}", json={"ticket": {"status": "flying"}})
    assert bad.status_code == 422
    bad = agent.put(f"{portal.url}/api/v2/tickets/{req['id']}",
                    json={"ticket": {"status": "open", "custom_status_id": validation["id"]}})
    assert bad.status_code == 422


def test_custom_statuses_cover_the_guide(portal, customer):
    statuses = customer.get(f"{portal.url}/api/v2/custom_statuses").json()["custom_statuses"]
    labels = {(s["status_category"], s["end_user_label"]) for s in statuses}
    assert labels == {("new", "Novo"), ("open", "Em atendimento"), ("pending", "Pendente"),
                      ("hold", "Em espera"), ("solved", "Resolvido"), ("pending", "Validação Cliente")}
    only_pending = customer.get(f"{portal.url}/api/v2/custom_statuses?status_categories=pending").json()
    assert len(only_pending["custom_statuses"]) == 2


def test_closed_request_cannot_be_reopened(portal, customer, agent):
    req = new_request(customer)
    agent.put(f"{portal.url}/api/v2/tickets/{req['id']}", json={"ticket": {"status": "closed"}})
    r = customer.put(f"{portal.url}/api/v2/requests/{req['id']}", json={"request": {"comment": {"body": "volta"}}})
    assert r.status_code == 422 and r.json()["error"] == "RecordInvalid"
    r = agent.put(f"{portal.url}/api/v2/tickets/{req['id']}", json={"ticket": {"status": "open"}})
    assert r.status_code == 422
    assert customer.get(f"{portal.url}/api/v2/requests/{req['id']}").json()["request"]["status"] == "closed"


def test_satisfaction_rating_only_when_solved_and_by_requester(portal, customer, agent):
    req = new_request(customer)
    url = f"{portal.url}/api/v2/tickets/{req['id']}/satisfaction_rating"
    payload = {"satisfaction_rating": {"score": "good", "comment": "Rápido!"}}
    assert customer.post(url, json=payload).status_code == 422
    agent.put(f"{portal.url}/api/v2/tickets/{req['id']}", json={"ticket": {"status": "solved"}})
    assert agent.post(url, json=payload).status_code == 403
    assert customer.post(url, json={"satisfaction_rating": {"score": "meh"}}).status_code == 422
    r = customer.post(url, json=payload)
    assert r.status_code == 200
    rating = r.json()["satisfaction_rating"]
    assert (rating["score"], rating["comment"], rating["ticket_id"]) == ("good", "Rápido!", req["id"])
    ticket = agent.get(f"{portal.url}/api/v2/tickets/{req['id']}").json()["ticket"]
    assert ticket["satisfaction_rating"]["score"] == "good"


def test_customer_can_mark_solved(portal, customer):
    req = new_request(customer)
    r = customer.put(f"{portal.url}/api/v2/requests/{req['id']}", json={"request": {"solved": True}})
    assert r.json()["request"]["status"] == "solved"


def test_agent_lists_tickets_with_status_filter(portal, customer, agent):
    a, b = new_request(customer), new_request(customer)
    agent.put(f"{portal.url}/api/v2/tickets/{b['id']}", json={"ticket": {"status": "pending"}})
    listed = agent.get(f"{portal.url}/api/v2/tickets?status=pending").json()["tickets"]
    assert [t["id"] for t in listed] == [b["id"]]
    everything = agent.get(f"{portal.url}/api/v2/tickets?page[size]=1").json()
    assert everything["meta"]["has_more"] is True and everything["tickets"][0]["id"] == a["id"]
