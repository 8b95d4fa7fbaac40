"""The English main window and ticket window (issue 16: "the English UI has no Portuguese left except
the ticket text"): what the collector itself writes there is English; the portal's data (subjects,
messages, names) is the user's and the analyst's text and is left out of the check, and so are the status
words: they are the portal's own end-user labels ("Validação Cliente"), in the help center's language."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTableWidget

from collector.portal import request_doc
from collector.ui import i18n, tasks
from collector.ui.app import Windows
from tests.bundle.factory import make_bundle
from tests.portal.test_conversation import agent_reply
from tests.ui.test_english import PORTUGUESE, portuguese_in
from tests.ui.test_ticket_detail import file_ticket, opened, shown


@pytest.fixture
def english_windows(qtbot, qapp, services):
    i18n.install(qapp, "en")
    made = Windows(services, None, demo=False, auto_refresh=False)
    qtbot.addWidget(made.tickets)
    yield made
    made.force_close()
    assert tasks.wait_all(60_000)
    i18n.install(qapp, "en")


def headers(table: QTableWidget) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def test_no_portuguese_left_in_the_english_main_and_ticket_windows(qtbot, english_windows, portal, account,
                                                                   services, tmp_path):
    windows = english_windows
    make_bundle(tmp_path / "b.zip")
    services.outbox().enqueue(tmp_path / "b.zip")  # one bundle waiting in the send queue
    ticket = file_ticket(portal, account, "Payroll run fails")
    block = request_doc.build(ticket, ["config", "logs"], since="2d", note="After running it again").to_block()
    agent_reply(portal, ticket, "We need the diagnostic bundle:\n" + block)
    shown(qtbot, windows)
    main = windows.tickets
    assert main.windowTitle() == "My tickets — RM Diagnostic Collector"
    found = portuguese_in(main, skip=(main.tickets,))
    found += [("header", h) for h in headers(main.tickets) + headers(main.outbox) if PORTUGUESE.search(h)]
    assert found == []
    assert main.outbox.rowCount() == 1 and main.outbox.item(0, 2).text() == "queued"

    detail = opened(qtbot, windows, ticket)
    contents = tuple(m.body for m in detail.messages) + tuple(m.author for m in detail.messages
                                                              if "(" in m.author.text())
    leftovers = portuguese_in(detail, skip=contents)
    assert leftovers == [], leftovers
    assert "The analyst asked for:" in detail.request_text.text()
