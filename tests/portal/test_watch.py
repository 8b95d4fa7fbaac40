"""collector.portal.watch against the local portal: a status change and an analyst's request each make
exactly one notice; per user; the schedule's jitter, backoff and Retry-After; the polling loop."""

from __future__ import annotations

import random
import threading

import pytest

from collector.core.kinds import Kind
from collector.portal import errors, request_doc, watch
from collector.portal.auth import Credentials
from collector.portal.client import PortalClient
from collector.portal.local.testing import session


@pytest.fixture
def client(lp, creds):
    with PortalClient(lp.url, creds) as made:
        yield made


def agent_update(portal, ticket_id: int, **ticket) -> None:
    account = portal.accounts["agent"]
    with session(portal.url, account["email"], account["token"]) as agent:
        agent.put(f"{portal.url}/api/v2/tickets/{ticket_id}", json={"ticket": ticket}).raise_for_status()


def test_a_status_change_and_an_analyst_request_make_one_notice_each(lp, client, tmp_path):
    root = tmp_path / "watch"
    folha = client.create_request("Folha não calcula", "texto")["id"]
    nota = client.create_request("Nota fiscal", "texto")["id"]
    assert watch.poll(client, root=root) == []  # the first poll remembers, tells nothing
    assert watch.poll(client, root=root) == []  # nothing changed

    agent_update(lp, nota, status="solved", comment={"body": "Corrigido no patch."})
    notices = watch.poll(client, root=root)
    assert [(n.kind, n.ticket_id, n.new) for n in notices] == [("status", nota, "Resolvido")]
    assert notices[0].old and notices[0].old != "Resolvido"
    assert notices[0].subject == "Nota fiscal" and notices[0].url.endswith(f"/requests/{nota}")
    assert watch.poll(client, root=root) == []  # told once

    asked = request_doc.build(folha, [Kind.LOGS.value, Kind.RMERROR.value], since="2d")
    agent_update(lp, folha, status="pending", comment={"body": "Preciso dos logs.\n\n" + asked.to_block(), "public": True})
    notices = watch.poll(client, root=root)
    assert len(notices) == 1  # the request, with the new status in it (not a second notice)
    request = notices[0]
    assert (request.kind, request.ticket_id, request.new) == ("request", folha, "Pendente")
    assert "RMError" in request.asked and request.request_id.startswith(f"{folha}.")
    agent_update(lp, folha, comment={"body": "Alguma novidade?"})  # a plain reply: no notice
    assert watch.poll(client, root=root) == []


def test_each_user_has_their_own_memory_and_tickets(lp, client, tmp_path):
    """Two users of one computer (a shared server): each one's changes reach only that user."""
    root = tmp_path / "watch"
    mine = client.create_request("Folha", "texto")["id"]
    user, token = lp.add_user("colega@portal.local", "end-user", name="Colega")
    with PortalClient(lp.url, Credentials(user.email, token)) as colleague:
        theirs = colleague.create_request("Estoque", "texto")["id"]
        assert watch.poll(client, root=root) == [] and watch.poll(colleague, root=root) == []
        agent_update(lp, theirs, status="pending")
        agent_update(lp, mine, status="solved")
        assert [n.ticket_id for n in watch.poll(colleague, root=root)] == [theirs]
    assert [n.ticket_id for n in watch.poll(client, root=root)] == [mine]


def test_the_store_is_per_portal_and_user_and_survives_damage(lp, client, tmp_path):
    root = tmp_path / "watch"
    ticket = client.create_request("Folha", "texto")["id"]
    watch.poll(client, root=root)
    me = client.me()["id"]
    path = watch.store_path(lp.url, me, root)
    assert path.is_file() and path != watch.store_path(lp.url, int(me) + 1, root)
    path.write_text("{not json", encoding="utf-8")
    agent_update(lp, ticket, status="pending")
    assert watch.poll(client, root=root) == []  # damaged memory: start again quietly
    agent_update(lp, ticket, status="solved")
    assert len(watch.poll(client, root=root)) == 1


def test_a_429_backs_off_at_least_retry_after(lp, client, tmp_path):
    client.create_request("Folha", "texto")
    lp.faults.rate_limit_next(5, retry_after=120)
    with pytest.raises(errors.RateLimited) as caught:
        watch.poll(client, root=tmp_path / "watch")
    schedule = watch.Schedule(rng=random.Random(7))
    delays = [schedule.next_delay(caught.value) for _ in range(6)]
    assert min(delays) >= 120 and delays[-1] >= 960  # never sooner than asked, and it grows (backoff)
    lp.faults.clear()
    assert watch.poll(client, root=tmp_path / "watch") == []


def test_schedule_jitter_backoff_and_stop():
    schedule = watch.Schedule(interval=300, first_retry=60, max_delay=3600, rng=random.Random(1))
    normal = [schedule.next_delay() for _ in range(50)]
    assert all(270 <= d <= 330 for d in normal) and len(set(normal)) > 40  # spread, not synchronized
    failing = [schedule.next_delay(errors.PortalUnreachable("sem rede")) for _ in range(8)]
    assert 30 <= failing[0] <= 60 and all(d <= 3600 for d in failing) and failing[-1] >= 1800
    assert schedule.next_delay() <= 330  # back to normal after a success
    assert schedule.next_delay(errors.AuthenticationFailed("401", status=401)) is None


def test_the_loop_polls_tells_and_survives_failures():
    told, calls = [], []
    stop = threading.Event()
    notice = watch.Notice("status", 1, "Folha", "https://x/1", old="Aberto", new="Pendente")

    def poll_once():
        calls.append(1)
        if len(calls) == 1:
            raise errors.PortalUnreachable("sem rede")
        if len(calls) == 3:
            stop.set()
        return [notice]

    schedule = watch.Schedule(interval=0.01, first_retry=0.01, max_delay=0.02, rng=random.Random(3))
    errors_seen: list[BaseException] = []
    watch.run(poll_once, told.append, stop, schedule, first_delay=0.01, on_error=errors_seen.append)
    assert len(calls) == 3 and told == [notice, notice] and isinstance(errors_seen[0], errors.PortalUnreachable)
