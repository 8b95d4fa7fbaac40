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


def test_a_reopened_ticket_that_was_solved_can_still_be_rated(lp, creds):
    """Zendesk's legacy reference: a solved ticket "or a ticket that was previously solved and then reopened"."""
    with PortalClient(lp.url, creds) as client:
        ticket = client.create_request("Relatório lento", "Demora.")["id"]
        agent_reply(lp, ticket, "Resolvido.", status="solved")
        agent_reply(lp, ticket, "Reabrindo para conferir.", status="open")
        assert satisfaction.rate(client, ticket, "good")["satisfaction_rating"]["score"] == "good"


@pytest.fixture
def survey_portal(tmp_path):
    from collector.portal.local import LocalPortal

    portal = LocalPortal(tmp_path / "survey", rules_interval=3600, csat="survey")
    portal.start()
    yield portal
    portal.close()


def test_survey_mode_reads_the_users_own_response_answered_on_the_portals_page(survey_portal):
    import requests

    portal = survey_portal
    assert portal.profile().csat == "survey"
    user = portal.accounts["end-user"]
    creds = Credentials(user["email"], user["token"])
    with PortalClient(portal.url, creds) as client:
        ticket = client.create_request("Impressão lenta", "Demora 5 minutos.")["id"]
        assert conversation.load(client, ticket, csat="survey").survey == satisfaction.Survey("survey", False)
        agent_reply(portal, ticket, "Ajustamos o servidor.", status="solved")
        survey = conversation.load(client, ticket, csat="survey").survey
        assert survey == satisfaction.Survey("survey", offered=True, answered=False)
        with pytest.raises(errors.Forbidden):  # one CSAT option at a time
            satisfaction.rate(client, ticket, "good")
        [offered] = satisfaction.my_responses(client, ticket)
        assert offered["subject_zrns"] == [f"zen:ticket:{ticket}"] and {a["type"] for a in offered["answers"]} == {
            "skipped"}
        with portal.db.tx() as conn:  # the rating link the portal's e-mail would carry
            token = conn.execute("SELECT access_token FROM survey_responses WHERE id = ?",
                                 (offered["id"],)).fetchone()[0]
        page = requests.get(f"{portal.url}/hc/pt-br/survey_responses/{offered['id']}",
                            params={"access_token": token, "rating": 2}, timeout=30)
        assert page.status_code == 200 and "Bom" in page.text
        assert requests.get(f"{portal.url}/hc/pt-br/survey_responses/{offered['id']}",
                            params={"access_token": "errado", "rating": 1}, timeout=30).status_code == 404
        assert conversation.load(client, ticket, csat="survey").survey.answered
        shown = client.call("GET", f"guide/pt-br/survey_responses/{offered['id']}")["survey_response"]
        assert shown["answers"][0] == {**shown["answers"][0], "type": "rating_scale", "rating": 2}
    agent = portal.accounts["agent"]
    other = PortalClient(portal.url, Credentials(agent["email"], agent["token"]))
    with other, pytest.raises(errors.Forbidden):  # "Admins, End users (responders only)"
        other.call("GET", "guide/survey_responses")
