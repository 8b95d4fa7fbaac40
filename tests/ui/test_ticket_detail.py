"""The ticket window opened from "Meus chamados", against the local portal on 127.0.0.1: an analyst's
reply with its attachment, the ticket marked read; the analyst's request answered with one button
(review and consent first; the ticket then holds a reply whose bundle has only the requested kinds);
the satisfaction survey recorded; a reply with an attachment through the wizard's complement mode,
and a follow-up request for a closed ticket."""

from __future__ import annotations

import io
import json
import os
import zipfile
from dataclasses import replace

import pytest
import requests
from PySide6.QtCore import Qt

from collector.core.wizard import Mode, Page
from collector.portal import request_doc
from collector.portal.auth import Credentials
from collector.portal.client import PortalClient
from collector.portal.local import LocalPortal
from collector.portal.local.testing import session
from collector.portal.settings import PortalSettings
from collector.ui import tasks
from collector.ui.app import Windows
from collector.ui.backend import PortalConfig, Services
from collector.ui.ticket_detail import TicketDetail
from tests.portal.test_conversation import agent_reply
from tests.ui.conftest import click_box, click_next, drop_files, sent, type_text


@pytest.fixture
def windows(qtbot, services, portuguese):
    made = Windows(services, None, demo=False, auto_refresh=False)
    qtbot.addWidget(made.tickets)
    yield made
    made.force_close()
    assert tasks.wait_all(60_000)


def shown(qtbot, windows: Windows):
    with qtbot.waitSignal(windows.tickets.refreshed, timeout=60_000):
        windows.tickets.show()


def refreshed(qtbot, windows: Windows):
    with qtbot.waitSignal(windows.tickets.refreshed, timeout=60_000) as blocker:
        windows.tickets.refresh()
    return blocker.args[0]


def row_of(windows: Windows, ticket: int) -> int:
    return next(i for i, t in enumerate(windows.tickets.data.tickets) if t.id == ticket)


def opened(qtbot, windows: Windows, ticket: int) -> TicketDetail:
    """Selects the ticket and presses Enter; waits for its window to load and the list to drop its
    unread mark — without a new refresh (the portal is not asked again for that)."""
    table = windows.tickets.tickets
    index = row_of(windows, ticket)
    table.selectRow(index)
    table.setFocus()
    refreshes: list = []
    windows.tickets.refreshed.connect(refreshes.append)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    detail = windows.tickets.details[ticket]
    qtbot.waitUntil(lambda: detail.data is not None, timeout=60_000)
    qtbot.waitUntil(lambda: windows.tickets.data.tickets[index].unread == 0, timeout=10_000)
    windows.tickets.refreshed.disconnect(refreshes.append)
    assert refreshes == [] and not windows.tickets.loading
    assert table.item(index, 5).text() == ""  # the "new replies" cell is empty
    return detail


def file_ticket(portal, account, subject: str = "Folha não calcula") -> int:
    with PortalClient(portal.url, account) as client:
        return int(client.create_request(subject, "A folha de março não fecha.")["id"])


def comments(portal, ticket: int) -> list[dict]:
    agent = portal.accounts["agent"]
    with session(portal.url, agent["email"], agent["token"]) as s:
        return s.get(f"{portal.url}/api/v2/tickets/{ticket}/comments").json()["comments"]


def bundle_of(portal, comment: dict) -> zipfile.ZipFile:
    [archive] = [a for a in comment["attachments"] if a["file_name"].startswith("diagnostico")]
    agent = portal.accounts["agent"]
    with session(portal.url, agent["email"], agent["token"]) as s:
        return zipfile.ZipFile(io.BytesIO(s.get(archive["content_url"]).content))


