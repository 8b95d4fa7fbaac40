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


def test_idempotency_key_is_ignored_on_requests_like_zendesk(portal, customer):
    payload = {"request": {"subject": "s", "comment": {"body": "bundle 42"}}}
    first = customer.post(f"{portal.url}/api/v2/requests", json=payload, headers={"Idempotency-Key": "bundle-42"})
    again = customer.post(f"{portal.url}/api/v2/requests", json=payload, headers={"Idempotency-Key": "bundle-42"})
    assert first.status_code == again.status_code == 201
    assert "x-idempotency-lookup" not in again.headers
    assert len(customer.get(f"{portal.url}/api/v2/requests").json()["requests"]) == 2


def _ticket(body: str) -> dict:
    return {"ticket": {"subject": "s", "comment": {"body": body}}}


def test_idempotency_key_on_tickets_replays_within_2_hours(portal, agent, clock):
    url = f"{portal.url}/api/v2/tickets"
    first = agent.post(url, json=_ticket("b1"), headers={"Idempotency-Key": "k1"})
    again = agent.post(url, json=_ticket("b1"), headers={"Idempotency-Key": "k1"})
    assert first.status_code == again.status_code == 201
    assert (first.headers["x-idempotency-lookup"], again.headers["x-idempotency-lookup"]) == ("miss", "hit")
    assert again.json() == first.json()
    other = agent.post(url, json=_ticket("outro corpo"), headers={"Idempotency-Key": "k1"})
    assert (other.status_code, other.json()["error"]) == (400, "IdempotentRequestError")
    clock.advance(hours=2)
    later = agent.post(url, json=_ticket("b1"), headers={"Idempotency-Key": "k1"})
    assert later.headers["x-idempotency-lookup"] == "miss"
    assert later.json()["ticket"]["id"] != first.json()["ticket"]["id"]
    assert len(agent.get(url).json()["tickets"]) == 2


def test_end_users_cannot_post_tickets(portal, customer):
    assert customer.post(f"{portal.url}/api/v2/tickets", json=_ticket("x")).status_code == 403


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
    assert seen == ids  # creation order whatever the sort asked, as Zendesk does with cursors


def test_offset_list_shows_only_my_requests_sorted_as_asked(portal, customer, agent, clock):
    older = new_request(customer, subject="antigo")
    clock.advance(hours=1)
    newer = new_request(customer, subject="novo")
    new_request(agent, subject="do analista")
    clock.advance(hours=1)
    customer.put(f"{portal.url}/api/v2/requests/{older['id']}", json={"request": {"comment": {"body": "mais"}}})
    listed = customer.get(f"{portal.url}/api/v2/requests?sort_by=updated_at&sort_order=desc").json()
    assert [r["id"] for r in listed["requests"]] == [older["id"], newer["id"]]
    assert listed["count"] == 2
    default = customer.get(f"{portal.url}/api/v2/requests").json()["requests"]
    assert [r["id"] for r in default] == [older["id"], newer["id"]]  # ascending by default


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


def test_comments_are_paginated(portal, customer):
    req = new_request(customer)
    for i in range(4):
        customer.put(f"{portal.url}/api/v2/requests/{req['id']}", json={"request": {"comment": {"body": f"c{i}"}}})
    url = f"{portal.url}/api/v2/requests/{req['id']}/comments?page[size]=2"
    bodies = []
    while url:
        page = customer.get(url).json()
        bodies += [c["body"] for c in page["comments"]]
        url = page["links"]["next"] if page["meta"]["has_more"] else None
    assert bodies == ["O RM mostra erro ao emitir a nota.", "c0", "c1", "c2", "c3"]
    offset = customer.get(f"{portal.url}/api/v2/requests/{req['id']}/comments?per_page=2").json()
    assert len(offset["comments"]) == 2 and offset["next_page"] and offset["count"] == 5


def test_ticket_updates_per_user_per_ticket_are_limited(portal, customer):
    req = new_request(customer)
    url = f"{portal.url}/api/v2/requests/{req['id']}"
    codes = [customer.put(url, json={"request": {"comment": {"body": f"r{i}"}}}).status_code for i in range(31)]
    assert codes[:30] == [200] * 30
    assert codes[30] == 429
    other = new_request(customer)
    assert customer.put(f"{portal.url}/api/v2/requests/{other['id']}",
                        json={"request": {"comment": {"body": "x"}}}).status_code == 200


def test_account_rate_limit_is_shared_by_every_user(tmp_path):
    from collector.portal.local import LocalPortal
    from collector.portal.local.testing import session

    with LocalPortal(tmp_path / "p", rules_interval=3600, rate_limit=5) as portal:
        portal.start()
        a, b = portal.accounts["end-user"], portal.accounts["agent"]
        with session(portal.url, a["email"], a["token"]) as s1, session(portal.url, b["email"], b["token"]) as s2:
            codes = [s.get(f"{portal.url}/api/v2/users/me").status_code for s in (s1, s2) * 3]
            assert codes == [200] * 5 + [429]
            limited = s1.get(f"{portal.url}/api/v2/users/me")
            assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
            # the Help Center API has a budget of its own
            assert s1.get(f"{portal.url}/api/v2/help_center/articles/search?query=erro").status_code == 200
