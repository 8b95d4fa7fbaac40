"""The whole wizard, driven as a user would, against the local portal on 127.0.0.1: fill every page,
capture a screenshot (Xvfb), attach a file by drop and an image by paste, submit; the ticket exists
with the right text and every attachment. With the portal down the bundle waits in the outbox and
is delivered when the portal comes back."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage

from collector.core.wizard import Page, Rect, WizardState
from collector.portal.client import PortalClient
from collector.portal.outbox import Outbox
from tests.fixtures.rm_install import PLANTED_PASSWORD
from tests.ui.conftest import click_box, click_next, drop_files, sent, type_text

needs_screen = pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="the screenshot needs an X screen (Xvfb)")

TITLE = "Erro de conexão ao calcular a folha"
PROCESS = "1. Abrir o RM Labore\n2. Calcular a folha da coligada 1"
EXPECTED = "Calcular sem erro, como no mês passado"


def _fill_environment_and_description(qtbot, window, state):
    qtbot.waitUntil(lambda: state.inspect_doc is not None and not state.inspecting, timeout=30_000)
    env = window.wizard.page_widget(Page.ENVIRONMENT)
    assert env.version.currentText() == "12.1.2406.145"
    assert env.database.currentData() == "sqlserver"
    assert "RM.Version.dll" in env.sources["version"].text()
    env.coligada.setFocus()
    type_text(env.coligada, "1 - Empresa Modelo")
    assert state.answers.coligada == "1 - Empresa Modelo"
    click_next(qtbot, window)

    desc = window.wizard.page_widget(Page.DESCRIPTION)
    type_text(desc.title_edit, TITLE)
    type_text(desc.process, PROCESS)
    type_text(desc.expected, EXPECTED)
    click_box(qtbot, desc.users_buttons["all"])
    assert (state.answers.title, state.answers.process, state.answers.users_affected) == (TITLE, PROCESS, "all")
    click_next(qtbot, window)


def _review_and_send(qtbot, window, state):
    rev = window.wizard.page_widget(Page.REVIEW)
    qtbot.waitUntil(lambda: state.review.staged or bool(state.review.stage_error), timeout=60_000)
    assert not state.review.stage_error
    assert not state.missing_required()
    assert not rev.blocking.isVisible()
    click_box(qtbot, rev.consent)
    assert state.review.consent
    click_next(qtbot, window)
    send = window.wizard.page_widget(Page.SEND)
    assert send.account_label.text()  # signed in: no form to fill
    sent(qtbot, state, send.send_button)
    return send


@needs_screen
def test_full_flow_files_the_ticket_with_every_attachment(qtbot, portuguese, make_window, services, portal, account,
                                                          tmp_path):
    state = WizardState()
    window = make_window(services, state)
    _fill_environment_and_description(qtbot, window, state)

    # evidence: a real screenshot, a file dropped, an image pasted with Ctrl+V, the RMError found
    ev = window.wizard.page_widget(Page.EVIDENCE)
    qtbot.waitUntil(lambda: bool(ev.monitors) and ev.capture_button.isEnabled(), timeout=20_000)
    qtbot.mouseClick(ev.capture_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(state.files("screenshots")) and not state.capturing, timeout=20_000)
    assert window.isVisible()  # the wizard came back after hiding for the capture
    planilha = tmp_path / "Planilha de conferência.xlsx"
    planilha.write_bytes(b"PK\x03\x04" + os.urandom(3000))
    drop_files(ev, [planilha])
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#1565c0"))
    QGuiApplication.clipboard().setImage(image)
    window.activateWindow()
    ev.tree.setFocus()
    qtbot.keyClick(ev.tree, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(state.files("attachments")) == 2, timeout=20_000)
    origins = {e.origin for e in state.files("attachments")}
    assert origins == {"drop", "paste"}
    qtbot.waitUntil(lambda: not state.discovering and bool(state.files("rmerror")), timeout=30_000)
    assert state.files("logs")
    click_next(qtbot, window)

    # review: cover an area of the screenshot before sending
    rev = window.wizard.page_widget(Page.REVIEW)
    qtbot.waitUntil(lambda: state.review.staged or bool(state.review.stage_error), timeout=60_000)
    shot = next(i.path for i in rev.stage.items if i.kind == "screenshots")
    with qtbot.waitSignal(rev.apply_covers(shot, [Rect(0, 0, 50, 40)]).finished, timeout=20_000):
        pass
    covered = QImage(str(rev.stage.file_path(shot)))
    assert covered.pixelColor(10, 10) == QColor(0, 0, 0) and covered.pixelColor(45, 35) == QColor(0, 0, 0)
    rmerror = next(i.path for i in rev.stage.items if i.kind == "rmerror")
    text, spans, _ = services.preview(rev.stage, rmerror)
    assert "Segredo-Do-Alias-77" not in text and spans  # the preview marks what was redacted
    send = _review_and_send(qtbot, window, state)

    outcome = state.send.outcome
    assert outcome.status == "delivered", outcome.reason
    assert f"#{outcome.ticket_id}" in send.result.text() and "aberto" in send.result.text()
    assert not send.manual_button.isEnabled() and not send.send_button.isEnabled()  # sent: nothing to hand over
    with PortalClient(portal.url, account) as client:
        ticket = client.get_request(outcome.ticket_id)
        comments = client.list_comments(outcome.ticket_id)
    assert ticket["subject"] == TITLE
    body = comments[0]["body"]
    for fragment in ("2. Calcular a folha da coligada 1", EXPECTED, "Todos os usuários", "12.1.2406.145",
                     "SQL Server", "1 - Empresa Modelo"):
        assert fragment in body, fragment
    attachments = {a["file_name"]: a for c in comments for a in c.get("attachments") or []}
    assert any(n.endswith("-monitor1.png") for n in attachments), attachments
    archive = next(a for n, a in attachments.items() if n.startswith("diagnostico") and n.endswith(".zip"))
    data = requests.get(archive["content_url"], auth=account.auth(), timeout=30).content
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert "attachments/Planilha de conferência.xlsx" in names
        assert any(n.startswith("attachments/imagem-colada-") and n.endswith(".png") for n in names)
        assert any(n.startswith("rmerror/") for n in names) and any(n.startswith("logs/") for n in names)
        everything = b"".join(zf.read(n) for n in names)
    assert PLANTED_PASSWORD.encode() not in everything and b"Segredo-Do-Alias-77" not in everything
    png = next(a for n, a in attachments.items() if n.endswith("-monitor1.png"))
    sent = QImage.fromData(requests.get(png["content_url"], auth=account.auth(), timeout=30).content)
    assert sent.pixelColor(10, 10) == QColor(0, 0, 0)  # the covered area went covered


def test_portal_down_the_bundle_waits_in_the_outbox_and_goes_when_it_is_back(
        qtbot, portuguese, make_window, services, portal, account):
    state = WizardState()
    window = make_window(services, state)
    _fill_environment_and_description(qtbot, window, state)
    ev = window.wizard.page_widget(Page.EVIDENCE)
    qtbot.waitUntil(lambda: not state.discovering and bool(state.files("rmerror")), timeout=30_000)
    assert ev.tree.topLevelItemCount() >= 2
    click_next(qtbot, window)

    port = int(portal.url.rsplit(":", 1)[1])
    portal.stop()
    send = _review_and_send(qtbot, window, state)
    assert state.send.outcome.status == "queued", state.send.outcome
    assert "Guardado na fila de envio" in send.result.text()
    assert send.retry_button.isVisible()
    entries = Outbox().entries()
    assert [e.state for e in entries] == ["queued"]

    portal.start(port=port)
    send.retry_timer.stop()
    qtbot.mouseClick(send.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.send.outcome.status != "queued" and not state.send.sending, timeout=60_000)
    assert state.send.outcome.status == "delivered", state.send.outcome.reason
    assert Outbox().load(entries[0].id).state == "delivered"
    with PortalClient(portal.url, account) as client:
        assert client.get_request(state.send.outcome.ticket_id)["subject"] == TITLE