def test_an_agents_reply_is_shown_with_its_attachment_and_the_ticket_read(qtbot, windows, portal, account,
                                                                           tmp_path):
    log = tmp_path / "RM.Host.log"
    log.write_bytes(b"linha\n" * 700)
    ticket = file_ticket(portal, account)
    shown(qtbot, windows)  # the user's first use: replies from now on are news
    agent_reply(portal, ticket, "Separamos o log do servidor.", files=[log])
    refreshed(qtbot, windows)
    assert windows.tickets.data.tickets[row_of(windows, ticket)].unread == 1

    detail = opened(qtbot, windows, ticket)
    assert detail.windowTitle() == f"Chamado #{ticket} — Coletor de Diagnóstico RM"
    assert detail.status_label.text().startswith("Status: Pendente")
    mine, reply = detail.messages
    assert mine.author.text() == "Você" and mine.body.text() == "A folha de março não fecha."
    assert reply.author.text() == f"{portal.accounts['agent']['name']} (analista)"
    assert reply.body.text() == "Separamos o log do servidor."
    assert [b.text() for b in reply.open_buttons] == ["Abrir"]
    texts = [w.text() for w in reply.findChildren(type(detail.note))]
    assert "RM.Host.log" in texts and "4 KB" in texts
    assert not detail.request_box.isVisible() and not detail.survey_box.isVisible()
    assert windows.tickets.data.tickets[row_of(windows, ticket)].unread == 0  # opened: read
    listed = windows.tickets.data  # a refresh that had started before the read mark was saved:
    windows.tickets._show(replace(listed, tickets=[replace(t, unread=1) if t.id == ticket else t
                                                   for t in listed.tickets]))
    assert windows.tickets.data.tickets[row_of(windows, ticket)].unread == 0  # still read
    assert windows.tickets.open_ticket(row_of(windows, ticket)) is detail  # one window per ticket


def test_the_analysts_request_is_answered_from_the_ticket(qtbot, windows, portal, account):
    ticket = file_ticket(portal, account)
    asked = ["config", "logs"]
    block = request_doc.build(ticket, asked, since="2d", note="Depois de reproduzir o cálculo").to_block()
    agent_reply(portal, ticket, "Precisamos do pacote de diagnóstico:\n" + block)
    shown(qtbot, windows)
    detail = opened(qtbot, windows, ticket)
    assert detail.request_box.isVisible()
    text = detail.request_text.text()
    assert "O analista pediu:" in text and "Depois de reproduzir o cálculo" in text
    assert detail.answer_button.text().replace("&", "") == "Enviar o que o analista pediu"
    assert detail.messages[-1].body.text() == ("Precisamos do pacote de diagnóstico:\n"
                                               "[pedido de diagnóstico para o coletor]")

    qtbot.mouseClick(detail.answer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(detail, "review", None) is not None, timeout=120_000)
    review = detail.review
    summary = review.summary.toPlainText()
    assert summary.startswith("Seria enviado:") and "Mascaramentos:" in summary
    assert not review.send_button.isEnabled()  # consent first
    assert not review.recording_note.isVisible()  # no recording was asked for
    review.consent.setChecked(True)
    with qtbot.waitSignal(detail.answered, timeout=120_000) as blocker:
        qtbot.mouseClick(review.send_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].status == "delivered", blocker.args[0].reason
    assert f"#{ticket}" in detail.note.text()

    found = [c for c in comments(portal, ticket) if "[coletor resposta ao pedido " in c["body"]]
    assert len(found) == 1
    with bundle_of(portal, found[0]) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert {i["kind"] for i in manifest["items"]} == set(asked)
    assert manifest["consent"]["statement"] == "Revisei o conteúdo e estou autorizado a enviá-lo"
    qtbot.waitUntil(lambda: detail.data is not None and detail.data.request is None, timeout=60_000)
    assert not detail.request_box.isVisible()  # answered: nothing left to send


