"""The main window, "Meus chamados" (SPEC §1 "a dashboard", §8): the user's tickets with the portal's
status words, the last interaction, the next automatic change (a *previsão*) and unread replies; the
outbox with retry and drop; "Novo chamado" opens the wizard.

The data comes from :meth:`collector.ui.backend.Services.dashboard` (plain Python:
:mod:`collector.portal.dashboard`, :mod:`collector.portal.outbox_view`) on a worker thread; the
next automatic refresh waits what the portal asked (``Retry-After``) when it rate-limits us.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from collector.ui import tasks
from collector.ui.backend import Dashboard, Services
from collector.ui.top_window import (
    after_first_paint,
    bring_forward,
    demo_banner,
    place,
    save_geometry,
)

if TYPE_CHECKING:  # imported where used, after the first paint (see TicketsWindow)
    from datetime import datetime

    from PySide6.QtGui import QCloseEvent

    from collector.portal.dashboard import TicketRow
    from collector.ui.ticket_detail import TicketDetail

SHOWN_STALE_S = 30.0  # shown again after this long: refreshed
DEFAULT_SIZE = (1180, 680)  # what it asks for; a smaller screen gets less (top_window.place)


def _when(moment: datetime | None) -> str:
    """``dd/mm/aaaa hh:mm`` in local time (the dashboard's own format; imported after the first paint)."""
    from collector.portal.dashboard import local_time

    return local_time(moment)


def _item(text: str, bold: bool = False, data=None) -> QTableWidgetItem:
    from PySide6.QtCore import Qt  # after the first paint (see TicketsWindow)

    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if bold:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


class TicketsWindow(QWidget):
    """"Meus chamados". ``open_wizard`` is called by "Novo chamado" (the application owns the wizard).

    Built without touching ``Qt`` (the namespace): PySide creates all ~100 of its Python enums on the
    first touch, 17-28 ms that the first paint does not need (issue 18's cold-start bar). The few
    enum values the window needs are set by key through Qt's property system, as Designer's .ui
    files do. What runs only after the first paint imports its own classes (``Qt``, QMessageBox,
    QUrl, the dashboard's helpers): PySide makes each class on first touch, 1-4 ms apiece."""

    refreshed = Signal(object)  # the Dashboard of each finished refresh
    closed = Signal()

    def __init__(self, services: Services, settings: QSettings | None = None, demo: bool = False,
                 open_wizard: Callable[..., None] | None = None, auto_refresh: bool = True):
        super().__init__()
        self.setObjectName("TicketsWindow")
        self.services = services
        self.settings = settings
        self.open_wizard = open_wizard
        self.auto_refresh = auto_refresh
        self.data = Dashboard()
        self._task: tasks.Task | None = None
        self._shown_once = False
        self._refreshed_at = 0.0  # monotonic time of the last refresh shown
        self._read_here: dict[int, datetime | None] = {}  # opened here: ticket id -> its updated_at then
        self._not_before = 0.0  # monotonic time before which the portal asked us not to call
        self.details: dict[int, TicketDetail] = {}  # the open ticket windows, one per ticket
        self.setWindowTitle(self.tr("My tickets — RM Diagnostic Collector"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.banner = demo_banner(demo)
        layout.addWidget(self.banner)

        body = QVBoxLayout()
        body.setContentsMargins(12, 8, 12, 12)
        layout.addLayout(body, 1)
        bar = QHBoxLayout()
        title = QLabel(self.tr("My tickets"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        bar.addWidget(title)
        bar.addStretch(1)
        self.new_button = QPushButton(self.tr("&New ticket"))
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(self._new_ticket)
        self.sign_in_button = QPushButton(self.tr("&Sign in to the portal"))
        self.sign_in_button.clicked.connect(self.sign_in)
        self.sign_in_button.hide()
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        for button in (self.sign_in_button, self.refresh_button, self.new_button):
            bar.addWidget(button)
        body.addLayout(bar)
        self.status = QLabel()
        self.status.setObjectName("DashboardStatus")
        self.status.setWordWrap(True)
        body.addWidget(self.status)

        split = QSplitter()
        split.setProperty("orientation", "Vertical")  # by key, like a .ui file (see the class docstring)
        body.addWidget(split, 1)
        self.tickets = _table([self.tr("Ticket"), self.tr("Subject"), self.tr("Status"),
                               self.tr("Last interaction"), self.tr("Next change (forecast)"),
                               self.tr("New replies")])
        self.tickets.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tickets.cellDoubleClicked.connect(lambda row, _col: self.open_ticket(row))
        self.tickets.setToolTip(self.tr("Double-click a ticket (or press Enter) to open it"))
        enter = QShortcut(QKeySequence.fromString("Return", QKeySequence.SequenceFormat.PortableText), self.tickets)
        enter.setProperty("context", "WidgetShortcut")
        enter.activated.connect(lambda: self.open_ticket(self.tickets.currentRow()))
        tickets = QWidget()
        ticket_box = QVBoxLayout(tickets)
        ticket_box.setContentsMargins(0, 0, 0, 0)
        ticket_box.addWidget(self.tickets, 1)
        actions = QHBoxLayout()
        actions.addStretch(1)
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.clicked.connect(lambda: self.open_ticket(self.tickets.currentRow()))
        self.portal_button = QPushButton(self.tr("Open in the &portal"))
        self.portal_button.clicked.connect(lambda: self.open_in_portal(self.tickets.currentRow()))
        actions.addWidget(self.open_button)
        actions.addWidget(self.portal_button)
        ticket_box.addLayout(actions)
        self.tickets.itemSelectionChanged.connect(self._ticket_buttons)
        split.addWidget(tickets)

        outbox = QWidget()
        box = QVBoxLayout(outbox)
        box.setContentsMargins(0, 6, 0, 0)
        row = QHBoxLayout()
        self.queue_title = QLabel(self.tr("Send queue (not delivered yet)"))
        row.addWidget(self.queue_title)
        row.addStretch(1)
        self.retry_button = QPushButton(self.tr("Try &again"))
        self.retry_button.clicked.connect(self.retry_selected)
        self.drop_button = QPushButton(self.tr("&Discard"))
        self.drop_button.clicked.connect(self.drop_selected)
        row.addWidget(self.retry_button)
        row.addWidget(self.drop_button)
        box.addLayout(row)
        self.outbox = _table([self.tr("Created"), self.tr("Subject"), self.tr("Status"), self.tr("Attempts")])
        self.outbox.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.outbox_box = outbox
        self.outbox.itemSelectionChanged.connect(self._outbox_buttons)
        box.addWidget(self.outbox, 1)
        split.addWidget(outbox)
        split.setSizes([420, 160])
        self.split = split
        self._outbox_buttons()
        self._ticket_buttons()

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self).activated.connect(self.refresh)
        QShortcut(QKeySequence.fromString("Ctrl+Q", QKeySequence.SequenceFormat.PortableText),
                  self).activated.connect(self.close)
        place(self, settings, "tickets/geometry", DEFAULT_SIZE)

    # ------------------------------------------------------------------ refresh

    @property
    def loading(self) -> bool:
        return self._task is not None and self._task.running

    def refresh(self) -> None:
        """Reads the portal and the outbox off the GUI thread (not while the portal asked to wait)."""
        if self.loading:
            return
        wait = self._not_before - time.monotonic()
        if wait > 0:
            self.status.setText(self.tr("The portal asked to wait: next refresh in %1 s.").replace(
                "%1", str(int(wait) + 1)))
            return
        self.refresh_button.setEnabled(False)
        self.status.setText(self.tr("Updating…"))
        self._task = tasks.Task(self.services.dashboard, name="dashboard")
        self._task.done.connect(self._show)
        self._task.failed.connect(lambda failure: self._show(
            Dashboard(error=failure.message, signed_in=self.data.signed_in)))  # as last known
        self._task.start()

    def _show(self, data: Dashboard) -> None:
        data = self._keep_read(data)
        self.data = data
        self._refreshed_at = time.monotonic()
        self.refresh_button.setEnabled(True)
        self._fill_tickets(data)
        self._fill_outbox(data)
        from collector.portal.dashboard import refresh_delay

        delay = refresh_delay(data.exception)
        if data.exception is not None and getattr(data.exception, "retry_after", None):
            self._not_before = time.monotonic() + delay
        self.sign_in_button.setVisible(not data.signed_in)
        self._show_status(data)
        if self.auto_refresh and self.isVisible():
            self.timer.start(int(delay * 1000))
        self.refreshed.emit(data)

    def _show_status(self, data: Dashboard) -> None:
        signed_in = data.signed_in
        if data.error:
            self.status.setText(self.tr("Could not read your tickets: %1").replace("%1", data.error))
        elif not signed_in:
            self.status.setText(self.tr("Sign in to the portal to see your tickets."))
        elif not data.tickets:
            self.status.setText(self.tr("You have no tickets on this portal yet."))
        else:
            unread = sum(1 for t in data.tickets if t.unread)
            self.status.setText(self.tr("Tickets with new replies: %1.").replace("%1", str(unread)) if unread
                                else self.tr("No new replies."))

    def _mark_read(self, ticket_id: int) -> None:
        """The user opened the ticket (here or in the portal): its unread mark goes at once, without
        asking the portal again (the read mark is saved: the next refresh agrees)."""
        for row in self.data.tickets:
            if row.id == ticket_id:
                self._read_here[ticket_id] = row.updated_at
        self.data = self._keep_read(self.data)
        self._fill_tickets(self.data)
        self._show_status(self.data)

    def _keep_read(self, data: Dashboard) -> Dashboard:
        """What the user opened stays read: a refresh that started before the read mark was saved
        would bring the mark back. A ticket updated since (a new reply) is news again."""
        from dataclasses import replace

        if not self._read_here:
            return data
        rows = [replace(t, unread=0) if t.unread and self._read_here.get(t.id, False) == t.updated_at else t
                for t in data.tickets]
        self._read_here = {t.id: t.updated_at for t in data.tickets if self._read_here.get(t.id, False) == t.updated_at}
        return replace(data, tickets=rows)

    def _fill_tickets(self, data: Dashboard) -> None:
        table = self.tickets
        table.setRowCount(len(data.tickets))
        for index, row in enumerate(data.tickets):
            new = row.unread > 0
            cells = [f"#{row.id}", row.subject, row.status_label, _when(row.updated_at),
                     self._forecast(row), f"● {row.unread}" if new else ""]
            for column, text in enumerate(cells):
                table.setItem(index, column, _item(text, bold=new, data=row.id if column == 0 else None))
        if data.tickets:
            table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _forecast(self, row: TicketRow) -> str:
        change = row.next_change
        if change is None:
            return "—"
        return self.tr("%1 on %2").replace("%1", change.label).replace("%2", _when(change.due_at))

    def _fill_outbox(self, data: Dashboard) -> None:
        """The queue when something waits; one line saying it is empty otherwise (an empty table with
        its headers says nothing)."""
        table = self.outbox
        table.setRowCount(len(data.outbox))
        for index, row in enumerate(data.outbox):
            cells = [_when(row.created_at), row.subject, self._queue_state(row), str(row.attempts)]
            for column, text in enumerate(cells):
                table.setItem(index, column, _item(text, bold=row.phase == "failed",
                                                   data=row.id if column == 0 else None))
        waiting = bool(data.outbox)
        if waiting != table.isVisibleTo(self):  # the queue appears or empties: the tickets get the room
            for widget in (table, self.retry_button, self.drop_button):
                widget.setVisible(waiting)
            total = sum(self.split.sizes())
            queue = 160 if waiting else self.outbox_box.minimumSizeHint().height()
            self.split.setSizes([max(1, total - queue), queue])
        self.queue_title.setText(self.tr("Send queue (not delivered yet)") if waiting
                                 else self.tr("Send queue: nothing waiting to be sent."))
        self._outbox_buttons()

    def _queue_state(self, row) -> str:
        """The entry's state in the window's language (``collector outbox`` says it in Portuguese:
        :meth:`collector.portal.outbox_view.OutboxRow.describe`); a failure's reason is the portal
        client's own line."""
        if row.phase == "failed":
            return self.tr("failed: %1").replace("%1", row.reason) if row.reason else self.tr("failed")
        if row.phase == "queued" and row.next_attempt_at is not None:
            return self.tr("queued (next attempt on %1)").replace("%1", _when(row.next_attempt_at))
        return {
            "queued": self.tr("queued"),
            "uploading": self.tr("sending"),
            "filing": self.tr("filing the ticket"),
            "verifying": self.tr("checking whether the ticket was already filed"),
            "delivered": self.tr("delivered"),
            "signin": self.tr("waiting for you to sign in again (sign in to the portal to send it)"),
        }.get(row.phase, row.phase)

    # ------------------------------------------------------------------ tickets

    def _ticket_buttons(self) -> None:
        chosen = 0 <= self.tickets.currentRow() < len(self.data.tickets) and bool(self.tickets.selectedItems())
        self.open_button.setEnabled(chosen)
        self.portal_button.setEnabled(chosen)

    def open_ticket(self, index: int) -> TicketDetail | None:
        """Opens the ticket's window (one per ticket); it marks the ticket read when it has loaded."""
        if not 0 <= index < len(self.data.tickets):
            return None
        row = self.data.tickets[index]
        detail = self.details.get(row.id)
        if detail is None:
            from collector.ui.ticket_detail import TicketDetail

            detail = TicketDetail(self.services, row.id, seen=self.data.seen, settings=self.settings,
                                  reply=self._reply if self.open_wizard is not None else None)
            detail.closed.connect(lambda ticket=row.id: self.details.pop(ticket, None))
            if row.unread:
                detail.loaded.connect(self._read_once(detail, row.id))
            detail.answered.connect(lambda _outcome: self.refresh())
            self.details[row.id] = detail
            detail.show()
            detail.load()
        else:
            detail.bring_forward()
        return detail

    def _read_once(self, detail: TicketDetail, ticket_id: int):
        def read(data) -> None:
            detail.loaded.disconnect(read)
            if data is not None:  # loaded: the conversation is on screen, its replies are read
                self._mark_read(ticket_id)
        return read

    def open_in_portal(self, index: int) -> None:
        """Opens the ticket's page in the browser; its replies count as read from now on."""
        if not 0 <= index < len(self.data.tickets):
            return
        row = self.data.tickets[index]
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl(row.url))
        seen = self.data.seen
        if seen is not None and row.unread:
            task = tasks.Task(seen.mark_seen, row.id, row.updated_at, name="mark-seen")
            task.done.connect(lambda _result: self._mark_read(row.id))
            task.start()

    def _reply(self, ticket_id: int) -> None:
        """A reply with text and attachments: the wizard in complement mode for ``ticket_id`` (the sender
        files a follow-up request instead when the ticket is closed)."""
        if self.open_wizard is not None:
            self.open_wizard(ticket_id)

    def _new_ticket(self) -> None:
        if self.open_wizard is not None:
            self.open_wizard()

    def sign_in(self) -> None:
        self.sign_in_button.setEnabled(False)
        self.status.setText(self.tr("Sign in in the browser window that opened…"))
        task = tasks.Task(self.services.sign_in_browser, name="sign-in")
        def signed_in(_result) -> None:
            self.sign_in_button.setEnabled(True)
            self.refresh()

        def failed(failure) -> None:
            self.sign_in_button.setEnabled(True)
            self.status.setText(failure.message)

        task.done.connect(signed_in)
        task.failed.connect(failed)
        task.start()  # the task keeps itself alive until its signals are delivered

    # ------------------------------------------------------------------ outbox

    def _selected_outbox(self):
        rows = self.outbox.selectionModel().selectedRows() if self.outbox.selectionModel() else []
        if not rows or rows[0].row() >= len(self.data.outbox):
            return None
        return self.data.outbox[rows[0].row()]

    def _outbox_buttons(self) -> None:
        row = self._selected_outbox()
        self.retry_button.setEnabled(row is not None and row.can_retry)
        self.drop_button.setEnabled(row is not None and row.can_drop)

    def retry_selected(self) -> None:
        """Sends the selected bundle now (off the GUI thread), then refreshes."""
        row = self._selected_outbox()
        if row is None or not row.can_retry:
            return
        self.retry_button.setEnabled(False)
        self.status.setText(self.tr("Sending “%1”…").replace("%1", row.subject))
        services = self.services

        def send(entry_id: str, cancel=None):
            return services.send(services.retry_now(entry_id), cancel=cancel)

        task = tasks.Task(send, row.id, name="outbox-retry")
        task.done.connect(self._retried)
        task.failed.connect(lambda failure: self._then_say(failure.message))
        task.start()  # the task keeps itself alive until its signals are delivered

    def _retried(self, outcome) -> None:
        self._not_before = 0.0
        self.refresh()
        if outcome.status != "delivered" and outcome.reason:
            self.refreshed.connect(self._say_once(outcome.reason))

    def _say_once(self, text: str):
        def say(_data) -> None:
            self.refreshed.disconnect(say)
            self.status.setText(text)
        return say

    def drop_selected(self) -> None:
        from collector.portal.outbox_view import drop

        row = self._selected_outbox()
        if row is None or not row.can_drop:
            return
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(self, self.tr("Discard the bundle"), self.tr(
            "Discard the bundle \"%1\" from the send queue? Its files are deleted from this computer.").replace(
            "%1", row.subject))
        if answer != QMessageBox.StandardButton.Yes:
            return
        task = tasks.Task(lambda: drop(self.services.outbox(), row.id), name="outbox-drop")
        task.done.connect(self._then_say)
        task.failed.connect(lambda failure: self._then_say(failure.message))
        task.start()  # the task keeps itself alive until its signals are delivered

    def _then_say(self, text: str) -> None:
        """Refreshes, then shows ``text`` in the status line."""
        self.refreshed.connect(self._say_once(text))
        self.refresh()

    # ------------------------------------------------------------------ window

    def set_demo(self, demo: bool) -> None:
        self.banner.setVisible(demo)

    def bring_forward(self) -> None:
        bring_forward(self)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            after_first_paint(self, self.refresh)
        elif time.monotonic() - self._refreshed_at > SHOWN_STALE_S:
            self.refresh()  # brought back from the tray: what changed meanwhile (the tray does not re-list)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.timer.stop()
        if self._task is not None and self._task.running:
            self._task.cancel()
        for detail in list(self.details.values()):
            detail.close()
        save_geometry(self, self.settings, "tickets/geometry")
        event.accept()
        self.closed.emit()
