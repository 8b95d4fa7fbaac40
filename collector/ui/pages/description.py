"""Descrição: title (with knowledge-base suggestions), steps, expected behaviour, particularities,
since when (and the versions around an update), one user or all. Or: a complement to a ticket."""

from __future__ import annotations

import html
from datetime import datetime
from functools import partial

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
)

from collector.core.wizard import Mode, Page
from collector.ui.common import hint
from collector.ui.pages.base import BasePage
from collector.ui.tasks import Task

SEARCH_DELAY_MS = 500
MIN_QUERY = 4


def _text_box(placeholder: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    height = box.fontMetrics().lineSpacing() * lines + 12
    box.setMinimumHeight(height)
    box.setMaximumHeight(height * 2)
    return box


class DescriptionPage(BasePage):
    page_id = Page.DESCRIPTION

    def __init__(self, state, services, parent=None):
        super().__init__(state, services, parent)
        self.setTitle(self.tr("Description"))
        self.setSubTitle(self.tr("Tell support what happened. You may also capture the evidence first and come "
                                 "back here: only sending requires the checklist."))
        self._loading = False
        self._search_task: Task | None = None
        self._last_query = ""
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self._search)
        form = self._scrolling_form()
        self._build_mode(form)
        self._build_title(form)
        self._build_texts(form)
        self._build_since(form)
        self._build_users(form)
        self._connect()

    def _scrolling_form(self) -> QVBoxLayout:
        """The page's fields (the page's body scrolls on small screens, ``BasePage``)."""
        return self.body

    def _build_mode(self, form: QVBoxLayout) -> None:
        """New ticket or complement."""
        mode_row = QHBoxLayout()
        self.new_ticket = QRadioButton(self.tr("New tic&ket"))
        self.complement = QRadioButton(self.tr("&Complement to ticket no."))
        self.ticket_id = QLineEdit()
        self.ticket_id.setValidator(QIntValidator(1, 2_000_000_000, self))
        self.ticket_id.setPlaceholderText(self.tr("e.g. 12345"))
        self.ticket_id.setMaximumWidth(140)
        self.ticket_id.setAccessibleName(self.tr("Ticket number"))
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.new_ticket)
        self.mode_group.addButton(self.complement)
        mode_row.addWidget(self.new_ticket)
        mode_row.addSpacing(16)
        mode_row.addWidget(self.complement)
        mode_row.addWidget(self.ticket_id)
        mode_row.addStretch(1)
        form.addLayout(mode_row)
        self.mode_hint = hint(self.tr("A complement adds this description and the evidence to a ticket you "
                                      "already opened; only the ticket number is required."))
        form.addWidget(self.mode_hint)

    def _build_title(self, form: QVBoxLayout) -> None:
        self.title_label = QLabel(self.tr("&Title:"))
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("e.g. Error when calculating vacation pay in Labore"))
        self.title_edit.setMaxLength(150)
        self.title_label.setBuddy(self.title_edit)
        form.addWidget(self.title_label)
        form.addWidget(self.title_edit)
        self.suggestions = QLabel()
        self.suggestions.setWordWrap(True)
        self.suggestions.setOpenExternalLinks(True)
        self.suggestions.setTextFormat(Qt.TextFormat.RichText)
        self.suggestions.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.suggestions.setStyleSheet("QLabel { background: #eef4fb; border: 1px solid #c5d7ee; "
                                       "border-radius: 4px; padding: 6px; }")
        self.suggestions.hide()
        form.addWidget(self.suggestions)

    def _build_texts(self, form: QVBoxLayout) -> None:
        self.process_label = QLabel(self.tr("&Steps taken, one by one:"))
        self.process = _text_box(self.tr("1. Open Labore, menu Movimentação > Férias\n2. Select the employee "
                                         "and click Calcular\n3. The error message appears"), 4)
        self.process_label.setBuddy(self.process)
        form.addWidget(self.process_label)
        form.addWidget(self.process)

        pair = QGridLayout()
        pair.setHorizontalSpacing(12)
        self.expected_label = QLabel(self.tr("&Expected behaviour:"))
        self.expected = _text_box(self.tr("What should have happened"), 2)
        self.expected_label.setBuddy(self.expected)
        self.particular_label = QLabel(self.tr("&Particularities (optional):"))
        self.particularities = _text_box(self.tr("Anything special about this scenario: a specific employee, "
                                                 "period, parameter…"), 2)
        self.particular_label.setBuddy(self.particularities)
        pair.addWidget(self.expected_label, 0, 0)
        pair.addWidget(self.particular_label, 0, 1)
        pair.addWidget(self.expected, 1, 0)
        pair.addWidget(self.particularities, 1, 1)
        form.addLayout(pair)

    def _build_since(self, form: QVBoxLayout) -> None:
        since_row = QHBoxLayout()
        self.since_known = QCheckBox(self.tr("It &happens since:"))
        self.since = QDateTimeEdit()
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("dd/MM/yyyy HH:mm")
        # empty until the user says since when (issue 16): the minimum shows as a dash, not as "now"
        self.since.setMinimumDateTime(QDateTime(QDate(2000, 1, 1), QTime(0, 0)))
        self.since.setSpecialValueText("—")
        self.since.setDateTime(self.since.minimumDateTime())
        self.since.setMaximumDateTime(QDateTime.currentDateTime().addDays(1))
        self.since.setAccessibleName(self.tr("Since when"))
        self.after_update = QCheckBox(self.tr("after an &update, from version"))
        self.version_before = QLineEdit()
        self.version_before.setPlaceholderText("12.1.2402")
        self.version_before.setAccessibleName(self.tr("Version before the update"))
        self.version_before.setMaximumWidth(130)
        to_label = QLabel(self.tr("to"))
        self.version_after = QLineEdit()
        self.version_after.setPlaceholderText("12.1.2406")
        self.version_after.setAccessibleName(self.tr("Version after the update"))
        self.version_after.setMaximumWidth(130)
        since_row.addWidget(self.since_known)
        since_row.addWidget(self.since)
        since_row.addSpacing(12)
        since_row.addWidget(self.after_update)
        since_row.addWidget(self.version_before)
        since_row.addWidget(to_label)
        since_row.addWidget(self.version_after)
        since_row.addStretch(1)
        form.addLayout(since_row)

    def _build_users(self, form: QVBoxLayout) -> None:
        users_row = QHBoxLayout()
        users_label = QLabel(self.tr("Who is affected:"))
        self.users_group = QButtonGroup(self)
        self.users_buttons = {}
        for key, text in (("one", self.tr("only &one user")), ("some", self.tr("so&me users")),
                          ("all", self.tr("&all users"))):
            button = QRadioButton(text)
            self.users_group.addButton(button)
            self.users_buttons[key] = button
        users_row.addWidget(users_label)
        for button in self.users_buttons.values():
            users_row.addWidget(button)
        users_row.addStretch(1)
        form.addLayout(users_row)
        form.addStretch(1)
        # Tab from the title goes to the steps; the knowledge-base links come last in the chain
        self.setTabOrder(self.title_edit, self.process)
        self.setTabOrder(self.users_buttons["all"], self.suggestions)

    def first_field(self):
        """Where the keyboard starts on this page."""
        return self.ticket_id if self.state.mode == Mode.COMPLEMENT and not self.ticket_id.text() else self.title_edit

    def _connect(self) -> None:
        self.new_ticket.toggled.connect(self._mode_changed)
        self.ticket_id.textEdited.connect(self._ticket_changed)
        self.title_edit.textEdited.connect(self._title_changed)
        self.process.textChanged.connect(lambda: self._set("process", self.process.toPlainText()))
        self.expected.textChanged.connect(lambda: self._set("expected", self.expected.toPlainText()))
        self.particularities.textChanged.connect(
            lambda: self._set("particularities", self.particularities.toPlainText()))
        self.since_known.toggled.connect(self._since_changed)
        self.since.dateTimeChanged.connect(self._since_changed)
        self.after_update.toggled.connect(self._update_changed)
        self.version_before.textEdited.connect(lambda t: self._set("version_before", t.strip()))
        self.version_after.textEdited.connect(lambda t: self._set("version_after", t.strip()))
        for key, button in self.users_buttons.items():
            button.toggled.connect(partial(self._users_toggled, key))

    def _users_toggled(self, key: str, on: bool) -> None:
        if on:
            self._set("users_affected", key)

    # ------------------------------------------------------------------ state <-> widgets

    def initializePage(self) -> None:  # noqa: N802
        self.load()
        self.refresh_status()

    def load(self) -> None:
        self._loading = True
        try:
            a = self.state.answers
            complement = self.state.mode == Mode.COMPLEMENT
            (self.complement if complement else self.new_ticket).setChecked(True)
            self.ticket_id.setText(str(a.ticket_id) if a.ticket_id else "")
            self.ticket_id.setEnabled(complement)
            self.title_edit.setText(a.title)
            self._set_plain(self.process, a.process)
            self._set_plain(self.expected, a.expected)
            self._set_plain(self.particularities, a.particularities)
            self.since_known.setChecked(bool(a.since))
            self.since.setEnabled(bool(a.since))
            if not a.since:
                self.since.setDateTime(self.since.minimumDateTime())
            else:
                try:
                    self.since.setDateTime(QDateTime.fromString(a.since[:16], "yyyy-MM-ddTHH:mm"))
                except (TypeError, ValueError):
                    pass
            self.after_update.setChecked(a.since_after_update)
            self.version_before.setText(a.version_before)
            self.version_after.setText(a.version_after or (self.state.effective("version") if
                                                           a.since_after_update else ""))
            self.version_before.setEnabled(a.since_after_update)
            self.version_after.setEnabled(a.since_after_update)
            for key, button in self.users_buttons.items():
                button.setChecked(a.users_affected == key)
            self._labels_for_mode()
        finally:
            self._loading = False

    @staticmethod
    def _set_plain(box: QPlainTextEdit, text: str) -> None:
        if box.toPlainText() != text:
            box.setPlainText(text)

    def _labels_for_mode(self) -> None:
        complement = self.state.mode == Mode.COMPLEMENT
        self.title_label.setText(self.tr("&Title (optional for a complement):") if complement
                                 else self.tr("&Title:"))
        self.process_label.setText(self.tr("&What is new, or what the analyst asked for:") if complement
                                   else self.tr("&Steps taken, one by one:"))

    def _set(self, key: str, value) -> None:
        if self._loading:
            return
        setattr(self.state.answers, key, value)
        self.refresh_status()

    def _mode_changed(self, new: bool) -> None:
        if self._loading:
            return
        ticket = self._ticket_number()
        self.state.set_mode(Mode.NEW if new else Mode.COMPLEMENT, None if new else ticket)
        self.ticket_id.setEnabled(not new)
        if not new:
            self.ticket_id.setFocus()
        self._labels_for_mode()
        self.refresh_status()

    def _ticket_number(self) -> int | None:
        text = self.ticket_id.text().strip()
        return int(text) if text.isdigit() and int(text) > 0 else None

    def _ticket_changed(self, _text: str) -> None:
        if self.state.mode == Mode.COMPLEMENT:
            self.state.answers.ticket_id = self._ticket_number()
        self.refresh_status()

    def _since_changed(self, *_args) -> None:
        self.since.setEnabled(self.since_known.isChecked())
        if self._loading:
            return
        if self.since_known.isChecked():
            if self.since.dateTime() == self.since.minimumDateTime():  # ticked: start from now, to adjust
                self._loading = True
                try:
                    self.since.setDateTime(QDateTime.currentDateTime())
                finally:
                    self._loading = False
            when = self.since.dateTime().toPython()
            if isinstance(when, datetime):
                self.state.answers.since = when.astimezone().isoformat(timespec="minutes")
        else:
            self.state.answers.since = None
        self.refresh_status()

    def _update_changed(self, on: bool) -> None:
        self.version_before.setEnabled(on)
        self.version_after.setEnabled(on)
        if self._loading:
            return
        self.state.answers.since_after_update = on
        if on and not self.version_after.text():
            current = self.state.effective("version")
            if current:
                self.version_after.setText(current)
                self.state.answers.version_after = current
        if on and not self.since_known.isChecked():
            self.since_known.setChecked(True)
        self.refresh_status()

    # ------------------------------------------------------------------ knowledge base

    def _title_changed(self, text: str) -> None:
        self._set("title", text.strip())
        self.search_timer.start()  # restarts: searches only when typing pauses

    def _search(self) -> None:
        query = self.title_edit.text().strip()
        if len(query) < MIN_QUERY or not self.services.portal.url:
            if len(query) < MIN_QUERY:
                self.suggestions.hide()
            return
        if query == self._last_query:
            return
        self._last_query = query
        task = Task(self.services.search_articles, query, name="kb-search")
        task.done.connect(lambda results, q=query: self._show_suggestions(q, results))
        task.failed.connect(lambda _failure: None)  # suggestions are a nicety: a failure shows nothing
        self._search_task = task.start()

    def _show_suggestions(self, query: str, results: list[dict]) -> None:
        if query != self.title_edit.text().strip():
            return  # the user kept typing: a newer search is coming
        if not results:
            self.suggestions.hide()
            return
        links = "".join(
            f'<li><a href="{html.escape(r.get("html_url") or "", quote=True)}">{html.escape(r.get("title") or "")}'
            f"</a></li>" for r in results if r.get("html_url"))
        header = html.escape(self.tr("These knowledge-base articles may already answer it "
                                     "(they open in the browser):"))
        self.suggestions.setText(f"<b>{header}</b><ul style='margin:2px 0 0 -20px'>{links}</ul>")
        self.suggestions.show()
