"""The main window "Meus chamados" against the local portal: statuses and previsões, unread replies,
the outbox retrying, "Novo chamado" opening the wizard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from collector.portal import errors
from collector.portal.auth import Credentials
from collector.portal.client import PortalClient
from collector.portal.local.testing import session
from collector.portal.outbox import Outbox
from collector.portal.rules_preview import parse_time
from collector.portal.sender import Sender
from collector.ui import tasks
from collector.ui.app import Windows
from collector.ui.tickets_window import TicketsWindow
from tests.bundle.factory import make_bundle


@pytest.fixture
def window(qtbot, services, portuguese):
    made = []

    def make(**kwargs) -> TicketsWindow:
        win = TicketsWindow(services, auto_refresh=False, **kwargs)
        qtbot.addWidget(win)
        made.append(win)
        return win

    yield make
    for win in made:
        win.close()
    assert tasks.wait_all(30_000)


def refreshed(qtbot, win: TicketsWindow, start=None):
    with qtbot.waitSignal(win.refreshed, timeout=60_000) as blocker:
        (start or win.show)()
    return blocker.args[0]


def cells(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_tickets_with_portal_statuses_previsoes_and_unread(qtbot, window, portal, account):
    with PortalClient(portal.url, account) as client:
        folha = client.create_request("Folha não calcula", "texto")["id"]
        quieto = client.create_request("Sem novidade", "texto")["id"]
    win = window()
    first = refreshed(qtbot, win)
    assert win.windowTitle() == "Meus chamados — Coletor de Diagnóstico RM"
    assert {t.id for t in first.tickets} == {quieto, folha} and win.tickets.rowCount() == 2

    agent = portal.accounts["agent"]
    with session(portal.url, agent["email"], agent["token"]) as s:
        s.put(f"{portal.url}/api/v2/tickets/{folha}",
              json={"ticket": {"status": "pending", "comment": {"body": "Precisamos do log."}}}).raise_for_status()
    data = refreshed(qtbot, win, win.refresh)
    at = {win.tickets.item(r, 0).text(): r for r in range(win.tickets.rowCount())}
    row, other = at[f"#{folha}"], at[f"#{quieto}"]
    top = cells(win.tickets, row)
    assert top[2] == "Pendente" and top[5] == "● 1"
    assert top[4].startswith("Validação Cliente em ")
    ticket = next(t for t in data.tickets if t.id == folha)
    due = ticket.next_change.due_at
    assert due == parse_time(ticket.updated_at) + timedelta(days=7)
    assert top[4].endswith(due.astimezone().strftime("%d/%m/%Y %H:%M"))
    assert win.tickets.item(row, 0).font().bold() and not win.tickets.item(other, 0).font().bold()
    assert cells(win.tickets, other)[4] == "—" and cells(win.tickets, other)[5] == ""
    assert win.status.text() == "Chamados com respostas novas: 1."


def test_outbox_view_retrying(qtbot, window, services, portal, tmp_path):
    make_bundle(tmp_path / "b.zip")
    outbox = services.outbox()
    entry = outbox.enqueue(tmp_path / "b.zip")
    bad = PortalClient(portal.url, Credentials(portal.accounts["end-user"]["email"], "wrong-token"))
    with bad, pytest.raises(errors.AuthenticationFailed):
        Sender(bad, Outbox(outbox.root)).send(entry)
    win = window()
    refreshed(qtbot, win)
    assert win.outbox.rowCount() == 1 and win.outbox.isVisible()
    assert win.queue_title.text() == "Fila de envio (ainda não entregue)"
    assert cells(win.outbox, 0)[0][:2].isdigit()  # when it was created, not an id that means nothing
    state = cells(win.outbox, 0)[2]
    assert state.startswith("falhou: ") and "wrong-token" not in state
    assert not win.retry_button.isEnabled()
    win.outbox.selectRow(0)
    assert win.retry_button.isEnabled() and win.drop_button.isEnabled()
    with qtbot.waitSignal(win.refreshed, timeout=120_000, check_params_cb=lambda d: not d.outbox):
        qtbot.mouseClick(win.retry_button, Qt.MouseButton.LeftButton)
    assert win.outbox.rowCount() == 0
    assert win.outbox.isHidden() and win.retry_button.isHidden()  # an empty queue is one line
    assert win.queue_title.text() == "Fila de envio: nada aguardando envio."
    delivered = outbox.load(entry.id)
    assert delivered.state == "delivered"
    assert any(t.id == delivered.request_id for t in win.data.tickets)


def test_new_ticket_opens_the_wizard(qtbot, services, portuguese):
    windows = Windows(services, None, demo=False, auto_refresh=False)
    qtbot.addWidget(windows.tickets)
    with qtbot.waitSignal(windows.tickets.refreshed, timeout=60_000):
        windows.tickets.show()
    qtbot.mouseClick(windows.tickets.new_button, Qt.MouseButton.LeftButton)
    wizard = windows.wizard
    assert wizard is not None and wizard.isVisible()
    assert wizard.windowTitle() == "Novo chamado — Coletor de Diagnóstico RM"
    assert windows.new_ticket() is wizard  # one wizard at a time
    with qtbot.waitSignal(windows.tickets.refreshed, timeout=60_000):
        wizard.force_close()
    assert windows.wizard is None
    windows.tickets.close()
    assert tasks.wait_all(30_000)


def test_fits_a_1024x768_screen(qtbot, window):
    """It asks for 1180x680 and gets what its screen has (every screen: tests/ui/test_screen_fit.py);
    nothing in it needs more than a 1024x768 screen."""
    from collector.ui.screen_fit import fits

    win = window()
    refreshed(qtbot, win)
    assert fits(win)
    assert win.minimumSizeHint().width() <= 1024 and win.minimumSizeHint().height() <= 700


def test_what_is_set_by_key_before_the_first_paint_took(qtbot, window):
    """The window sets a few enum values by key (no Qt namespace before the first paint): the split
    is vertical, the demo banner centred, Enter opens a ticket only from the table, Ctrl+Q closes."""
    from PySide6.QtGui import QShortcut
    from PySide6.QtWidgets import QSplitter

    win = window(demo=True)
    refreshed(qtbot, win)
    assert win.findChild(QSplitter).orientation() == Qt.Orientation.Vertical
    assert win.banner.isVisible() and win.banner.alignment() == Qt.AlignmentFlag.AlignCenter
    shortcuts = {s.key().toString(): s for s in win.findChildren(QShortcut)}
    assert shortcuts["Return"].context() == Qt.ShortcutContext.WidgetShortcut
    assert shortcuts["Return"].parent() is win.tickets
    assert "Ctrl+Q" in shortcuts
    with qtbot.waitSignal(win.closed, timeout=5000):
        shortcuts["Ctrl+Q"].activated.emit()


def test_shown_again_after_a_while_it_refreshes(qtbot, window):
    """Brought back from the tray (the tray's notices no longer re-list a hidden window)."""
    win = window()
    refreshed(qtbot, win)
    win.hide()
    win.show()
    assert not win.loading  # just refreshed: nothing asked again
    win.hide()
    win._refreshed_at -= 60  # a minute later
    refreshed(qtbot, win)
