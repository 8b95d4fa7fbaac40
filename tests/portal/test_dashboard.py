"""collector.portal.dashboard + seen: the main window's rows against the local portal, rules clock injected."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from collector.portal import dashboard, errors
from collector.portal.auth import Credentials
from collector.portal.client import PortalClient
from collector.portal.local import LocalPortal
from collector.portal.local.testing import FakeClock, session
from collector.portal.seen import SeenStore
from collector.portal.settings import request_page_url

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def timed(tmp_path):
    clock = FakeClock(T0)
    portal = LocalPortal(tmp_path / "p", clock=clock, rules_interval=3600)
    portal.start()
    user = portal.accounts["end-user"]
    client = PortalClient(portal.url, Credentials(user["email"], user["token"]))
    yield portal, clock, client
    client.close()
    portal.close()


def agent_update(portal, ticket_id: int, **ticket) -> None:
    account = portal.accounts["agent"]
    with session(portal.url, account["email"], account["token"]) as agent:
        agent.put(f"{portal.url}/api/v2/tickets/{ticket_id}", json={"ticket": ticket}).raise_for_status()


def by_id(rows) -> dict[int, dashboard.TicketRow]:
    return {row.id: row for row in rows}


def test_statuses_previsoes_and_unread_replies(timed, tmp_path):
    portal, clock, client = timed
    me = client.me()["id"]
    seen = SeenStore.for_user(portal.url, me, root=tmp_path / "seen", clock=clock)
    folha = client.create_request("Folha não calcula", "texto")["id"]
    nota = client.create_request("Nota fiscal", "texto")["id"]
    outro = client.create_request("Outro", "texto")["id"]
    clock.advance(hours=1)
    agent_update(portal, folha, status="pending", comment={"body": "Precisamos do log da folha."})
    agent_update(portal, nota, status="solved", comment={"body": "Corrigido no patch."})
    client.add_comment(outro, "Mais uma informação minha.")  # the user's own reply is not news
    clock.advance(minutes=5)  # the user looks a little later

    rows = by_id(dashboard.ticket_rows(client, seen=seen, me=me))
    assert list(rows) == [outro, nota, folha]  # most recently updated first
    assert (rows[folha].status_label, rows[folha].unread) == ("Pendente", 1)
    assert rows[folha].next_change.label == "Validação Cliente"
    assert rows[folha].next_change.due_at == rows[folha].updated_at + timedelta(days=7)
    assert (rows[nota].status_label, rows[nota].unread) == ("Resolvido", 1)
    assert (rows[nota].next_change.label, rows[nota].next_change.due_at) == \
        ("Fechado", rows[nota].updated_at + timedelta(days=5))
    assert rows[outro].unread == 0 and rows[outro].next_change is None
    assert dashboard.forecast_text(rows[folha]).endswith("(previsão)")
    assert rows[folha].url == request_page_url(portal.url, folha)

    # unchanged tickets cost no comment call on the next refresh; opening one marks it read
    calls = []
    original = client.list_comments
    client.list_comments = lambda *a, **k: calls.append(a[0]) or original(*a, **k)
    seen.mark_seen(folha, rows[folha].updated_at)
    again = by_id(dashboard.ticket_rows(client, seen=seen, me=me))
    assert calls == [] and again[folha].unread == 0 and again[nota].unread == 1

    # the rules move it as forecast: Validação Cliente (the portal's custom status), then Fechado
    clock.set(rows[folha].next_change.due_at)
    portal.run_rules(clock())
    clock.advance(minutes=5)
    after_week = by_id(dashboard.ticket_rows(client, seen=seen, me=me))
    moved = after_week[folha]
    assert (moved.status_label, moved.next_change.label, moved.unread) == ("Validação Cliente", "Fechado", 0)
    assert (after_week[nota].status_label, after_week[nota].unread) == ("Fechado", 1)  # Resolvido + 5 d
    assert sorted(calls) == sorted([folha, nota])  # only the tickets that changed were read again
    clock.set(moved.next_change.due_at)
    portal.run_rules(clock())
    clock.advance(minutes=5)
    closed = by_id(dashboard.ticket_rows(client, seen=seen, me=me))[folha]
    assert (closed.status_label, closed.next_change, closed.closed) == ("Fechado", None, True)

    # a new reply after the user read the ticket is unread again; the store survives a restart
    agent_update(portal, outro, comment={"body": "Pode confirmar?"})
    clock.advance(minutes=5)
    reopened = SeenStore.for_user(portal.url, me, root=tmp_path / "seen", clock=clock)
    assert by_id(dashboard.ticket_rows(client, seen=reopened, me=me))[outro].unread == 1


def test_seen_is_per_user_and_per_portal_and_survives_damage(tmp_path):
    clock = FakeClock(T0)
    a = SeenStore.for_user("https://a.zendesk.com", 1, root=tmp_path, clock=clock)
    b = SeenStore.for_user("https://a.zendesk.com", 2, root=tmp_path, clock=clock)
    c = SeenStore.for_user("https://b.zendesk.com/", 1, root=tmp_path, clock=clock)
    assert len({a.path, b.path, c.path}) == 3
    a.mark_seen(7, T0 + timedelta(days=1))
    assert SeenStore(a.path).seen_at(7) == T0 + timedelta(days=1)
    assert b.seen_at(7) == T0 - timedelta(seconds=1)  # never before the first use (whole seconds)
    a.path.write_text("{ not json", encoding="utf-8")
    clock.advance(days=2)
    assert SeenStore(a.path, clock=clock).seen_at(7) == T0 + timedelta(days=2, seconds=-1)


def test_refresh_waits_what_the_portal_asks():
    limited = errors.RateLimited("aguarde", status=429, retry_after=120)
    assert dashboard.refresh_delay(limited) == 120
    assert dashboard.refresh_delay(errors.RateLimited("aguarde", status=429, retry_after=2)) == dashboard.MIN_REFRESH
    assert dashboard.refresh_delay(None) == dashboard.REFRESH_INTERVAL
    assert dashboard.refresh_delay(errors.PortalUnreachable("rede")) == dashboard.REFRESH_INTERVAL


def test_custom_statuses_are_asked_once_per_sign_in_and_again_for_an_unknown_one(timed):
    """Thousands of collectors share the account's rate limit: a refresh reads only the tickets when
    nothing else changed; a ticket in a status the sign-in does not know yet makes it read them again."""
    portal, clock, client = timed
    folha = client.create_request("Folha não calcula", "texto")["id"]
    dashboard.ticket_rows(client)
    portal.faults.fail_next(1, status=500, path="/api/v2/custom_statuses")  # asking again would meet it
    assert by_id(dashboard.ticket_rows(client))[folha].status_label == "Novo"
    assert portal.faults.pending() == 1  # not asked
    portal.faults.clear()

    client.remember("custom_statuses", {})  # as if the admin had added statuses since it was read
    agent_update(portal, folha, status="pending", comment={"body": "Precisamos do log."})
    clock.advance(days=8)  # the rules move it to Validação Cliente, a custom status
    portal.run_rules()
    row = by_id(dashboard.ticket_rows(client))[folha]
    assert row.status_label == "Validação Cliente"  # read again: the ticket carried an unknown id


def test_a_status_the_portal_does_not_list_is_not_asked_for_on_every_refresh(timed):
    portal, _clock, client = timed
    dashboard.ticket_rows(client)
    portal.faults.fail_next(1, status=500, path="/api/v2/custom_statuses")
    dashboard.custom_statuses(client, [987654])  # unknown: asked again (it met the failure and retried)
    assert portal.faults.pending() == 0
    portal.faults.fail_next(1, status=500, path="/api/v2/custom_statuses")
    dashboard.custom_statuses(client, [987654])  # still unknown: not asked again within the hour
    assert portal.faults.pending() == 1
