"""collector.portal.conversation + satisfaction against the local portal: who wrote what, attachments
with their size and address, the analyst's waiting request, the survey after Resolvido."""

from __future__ import annotations

import pytest

from collector.portal import conversation, errors, request_doc, satisfaction
from collector.portal.auth import Credentials
from collector.portal.client import PortalClient
from collector.portal.local.testing import session


def agent_client(portal) -> PortalClient:
    account = portal.accounts["agent"]
    return PortalClient(portal.url, Credentials(account["email"], account["token"]))


def agent_reply(portal, ticket_id: int, body: str, status: str = "pending", files=()) -> None:
    with agent_client(portal) as agent:
        tokens = [agent.upload(path).token for path in files]
        agent.call("PUT", f"tickets/{ticket_id}", json={"ticket": {"status": status, "comment": {
            "body": body, "public": True, "uploads": tokens}}})


def test_conversation_authors_attachments_and_request(lp, creds, tmp_path):
    log = tmp_path / "RM.Host.log"
    log.write_bytes(b"x" * 3000)
    with PortalClient(lp.url, creds) as client:
        me = client.me()["id"]
        ticket = client.create_request("Folha não calcula", "A folha de março não fecha.")["id"]
        agent_reply(lp, ticket, "Veja o log que separamos.", files=[log])
        block = request_doc.build(ticket, ["config", "logs"], since="24h", note="Depois de reproduzir").to_block()
        agent_reply(lp, ticket, "Precisamos do pacote:\n" + block)
        found = conversation.load(client, ticket, me)
    assert [m.by_agent for m in found.messages] == [False, True, True]
    first, reply, asked = found.messages
    assert first.mine and first.body == "A folha de março não fecha."
    assert reply.author == lp.accounts["agent"]["name"] and not reply.mine
    [attachment] = reply.attachments
    assert (attachment.name, attachment.size, attachment.size_text) == ("RM.Host.log", 3000, "3 KB")
    assert attachment.url.startswith(lp.url)
    assert found.status_label == "Pendente" and not found.closed
    assert found.request is not None and found.request.request.items == ("config", "logs")
    assert found.request.request_id == f"{ticket}.{asked.id}"
    assert found.survey == satisfaction.Survey("legacy", offered=False)


def test_survey_recorded_only_for_a_solved_ticket(lp, creds):
    with PortalClient(lp.url, creds) as client:
        ticket = client.create_request("Impressão lenta", "Demora 5 minutos.")["id"]
        with pytest.raises(errors.InvalidRecord, match="Resolvido"):
            satisfaction.rate(client, ticket, "good")
        agent_reply(lp, ticket, "Ajustamos o servidor de impressão.", status="solved")
        assert conversation.load(client, ticket).survey.offered
        satisfaction.rate(client, ticket, "bad", "  Demorou uma semana  ")
    account = lp.accounts["agent"]
    with session(lp.url, account["email"], account["token"]) as agent:
        rating = agent.get(f"{lp.url}/api/v2/tickets/{ticket}").json()["ticket"]["satisfaction_rating"]
    assert (rating["score"], rating["comment"]) == ("bad", "Demorou uma semana")