def test_the_survey_is_recorded_after_resolvido(qtbot, windows, portal, account):
    ticket = file_ticket(portal, account, "Impressão lenta")
    agent_reply(portal, ticket, "Ajustamos o servidor de impressão.", status="solved")
    shown(qtbot, windows)
    detail = opened(qtbot, windows, ticket)
    assert detail.survey_box.isVisible() and not detail.rate_button.isEnabled()
    click_box(qtbot, detail.good)
    type_text(detail.survey_comment, "Resolvido no mesmo dia")
    with qtbot.waitSignal(detail.rated, timeout=60_000):
        qtbot.mouseClick(detail.rate_button, Qt.MouseButton.LeftButton)
    assert detail.survey_question.text() == "Obrigado: sua avaliação foi registrada."
    agent = portal.accounts["agent"]
    with session(portal.url, agent["email"], agent["token"]) as s:
        rating = s.get(f"{portal.url}/api/v2/tickets/{ticket}").json()["ticket"]["satisfaction_rating"]
    assert (rating["score"], rating["comment"]) == ("good", "Resolvido no mesmo dia")


def reply_through_the_wizard(qtbot, windows, detail: TicketDetail, attachment) -> None:
    qtbot.mouseClick(detail.reply_button, Qt.MouseButton.LeftButton)
    wizard = windows.wizard
    assert wizard is not None and wizard.state.mode == Mode.COMPLEMENT
    state = wizard.state
    assert state.answers.ticket_id == detail.ticket_id
    qtbot.waitUntil(lambda: state.inspect_doc is not None and not state.inspecting, timeout=60_000)
    click_next(qtbot, wizard)
    desc = wizard.wizard.page_widget(Page.DESCRIPTION)
    assert desc.complement.isChecked() and desc.ticket_id.text() == str(detail.ticket_id)
    type_text(desc.process, "Segue a planilha que o analista pediu.")
    click_next(qtbot, wizard)
    ev = wizard.wizard.page_widget(Page.EVIDENCE)
    drop_files(ev, [attachment])
    qtbot.waitUntil(lambda: [e.path.name for e in state.files("attachments")] == [attachment.name], timeout=60_000)
    qtbot.waitUntil(lambda: not state.discovering, timeout=60_000)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: state.review.staged or bool(state.review.stage_error), timeout=120_000)
    assert not state.review.stage_error
    click_box(qtbot, wizard.wizard.page_widget(Page.REVIEW).consent)
    click_next(qtbot, wizard)
    send = wizard.wizard.page_widget(Page.SEND)
    sent(qtbot, state, send.send_button, timeout=120_000)
    assert state.send.outcome.status == "delivered", state.send.outcome.reason


def test_a_reply_with_an_attachment_reaches_the_ticket(qtbot, windows, portal, account, tmp_path):
    planilha = tmp_path / "Conferência março.csv"
    planilha.write_text("evento;valor\n0001;1500,00\n", encoding="utf-8")
    ticket = file_ticket(portal, account)
    agent_reply(portal, ticket, "Pode mandar a planilha de conferência?")
    shown(qtbot, windows)
    detail = opened(qtbot, windows, ticket)
    assert detail.reply_button.text() == "Res&ponder com anexos…"
    reply_through_the_wizard(qtbot, windows, detail, planilha)
    last = comments(portal, ticket)[-1]
    assert "Segue a planilha que o analista pediu." in last["body"]
    with bundle_of(portal, last) as zf:
        assert "attachments/Conferência março.csv" in zf.namelist()


def test_a_closed_ticket_gets_a_follow_up(qtbot, windows, portal, account, tmp_path):
    planilha = tmp_path / "Conferência abril.csv"
    planilha.write_text("evento;valor\n0002;900,00\n", encoding="utf-8")
    ticket = file_ticket(portal, account, "Relatório lento")
    agent_reply(portal, ticket, "Encerrado por falta de retorno.", status="closed")
    shown(qtbot, windows)
    detail = opened(qtbot, windows, ticket)
    assert detail.reply_button.text() == "Chamado de &acompanhamento…"
    assert "fechado" in detail.note.text()
    reply_through_the_wizard(qtbot, windows, detail, planilha)
    with PortalClient(portal.url, account) as client:
        followup = next(r for r in client.list_my_requests() if r["id"] != ticket)
        first = client.list_comments(followup["id"])[0]
    assert followup["followup_source_id"] == ticket
    assert "Segue a planilha que o analista pediu." in first["body"]
    assert any(a["file_name"].startswith("diagnostico") for a in first["attachments"])


