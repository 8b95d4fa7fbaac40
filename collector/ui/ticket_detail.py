"""One ticket, opened from "Meus chamados" (SPEC §8): the public conversation (analyst or you, date,
attachments with their size and a button that opens them in the browser), "Responder com anexos…"
(the wizard in complement mode; a closed ticket gets a follow-up request), the satisfaction survey
after *Resolvido*, and — when the analyst asked for something — "O analista pediu: …" with one
button that collects exactly that, shows what would be sent (redacted) and asks for consent first.

The data is :class:`collector.portal.conversation.Conversation`, read on a worker thread
(:meth:`collector.ui.backend.Services.ticket_detail`); opening the ticket marks it read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from collector.core.kinds import Kind
from collector.portal import dashboard, request_doc
from collector.ui import tasks
from collector.ui.backend import Services
from collector.ui.common import AMBER, BLUE, GREY, human_size, kind_label
from collector.ui.screen_fit import keep_on_screen
from collector.ui.top_window import bring_forward, place, save_geometry, step_aside

if TYPE_CHECKING:  # the conversation model (and the collection it knows) loads on the worker thread
    from collector.portal.conversation import Conversation, Message

DEFAULT_SIZE = (820, 640)  # fits a 1024x768 screen with its task bar


def _bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


class MessageView(QFrame):
    """One public comment: who and when, the text, each attachment with its size and "Abrir"."""

    def __init__(self, message: Message, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("MessageView")
        self.message = message
        self.setFrameShape(QFrame.Shape.StyledPanel)
        colour = "#eef4fb" if message.by_agent else "#f6f6f6"
        self.setStyleSheet(f"QFrame#MessageView {{ background: {colour}; border-radius: 4px; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        who = (self.tr("%1 (analyst)").replace("%1", message.author) if message.by_agent else
               self.tr("You") if message.mine else message.author)
        head = QHBoxLayout()
        self.author = _bold(QLabel(who))
        self.author.setStyleSheet(f"color: {BLUE};" if message.by_agent else "")
        head.addWidget(self.author)
        head.addStretch(1)
        self.when = QLabel(dashboard.local_time(message.created_at))
        self.when.setStyleSheet(f"color: {GREY};")
        head.addWidget(self.when)
        layout.addLayout(head)
        body = request_doc.without_blocks(message.body, self.tr("[diagnostic request for the collector]"))
        self.body = QLabel(body.strip())
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.body)
        self.open_buttons: list[QPushButton] = []
        for attachment in message.attachments:
            row = QHBoxLayout()
            icon = QLabel()
            icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon).pixmap(16, 16))
            row.addWidget(icon)
            name = QLabel(attachment.name)
            name.setToolTip(attachment.content_type)
            row.addWidget(name)
            size = QLabel(human_size(attachment.size))
            size.setStyleSheet(f"color: {GREY};")
            row.addWidget(size)
            row.addStretch(1)
            button = QPushButton(self.tr("Open"))
            button.setToolTip(self.tr("Opens or downloads the attachment in the browser"))
            button.clicked.connect(lambda _checked=False, url=attachment.url: QDesktopServices.openUrl(QUrl(url)))
            row.addWidget(button)
            self.open_buttons.append(button)
            layout.addLayout(row)


class AnswerReview(QDialog):
    """What answering the analyst would send (redacted), and the consent before anything leaves."""

    def __init__(self, text: str, ticket_id: int, parent: QWidget | None = None, recording_asked: bool = False):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Review what will be sent"))
        self.resize(720, 480)
        keep_on_screen(self)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("This is what will be attached to ticket #%1, already redacted (secrets and "
                               "personal data masked). Nothing has been sent yet.").replace("%1", str(ticket_id)))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.recording_note = QLabel(self.tr("The analyst also asked for a screen recording: record it and send it "
                                             "with “Reply with attachments…” (the wizard records the screen)."))
        self.recording_note.setWordWrap(True)
        self.recording_note.setVisible(recording_asked)
        layout.addWidget(self.recording_note)
        self.summary = QPlainTextEdit(text)
        self.summary.setReadOnly(True)
        layout.addWidget(self.summary, 1)
        self.consent = QCheckBox(self.tr("I &reviewed the content and I am authorized to send it"))
        layout.addWidget(self.consent)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send_button = self.buttons.addButton(self.tr("&Send"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.setEnabled(False)
        self.consent.toggled.connect(self.send_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


class TicketDetail(QWidget):
    """The ticket's window. ``reply`` opens the wizard in complement mode for this ticket."""

    loaded = Signal(object)  # the Conversation of each finished load (or None after a failure)
    answered = Signal(object)  # the SendOutcome of "Enviar o que o analista pediu"
    rated = Signal(str)  # the score the portal recorded
    closed = Signal()

    def __init__(self, services: Services, ticket_id: int, seen=None, settings: QSettings | None = None,
                 reply: Callable[[int], None] | None = None):
        super().__init__()
        self.setObjectName("TicketDetail")
        self.services = services
        self._back: Callable[[], None] | None = None  # brings back what stepped aside for a screenshot
        self.ticket_id = int(ticket_id)
        self.seen = seen
        self.settings = settings
        self.reply = reply
        self.data: Conversation | None = None
        self._task: tasks.Task | None = None
        self._work: tasks.Task | None = None
        self.review: AnswerReview | None = None
        self.messages: list[MessageView] = []
        self._sticky = ""  # a result the next load must not hide (what was just sent)
        self.setWindowTitle(self.tr("Ticket #%1 — RM Diagnostic Collector").replace("%1", str(self.ticket_id)))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        top = QHBoxLayout()
        self.title = _bold(QLabel(f"#{self.ticket_id}"), 1.3)
        self.title.setWordWrap(True)
        top.addWidget(self.title, 1)
        self.portal_button = QPushButton(self.tr("Open in the &portal"))
        self.portal_button.clicked.connect(self.open_in_portal)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(self.load)
        top.addWidget(self.portal_button)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.status_label = QLabel()
        layout.addWidget(self.status_label)

        # the analyst's request
        self.request_box = QFrame()
        self.request_box.setObjectName("AnalystRequest")
        self.request_box.setStyleSheet(f"QFrame#AnalystRequest {{ border: 2px solid {AMBER}; border-radius: 4px; }}")
        box = QVBoxLayout(self.request_box)
        self.request_text = QLabel()
        self.request_text.setWordWrap(True)
        box.addWidget(self.request_text)
        row = QHBoxLayout()
        self.answer_button = QPushButton(self.tr("Send &what the analyst asked for"))
        self.answer_button.clicked.connect(self.answer_request)
        row.addWidget(self.answer_button)
        row.addStretch(1)
        box.addLayout(row)
        self.request_box.hide()
        layout.addWidget(self.request_box)

        # the conversation
        self.conversation_area = QScrollArea()
        self.conversation_area.setWidgetResizable(True)
        self.conversation_box = QWidget()
        self.conversation_layout = QVBoxLayout(self.conversation_box)
        self.conversation_layout.addStretch(1)
        self.conversation_area.setWidget(self.conversation_box)
        layout.addWidget(self.conversation_area, 1)

        # the survey
        self.survey_box = QFrame()
        self.survey_box.setObjectName("Survey")
        self.survey_box.setFrameShape(QFrame.Shape.StyledPanel)
        survey = QHBoxLayout(self.survey_box)
        self.survey_question = QLabel(self.tr("How was the support on this ticket?"))
        survey.addWidget(self.survey_question)
        self.good = QRadioButton(self.tr("&Good"))
        self.bad = QRadioButton(self.tr("B&ad"))
        self.scores = QButtonGroup(self)
        self.scores.addButton(self.good)
        self.scores.addButton(self.bad)
        survey.addWidget(self.good)
        survey.addWidget(self.bad)
        self.survey_comment = QLineEdit()
        self.survey_comment.setPlaceholderText(self.tr("Comment (optional)"))
        survey.addWidget(self.survey_comment, 1)
        self.rate_button = QPushButton(self.tr("Send &rating"))
        self.rate_button.setEnabled(False)
        self.rate_button.clicked.connect(self.rate)
        self.scores.buttonToggled.connect(lambda *_: self.rate_button.setEnabled(self.scores.checkedButton() is not None))
        survey.addWidget(self.rate_button)
        self.survey_portal_button = QPushButton(self.tr("Answer the survey in the portal"))
        self.survey_portal_button.clicked.connect(self.open_in_portal)
        survey.addWidget(self.survey_portal_button)
        self.survey_box.hide()
        layout.addWidget(self.survey_box)

        bottom = QHBoxLayout()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("DetailStatus")
        bottom.addWidget(self.note, 1)
        self.reply_button = QPushButton(self.tr("Re&ply with attachments…"))
        self.reply_button.clicked.connect(self._reply)
        self.reply_button.setEnabled(False)
        bottom.addWidget(self.reply_button)
        layout.addLayout(bottom)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self).activated.connect(self.load)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self).activated.connect(self.close)
        place(self, settings, "detail/geometry", DEFAULT_SIZE)

    # ------------------------------------------------------------------ load

    @property
    def busy(self) -> bool:
        return self._work is not None and self._work.running

    def load(self) -> None:
        """Reads the ticket off the GUI thread; marks it read when it arrives."""
        if self._task is not None and self._task.running:
            return
        self.refresh_button.setEnabled(False)
        if not self._sticky:
            self.note.setText(self.tr("Reading the ticket…"))
        self._task = tasks.Task(self.services.ticket_detail, self.ticket_id, self.seen, name="ticket-detail")
        self._task.done.connect(self._show)
        self._task.failed.connect(self._failed)
        self._task.start()

    def _failed(self, failure) -> None:
        self.refresh_button.setEnabled(True)
        self.note.setText(self.tr("Could not read the ticket: %1").replace("%1", failure.message))
        self.loaded.emit(None)

    def _show(self, data: Conversation) -> None:
        self.data = data
        self.refresh_button.setEnabled(True)
        self.title.setText(f"#{data.id} — {data.subject}")
        self.status_label.setText(self.tr("Status: %1 · last interaction %2").replace("%1", data.status_label)
                                  .replace("%2", dashboard.local_time(data.updated_at)))
        self._fill_messages(data)
        self._show_request(data)
        self._show_survey(data)
        self.reply_button.setEnabled(self.reply is not None)
        if data.closed:
            self.reply_button.setText(self.tr("&Follow-up ticket…"))
            self.reply_button.setToolTip(self.tr("This ticket is closed: what you send opens a follow-up ticket "
                                                 "linked to it."))
            self.note.setText(self.tr("This ticket is closed: a reply becomes a follow-up ticket."))
        else:
            self.reply_button.setText(self.tr("Re&ply with attachments…"))
            self.reply_button.setToolTip(self.tr("Adds a description and evidence to this ticket (the same "
                                                 "review and consent as a new ticket)"))
            self.note.setText(self.tr("%n message(s).", "", len(data.messages)))
        if self._sticky:
            self.note.setText(self._sticky)
            self._sticky = ""
        self.loaded.emit(data)

    def _fill_messages(self, data: Conversation) -> None:
        while self.conversation_layout.count() > 1:
            item = self.conversation_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.messages = [MessageView(m) for m in data.messages]
        for index, view in enumerate(self.messages):
            self.conversation_layout.insertWidget(index, view)
        if self.messages:
            self.conversation_area.ensureWidgetVisible(self.messages[-1])

    def _show_request(self, data: Conversation) -> None:
        found = data.request
        self.request_box.setVisible(found is not None)
        if found is None:
            return
        items = ", ".join(kind_label(k) for k in found.request.items)
        text = self.tr("<b>The analyst asked for:</b> %1").replace("%1", items)
        text += "<br>" + self.tr("Asked by %1 on %2.").replace("%1", found.asked_by).replace(
            "%2", dashboard.local_time(found.asked_at))
        if found.request.note:
            text += "<br><i>" + _html(found.request.note) + "</i>"
        if found.answer is not None and found.answer.via == "outbox":
            text += "<br>" + self.tr("Your answer is in the send queue: the button sends it again.")
        self.request_text.setText(text)
        self.answer_button.setEnabled(not self.busy)

    def _show_survey(self, data: Conversation) -> None:
        survey = data.survey
        show = survey is not None and survey.offered
        self.survey_box.setVisible(show)
        if not show or survey is None:
            return
        legacy = survey.mode == "legacy"
        for widget in (self.good, self.bad, self.survey_comment, self.rate_button):
            widget.setVisible(legacy)
        self.survey_portal_button.setVisible(not legacy and not survey.answered)
        if not legacy:
            self.survey_question.setText(self.tr("You already answered the satisfaction survey.") if survey.answered
                                         else self.tr("The satisfaction survey of this portal is answered in the "
                                                      "portal."))

    # ------------------------------------------------------------------ actions

    def open_in_portal(self) -> None:
        url = self.data.url if self.data is not None else None
        if url:
            QDesktopServices.openUrl(QUrl(url))

    def _reply(self) -> None:
        if self.reply is not None:
            self.reply(self.ticket_id)

    def rate(self) -> None:
        button = self.scores.checkedButton()
        if button is None:
            return
        score = "good" if button is self.good else "bad"
        self.rate_button.setEnabled(False)
        self.note.setText(self.tr("Sending your rating…"))
        task = tasks.Task(self.services.rate_ticket, self.ticket_id, score, self.survey_comment.text(), name="rate")

        def done(_result) -> None:
            self.survey_question.setText(self.tr("Thank you: your rating was recorded."))
            for widget in (self.good, self.bad, self.survey_comment):
                widget.setEnabled(False)
            self.note.setText(self.tr("Rating recorded."))
            self.rated.emit(score)

        def failed(failure) -> None:
            self.rate_button.setEnabled(True)
            self.note.setText(failure.message)

        task.done.connect(done)
        task.failed.connect(failed)
        task.start()  # the task keeps itself alive until its signals are delivered

    def answer_request(self) -> None:
        """Resumes an answer already queued; otherwise collects what was asked for and shows it for review."""
        found = self.data.request if self.data is not None else None
        if found is None or self.busy:
            return
        self.answer_button.setEnabled(False)
        self.note.setText(self.tr("Collecting what the analyst asked for…"))
        if Kind.SCREENSHOTS in found.request.items:
            # the analyst wants the screen, not the collector's windows (shown again for the review)
            self._back = step_aside()

        def collect(cancel=None):
            outcome = self.services.resume_answer(found, cancel=cancel)
            if outcome is not None:
                return outcome, None, ""
            stage = self.services.stage_answer(found, cancel=cancel)
            return None, stage, self.services.stage_text(stage, found)

        self._work = tasks.Task(collect, name="answer-collect")
        self._work.done.connect(self._review)
        self._work.failed.connect(self._work_failed)
        self._work.start()

    def _come_back(self) -> None:
        back, self._back = self._back, None
        if back is not None:
            back()
        self.show()

    def _review(self, result) -> None:
        self._come_back()
        outcome, stage, text = result
        if outcome is not None:
            self._answered(outcome)
            return
        found = self.data.request if self.data is not None else None
        asked = found.request.items if found is not None else ()
        dialog = AnswerReview(text, self.ticket_id, self, recording_asked=Kind.RECORDING in asked)
        self.review = dialog
        dialog.finished.connect(lambda code: self._reviewed(code, stage, found))
        dialog.open()

    def _reviewed(self, code: int, stage, found) -> None:
        self.review = None
        if code != QDialog.DialogCode.Accepted or found is None:
            tasks.Task(stage.discard, name="answer-discard").start()  # deletes the collected files
            self.answer_button.setEnabled(True)
            self.note.setText(self.tr("Nothing was sent."))
            return
        self.note.setText(self.tr("Sending the answer to ticket #%1…").replace("%1", str(self.ticket_id)))
        self._work = tasks.Task(self.services.send_answer, stage, found, name="answer-send")
        self._work.done.connect(self._answered)
        self._work.failed.connect(self._work_failed)
        self._work.start()

    def _answered(self, outcome) -> None:
        if outcome.status == "delivered":
            where = outcome.ticket_id or self.ticket_id
            self.note.setText(self.tr("Sent: the analyst's request was answered on ticket #%1.").replace(
                "%1", str(where)))
        else:
            self.note.setText(self.tr("The answer waits in the send queue: %1").replace("%1", outcome.reason or ""))
            self.answer_button.setEnabled(True)
        self.answered.emit(outcome)
        if outcome.status == "delivered":
            self._sticky = self.note.text()
            self.load()

    def _work_failed(self, failure) -> None:
        self._come_back()
        self.answer_button.setEnabled(True)
        self.note.setText(failure.message)

    # ------------------------------------------------------------------ window

    def bring_forward(self) -> None:
        bring_forward(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        for task in (self._task, self._work):
            if task is not None and task.running:
                task.cancel()
        save_geometry(self, self.settings, "detail/geometry")
        event.accept()
        self.closed.emit()


def _html(text: str) -> str:
    from html import escape

    return escape(text).replace("\n", "<br>")
