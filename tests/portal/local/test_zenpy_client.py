"""SPEC §4.5: a well-known Zendesk API client (Zenpy) pointed at the local portal works for every call."""

from __future__ import annotations

import io

import pytest

zenpy = pytest.importorskip("zenpy", reason="zenpy (dev extra) is not installed")
from zenpy.lib.api_objects import Comment, Request, SatisfactionRating  # noqa: E402


@pytest.fixture
def clients(portal, monkeypatch):
    # Zenpy's own switches for pointing it at a test server instead of https://SUB.zendesk.com
    monkeypatch.setenv("ZENPY_FORCE_NETLOC", portal.url.split("//", 1)[1])
    monkeypatch.setenv("ZENPY_FORCE_SCHEME", "http")

    def client(role):
        acc = portal.accounts[role]
        return zenpy.Zenpy(subdomain="local", email=acc["email"], token=acc["token"], timeout=10,
                           disable_cache=True)

    return client("end-user"), client("agent")


def test_zenpy_end_to_end(portal, clients, customer):
    user, agent = clients
    me = user.users.me()
    assert (me.email, me.role) == (portal.accounts["end-user"]["email"], "end-user")

    upload = user.attachments.upload(io.BytesIO(b"RMError: falha"), target_name="RMError.txt",
                                     content_type="text/plain")
    created = user.requests.create(Request(subject="Via Zenpy", comment=Comment(body="Erro", uploads=[upload.token])))
    assert [r.subject for r in user.requests()] == ["Via Zenpy"]
    request = user.requests(id=created.id)
    assert request.status == "new"
    (first,) = list(user.requests.comments(created.id))
    assert [a.file_name for a in first.attachments] == ["RMError.txt"]

    labels = {s.end_user_label for s in user.custom_statuses()}
    assert "Validação Cliente" in labels

    ticket = agent.tickets(id=created.id)
    ticket.status = "solved"
    ticket.comment = Comment(body="Corrigido na versão 12.1.2406", public=True)
    agent.tickets.update(ticket)
    assert user.requests(id=created.id).status == "solved"

    rating = user.satisfaction_ratings.create(created.id, SatisfactionRating(score="good", comment="Ótimo"))
    assert rating.score == "good"

    request = user.requests(id=created.id)
    request.comment = Comment(body="Voltou a acontecer")
    user.requests.update(request)
    assert user.requests(id=created.id).status == "open"

    titles = [a.title for a in user.help_center.articles.search(query="conexão banco", locale="pt-br")]
    assert titles[0].startswith("Erro de conexão com o banco")


def test_zenpy_installs_and_lists_a_macro(clients):
    from zenpy.lib.api_objects import Macro

    from collector.portal import macro, request_doc

    _user, agent = clients
    body = macro.definition(request_doc.template(["config"], "1d"))["macro"]
    created = agent.macros.create(Macro(title=body["title"], actions=body["actions"]))
    assert [m.title for m in agent.macros()] == [body["title"]]
    [found] = request_doc.find_in_text(macro.comment_of({"actions": created.actions}))
    assert found.items == ("config",) and found.span == "1d"