def test_survey_mode_sends_the_user_to_the_portal_and_shows_the_answer(qtbot, portuguese, tmp_path):
    """A portal whose profile says "csat": "survey": no rating in the collector (an end user cannot
    write survey responses), a button to the portal, and "já respondeu" once the response exists."""
    portal = LocalPortal(tmp_path / "survey", rules_interval=3600, csat="survey")
    portal.start()
    try:
        user = portal.accounts["end-user"]
        creds = Credentials(user["email"], user["token"])
        settings = replace(PortalSettings(url=portal.url), profile=portal.profile())
        services = Services(portal=PortalConfig(settings, credentials=creds), session_dir=tmp_path / "s")
        ticket = file_ticket(portal, creds, "Impressão lenta")
        agent_reply(portal, ticket, "Ajustamos o servidor de impressão.", status="solved")
        detail = TicketDetail(services, ticket)
        qtbot.addWidget(detail)
        detail.show()
        with qtbot.waitSignal(detail.loaded, timeout=60_000):
            detail.load()
        assert detail.survey_box.isVisible() and detail.survey_portal_button.isVisible()
        assert not detail.rate_button.isVisible() and not detail.good.isVisible()
        assert detail.survey_question.text() == "A pesquisa de satisfação deste portal é respondida no portal."
        with portal.db.tx() as conn:  # the rating link of the portal's e-mail, answered in the browser
            response, token = conn.execute("SELECT id, access_token FROM survey_responses").fetchone()
        requests.get(f"{portal.url}/hc/pt-br/survey_responses/{response}",
                     params={"access_token": token, "rating": 1}, timeout=30).raise_for_status()
        with qtbot.waitSignal(detail.loaded, timeout=60_000):
            detail.load()
        assert detail.survey_question.text() == "Você já respondeu à pesquisa de satisfação."
        assert not detail.survey_portal_button.isVisible()
        detail.close()
        assert tasks.wait_all(30_000)
    finally:
        portal.close()


@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="the screenshot needs an X screen (Xvfb)")
def test_screenshots_asked_for_are_captured_and_a_recording_is_pointed_to_the_wizard(qtbot, windows, portal,
                                                                                     account):
    ticket = file_ticket(portal, account)
    block = request_doc.build(ticket, ["screenshots", "recording", "config"], since="1d").to_block()
    agent_reply(portal, ticket, "Mande a tela e a gravação:\n" + block)
    shown(qtbot, windows)
    detail = opened(qtbot, windows, ticket)
    qtbot.mouseClick(detail.answer_button, Qt.MouseButton.LeftButton)
    # the screen is the analyst's: neither this window nor "Meus chamados" (the user's other tickets)
    assert not detail.isVisible() and not windows.tickets.isVisible()
    qtbot.waitUntil(lambda: detail.review is not None, timeout=120_000)
    assert detail.isVisible() and windows.tickets.isVisible()  # back for the review
    assert detail.review.recording_note.isVisible()
    detail.review.consent.setChecked(True)
    with qtbot.waitSignal(detail.answered, timeout=120_000) as blocker:
        qtbot.mouseClick(detail.review.send_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].status == "delivered", blocker.args[0].reason
    [answer] = [c for c in comments(portal, ticket) if "[coletor resposta ao pedido " in c["body"]]
    with bundle_of(portal, answer) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert {i["kind"] for i in manifest["items"]} == {"screenshots", "config"}  # no recording was made
