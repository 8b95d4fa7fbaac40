"""Envio: sign in when needed, send with progress per file and overall, cancel, and the result — the
ticket number with a link, or "guardado na fila de envio" with the reason; "Preparar envio manual"
when the API cannot be used."""

from __future__ import annotations

import html
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from collector.core.progress import Progress
from collector.core.wizard import Mode, Page, SendOutcome
from collector.ui.backend import demo_account
from collector.ui.common import AMBER, GREEN, RED, hint, human_size
from collector.ui.pages.base import BasePage
from collector.ui.tasks import Task, TaskFailure

if TYPE_CHECKING:
    from collector.portal.sender import SendProgress

AUTO_RETRY_MIN_S = 10
AUTO_RETRY_MAX_S = 300


class SendPage(BasePage):
    page_id = Page.SEND
    quiet_codes = ("not_sent",)

    def __init__(self, state, services, parent=None):
        super().__init__(state, services, parent)
        self.setTitle(self.tr("Send"))
        self.setSubTitle(self.tr("The ticket is filed with every attachment. If the portal cannot be reached, "
                                 "the bundle waits in the send queue: nothing is lost."))
        self._task: Task | None = None
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.timeout.connect(self.retry)
        self._build_account()
        self._build_send_row()
        self._build_progress()
        self._build_result()
        self._connect()

    def _build_send_row(self) -> None:
        """What goes and how: the summary, and the send, cancel, retry and manual buttons."""
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.body.addWidget(self.summary)
        send_row = QHBoxLayout()
        self.send_button = QPushButton(self.tr("Send t&icket"))
        self.send_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("&Cancel sending"))
        self.cancel_button.hide()
        self.retry_button = QPushButton(self.tr("T&ry again now"))
        self.retry_button.hide()
        self.manual_button = QPushButton(self.tr("Prepare &manual sending"))
        self.manual_button.setToolTip(self.tr("Saves the files in a folder, copies the ticket text and opens the "
                                              "portal's form: for when the API cannot be used"))
        send_row.addWidget(self.send_button)
        send_row.addWidget(self.cancel_button)
        send_row.addWidget(self.retry_button)
        send_row.addStretch(1)
        send_row.addWidget(self.manual_button)
        self.body.addLayout(send_row)

    def _build_progress(self) -> None:
        self.phase = hint()
        self.file_progress = QProgressBar()
        self.file_progress.setAccessibleName(self.tr("Current file"))
        self.overall = QProgressBar()
        self.overall.setAccessibleName(self.tr("Overall progress"))
        self.overall.setFormat(self.tr("%p% sent"))
        for w in (self.phase, self.file_progress, self.overall):
            w.hide()
            self.body.addWidget(w)

    def _build_result(self) -> None:
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setOpenExternalLinks(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.result.hide()
        self.body.addWidget(self.result)
        self.body.addStretch(1)

    def _connect(self) -> None:
        self.sign_in_button.clicked.connect(self.sign_in_browser)
        self.sign_out_button.clicked.connect(self.sign_out)
        self.token_sign_in_button.clicked.connect(self.sign_in)
        self.advanced_button.toggled.connect(self.advanced_box.setVisible)
        self.send_button.clicked.connect(self.send)
        self.cancel_button.clicked.connect(self.cancel)
        self.retry_button.clicked.connect(self.retry)
        self.manual_button.clicked.connect(self.prepare_manual)
        for field in (self.url, self.email, self.token):
            field.returnPressed.connect(self.sign_in)

    def _build_account(self) -> None:
        """Who is signed in; one button that signs in through the browser (OAuth, SPEC §4.5); the
        API-token form behind "Advanced", with Zendesk's retirement dates."""
        self.account_box = QGroupBox(self.tr("Portal"))
        account = QVBoxLayout(self.account_box)
        # demo mode: where the ticket goes and the demo account to sign in with, selectable to copy
        # (on a Terminal Server the banner's tooltip is hard to find)
        self.demo_label = QLabel()
        self.demo_label.setWordWrap(True)
        self.demo_label.setTextFormat(Qt.TextFormat.RichText)
        self.demo_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_label.hide()
        account.addWidget(self.demo_label)
        self.account_label = QLabel()
        self.account_label.setWordWrap(True)
        self.account_label.setTextFormat(Qt.TextFormat.RichText)
        account.addWidget(self.account_label)
        self.sign_box = QWidget()
        sign_row = QHBoxLayout(self.sign_box)
        sign_row.setContentsMargins(0, 0, 0, 0)
        self.sign_in_button = QPushButton(self.tr("Sign in to the p&ortal"))
        self.sign_in_button.setToolTip(self.tr("Opens the portal's sign-in page in your browser; the collector "
                                               "never sees your password"))
        self.sign_out_button = QPushButton(self.tr("Si&gn out of the portal"))
        self.sign_state = QLabel()
        self.sign_state.setWordWrap(True)
        sign_row.addWidget(self.sign_in_button)
        sign_row.addWidget(self.sign_out_button)
        sign_row.addWidget(self.sign_state, 1)
        self.advanced_button = QToolButton()
        self.advanced_button.setText(self.tr("A&dvanced"))
        self.advanced_button.setCheckable(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_button.toggled.connect(lambda on: self.advanced_button.setArrowType(
            Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow))
        sign_row.addWidget(self.advanced_button)
        account.addWidget(self.sign_box)

        account.addWidget(self._build_advanced())
        self.body.addWidget(self.account_box)

    def _build_advanced(self) -> QWidget:
        """The API-token form (hidden until "Advanced"), with Zendesk's retirement dates."""
        self.advanced_box = QWidget()
        advanced = QVBoxLayout(self.advanced_box)
        advanced.setContentsMargins(0, 4, 0, 0)
        self.token_warning = QLabel(self.tr(
            "API tokens are administrator credentials: use one only if the portal's administrator gave it to "
            "you. Zendesk deactivates every API token on 30/04/2027, and since 28/07/2026 a token unused for "
            "30 days is deactivated."))
        self.token_warning.setWordWrap(True)
        self.token_warning.setStyleSheet(f"color: {AMBER};")
        advanced.addWidget(self.token_warning)
        self.form_box = QWidget()
        self.form = QFormLayout(self.form_box)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://suporte.exemplo.com.br")
        self.email = QLineEdit()
        self.email.setPlaceholderText(self.tr("the e-mail of your portal account"))
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(self.tr("API token given by the portal's administrator"))
        self.remember = QCheckBox(self.tr("Keep in this computer's &keyring"))
        self.remember.setChecked(True)
        self.form.addRow(self.tr("Portal &address:"), self.url)
        self.form.addRow(self.tr("&E-mail:"), self.email)
        self.form.addRow(self.tr("API &token:"), self.token)
        self.form.addRow("", self.remember)
        advanced.addWidget(self.form_box)
        self.token_sign_in_button = QPushButton(self.tr("Sign in &with the token"))
        token_row = QHBoxLayout()
        token_row.addWidget(self.token_sign_in_button)
        token_row.addStretch(1)
        advanced.addLayout(token_row)
        self.advanced_box.hide()
        return self.advanced_box

    @property
    def entry(self):
        return self.state.send.entry

    @entry.setter
    def entry(self, value) -> None:
        self.state.send.entry = value

    # ------------------------------------------------------------------ page life

    def initializePage(self) -> None:  # noqa: N802
        self.refresh_account()
        self.refresh_summary()
        self.refresh_status()

    def refresh_account(self) -> None:
        portal = self.services.portal
        signed = portal.signed_in
        self.account_label.setText(self._account_text(signed))
        self.demo_label.setVisible(portal.demo)
        if portal.demo:
            self.demo_label.setText(self._demo_text())
        self.sign_in_button.setVisible(not signed)
        self.sign_in_button.setEnabled(bool(portal.url) and not self.state.send.sending)
        self.sign_out_button.setVisible(signed)
        if portal.url and not self.url.text():
            self.url.setText(portal.url)

    def _account_text(self, signed: bool) -> str:
        """Who is signed in where, as whole sentences: a portal's name is never put into a sentence
        built for another ("entrou em o portal"); the demo portal by its name, never its local address."""
        portal = self.services.portal
        credentials = portal.credentials
        host = html.escape(urlsplit(portal.url).hostname or portal.url) if portal.url else ""
        if signed:
            who = html.escape(getattr(credentials, "email", None) or self.tr("your account"))
            text = (self.tr("You are signed in to the demonstration portal as <b>%1</b>.").replace("%1", who)
                    if portal.demo else
                    self.tr("You are signed in to <b>%1</b> as <b>%2</b>.").replace("%1", host).replace("%2", who))
            if getattr(credentials, "kind", "") == "token":
                text += " " + self.tr("(API token)")
            return text
        if portal.demo and not portal.url:
            return self.tr("The demonstration portal is starting…")
        if not portal.url:
            return self.tr("No portal is configured: give its address under <b>Advanced</b>.")
        how = self.tr("<b>Sign in to the portal</b> opens its sign-in page in your browser; the collector never "
                      "sees your password.")
        if portal.demo:
            return self.tr("You are not signed in to the demonstration portal yet.") + " " + how
        return self.tr("You are not signed in to <b>%1</b> yet.").replace("%1", host) + " " + how

    def _demo_text(self) -> str:
        """Demo mode: the ticket stays here, and the local demo portal's own account (not a secret of
        the user) to sign in with — shown on this page only."""
        account = demo_account(self.services.portal)
        text = self.tr("<b>Demonstration mode</b>: the ticket goes to the local portal on this computer.")
        if account.get("email"):
            text += "<br>" + self.tr("Demo account for <b>Sign in to the portal</b>: e-mail <b>%1</b>, password "
                                     "<b>%2</b>").replace("%1", html.escape(account["email"])).replace(
                "%2", html.escape(account.get("password", "")))
        return text

    def refresh_summary(self) -> None:
        st = self.state
        if st.mode == Mode.COMPLEMENT:
            what = self.tr("Complement to ticket <b>#%1</b>").replace("%1", str(st.answers.ticket_id))
        else:
            what = self.tr("New ticket: <b>%1</b>").replace("%1", html.escape(st.subject()))
        stage = st.review.stage
        if stage is not None:
            chosen = [i for i in stage.items if i.path not in st.review.excluded]
            what += " · " + self.tr("%Ln files", "", len(chosen)) + ", " + human_size(sum(i.size for i in chosen))
        self.summary.setText(what)
        if not self.state.send.sending and self.state.send.outcome is None:
            self.send_button.setEnabled(stage is not None or self.entry is not None)

    # ------------------------------------------------------------------ sign in

    def sign_in_browser(self) -> None:
        """The portal's own sign-in page in the system browser; the wizard waits off the GUI thread."""
        if self._task is not None and self._task.name == "sign-in" and self._task.running:
            return
        self.sign_in_button.setEnabled(False)
        self.sign_state.setStyleSheet("")
        self.sign_state.setText(self.tr("Continue in the browser: sign in and allow the collector…"))
        task = Task(self.services.sign_in_browser, name="sign-in")
        task.done.connect(self._signed_in)
        task.failed.connect(self._sign_in_failed)
        self._task = task.start()

    def sign_out(self) -> None:
        task = Task(self.services.sign_out, name="sign-out")
        task.done.connect(self._signed_out)
        task.failed.connect(self._sign_in_failed)
        self._task = task.start()

    def _signed_out(self, _result: object) -> None:
        self.refresh_account()
        self.sign_state.setStyleSheet("")
        self.sign_state.setText(self.tr("You signed out of the portal."))

    def sign_in(self) -> None:
        """The advanced form: e-mail and API token, checked against the portal."""
        url, email, token = self.url.text().strip(), self.email.text().strip(), self.token.text().strip()
        if not (url and email and token):
            self.sign_state.setText(self.tr("Fill in the address, the e-mail and the token."))
            self.sign_state.setStyleSheet(f"color: {RED};")
            return
        self.token_sign_in_button.setEnabled(False)
        self.sign_state.setStyleSheet("")
        self.sign_state.setText(self.tr("Checking with the portal…"))
        task = Task(self.services.sign_in, url, email, token, self.remember.isChecked(), name="sign-in")
        task.done.connect(self._signed_in)
        task.failed.connect(self._sign_in_failed)
        self._task = task.start()

    def _signed_in(self, info: dict) -> None:
        self.token_sign_in_button.setEnabled(True)
        self.token.clear()
        self.advanced_button.setChecked(False)
        self.refresh_account()
        if not self.services.portal.demo and not info.get("stored"):
            self.sign_state.setText(self.tr("You are signed in. This computer has no keyring: you will be asked "
                                            "again next time."))
            self.sign_state.setStyleSheet(f"color: {AMBER};")
        else:
            self.sign_state.setText(self.tr("You are signed in."))
            self.sign_state.setStyleSheet(f"color: {GREEN};")
        outcome = self.state.send.outcome
        if outcome is not None and outcome.status == "signin" and self.entry is not None:
            self.retry()  # the bundle waiting for this sign-in goes now

    def _sign_in_failed(self, failure: TaskFailure) -> None:
        message = failure.message
        self.token_sign_in_button.setEnabled(True)
        self.refresh_account()
        self.sign_state.setText(message)
        self.sign_state.setStyleSheet(f"color: {RED};")

    # ------------------------------------------------------------------ send

    def _stage(self):
        return self.state.review.stage

    def send(self) -> None:
        if self.state.send.sending or (self.entry is None and self.state.review.stage is None):
            return
        self.retry_timer.stop()
        self._busy(True)
        if self.entry is None:
            self.phase.setText(self.tr("Writing the bundle…"))
            task = Task(self.services.build_bundle, self._stage(), self.state, name="bundle")
            task.progress.connect(self._bundle_progress)
            task.done.connect(self._bundled_then_send)
            task.failed.connect(self._bundle_failed)
        else:
            task = self._send_task()
        self._task = task.start()

    def _bundled_then_send(self, entry) -> None:
        self._bundled(entry)
        self._task = self._send_task().start()

    def _bundled(self, entry) -> None:
        self.entry = entry
        wizard = self.wizard()
        if wizard is not None:  # the bundle is in the outbox: going back would not change it
            wizard.setOption(QWizard.WizardOption.DisabledBackButtonOnLastPage, True)

    def _send_task(self) -> Task:
        self.phase.setText(self.tr("Connecting to the portal…"))
        task = Task(self.services.send, self.entry, name="send")
        task.progress.connect(self._send_progress)
        task.done.connect(self._sent)
        task.failed.connect(lambda failure: self._sent(SendOutcome("queued", reason=failure.message,
                                                                  outbox_id=self.entry.id)))
        return task

    def _busy(self, busy: bool) -> None:
        self.state.send.sending = busy
        delivered = self.state.send.outcome is not None and self.state.send.outcome.status == "delivered"
        self.send_button.setEnabled(not busy and not delivered)
        self.manual_button.setEnabled(not busy and not delivered)  # sent: nothing left to hand over
        self.retry_button.setEnabled(not busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.sign_in_button.setEnabled(not busy and bool(self.services.portal.url))
        self.token_sign_in_button.setEnabled(not busy)
        for w in (self.phase, self.overall):
            w.setVisible(busy or w.isVisible())
        if busy:
            self.result.hide()
            self.overall.setValue(0)
            self.file_progress.hide()
        self.refresh_status()

    def _bundle_progress(self, report: Progress) -> None:
        self.phase.setText(self.tr("Writing the bundle…"))
        self.overall.setFormat(self.tr("%p% written"))  # not "sent": nothing has left yet
        if report.total:
            self.overall.setRange(0, 1000)
            self.overall.setValue(int(report.fraction * 1000))

    def _bundle_failed(self, failure: TaskFailure) -> None:
        message = failure.message
        self._busy(False)
        self.phase.hide()
        self.overall.hide()
        self._show_result(RED, self.tr("The bundle could not be written: %1").replace("%1", html.escape(message)))

    def _send_progress(self, p: SendProgress) -> None:
        phases = {"uploading": self.tr("Sending %1"), "filing": self.tr("Filing the ticket…"),
                  "verifying": self.tr("Checking whether the ticket was already filed…"),
                  "posting": self.tr("Attaching files to the ticket…"), "checking": self.tr("Checking the "
                                                                                           "attachments…"),
                  "delivered": self.tr("Delivered.")}
        text = phases.get(p.phase, p.phase)
        self.phase.setText(text.replace("%1", p.file or ""))
        self.overall.setFormat(self.tr("%p% sent"))
        if p.file and p.file_size:
            self.file_progress.show()
            self.file_progress.setRange(0, 1000)
            self.file_progress.setValue(int(p.file_sent * 1000 / p.file_size))
            self.file_progress.setFormat(f"{p.file}: %p%")
        if p.total:
            self.overall.setRange(0, 1000)
            self.overall.setValue(int(p.fraction * 1000))

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.phase.setText(self.tr("Cancelling…"))

    def _sent(self, outcome: SendOutcome) -> None:
        self.state.send.outcome = outcome
        self._busy(False)
        self.file_progress.hide()
        if outcome.status == "delivered":
            self.phase.hide()
            self.overall.setValue(self.overall.maximum())
            number = f"#{outcome.ticket_id}"
            link = (f'<a href="{html.escape(outcome.ticket_url, quote=True)}">{number}</a>' if outcome.ticket_url
                    else number)
            verb = (self.tr("Ticket %1 received the complement.") if self.state.mode == Mode.COMPLEMENT
                    else self.tr("Ticket %1 was filed."))
            self._show_result(GREEN, "<b>" + verb.replace("%1", link) + "</b> " + self.tr(
                "Every attachment is on it. Follow the ticket in <b>My tickets</b> or on the portal."))
        elif outcome.status in ("queued", "cancelled"):
            self.overall.hide()
            self.phase.hide()
            text = self.tr("<b>Saved in the send queue</b>: %1").replace(
                "%1", html.escape(outcome.reason))
            if outcome.status == "queued":
                text += "<br>" + self.tr("It will be sent when the portal can be reached: this window tries "
                                         "again by itself, and the ticket stays in the queue if you close it.")
                self._schedule_retry()
            self._show_result(AMBER, text)
        elif outcome.status == "failed":
            self.overall.hide()
            self.phase.hide()
            self._show_result(RED, self.tr("<b>The portal refused the ticket</b>: %1<br>The bundle stays in the "
                                           "send queue; fix the cause and try again, or prepare a manual "
                                           "sending.").replace("%1", html.escape(outcome.reason)))
            if "credenciais" in outcome.reason or "401" in outcome.reason:
                self.refresh_account()
        elif outcome.status == "signin":
            self.overall.hide()
            self.phase.hide()
            self._show_result(AMBER, self.tr("<b>Sign in again</b>: %1<br>The bundle waits in the send queue; "
                                             "after <b>Sign in to the portal</b>, send it again — nothing is "
                                             "lost.").replace("%1", html.escape(outcome.reason)))
            self.refresh_account()
        self.refresh_status()

    def refresh_status(self) -> None:
        super().refresh_status()
        self._show_actions()

    def _show_actions(self) -> None:
        """Only the buttons that make sense for how sending ended: once delivered nothing is left to
        send or hand over; while the bundle waits in the queue "Tentar de novo agora" sends it (no second
        "Enviar chamado" beside it); and once the bundle is safe in the queue the wizard's Cancelar would
        only close like Concluir, so it is off."""
        outcome = self.state.send.outcome
        status = outcome.status if outcome is not None else None
        self.retry_button.setVisible(status in ("queued", "cancelled", "failed", "signin"))
        self.send_button.setVisible(status in (None, "manual"))
        self.manual_button.setVisible(status != "delivered")
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self:
            wizard.button(QWizard.WizardButton.CancelButton).setEnabled(
                outcome is None or self.state.send.sending)

    def _show_result(self, color: str, text: str) -> None:
        tint = {GREEN: "#e8f5e9", AMBER: "#fff8e1", RED: "#ffebee"}.get(color, "#f5f5f5")
        self.result.setStyleSheet(f"QLabel {{ background: {tint}; border: 1px solid {color}; border-radius: 4px; "
                                  f"padding: 8px 10px; }}")
        self.result.setText(text)
        self.result.show()

    def _schedule_retry(self) -> None:
        due = self.services.next_attempt(self.entry.id) if self.entry is not None else None
        wait = float(AUTO_RETRY_MIN_S)
        if due is not None:
            wait = (due - datetime.now(due.tzinfo)).total_seconds()
        wait = min(max(wait, AUTO_RETRY_MIN_S), AUTO_RETRY_MAX_S)
        self.retry_timer.start(int(wait * 1000))

    def retry(self) -> None:
        if self.entry is None or self.state.send.sending:
            return
        self.retry_timer.stop()
        self._busy(True)
        entry_id = self.entry.id

        def again(progress=None, cancel=None):
            self.services.retry_now(entry_id)
            return self.services.send(self.entry, progress=progress, cancel=cancel)

        task = Task(again, name="retry")
        task.progress.connect(self._send_progress)
        task.done.connect(self._sent)
        task.failed.connect(lambda failure: self._sent(SendOutcome("queued", reason=failure.message,
                                                                  outbox_id=entry_id)))
        self._task = task.start()

    # ------------------------------------------------------------------ manual hand-off

    def prepare_manual(self) -> None:
        if self.state.send.sending:
            return
        self._busy(True)
        self.phase.setText(self.tr("Preparing the manual sending…"))

        def work():
            entry = self.entry or self.services.build_bundle(self._stage(), self.state)
            return entry, self.services.prepare_manual(entry.id)

        task = Task(work, name="manual")
        task.done.connect(self._manual_ready)
        task.failed.connect(self._bundle_failed)
        self._task = task.start()

    def _manual_ready(self, result) -> None:
        entry, info = result
        if self.entry is None:
            self._bundled(entry)
        self._busy(False)
        self.phase.hide()
        self.overall.hide()
        QGuiApplication.clipboard().setText(info.get("text") or "")
        folder = info.get("folder")
        if folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        if info.get("url"):
            QDesktopServices.openUrl(QUrl(info["url"]))
        if self.state.send.outcome is None or self.state.send.outcome.status != "delivered":
            self.state.send.outcome = SendOutcome("manual", reason="", outbox_id=entry.id)
        text = self.tr("<b>Manual sending prepared.</b> The ticket text is in the clipboard: paste it into the "
                       "portal's form, then drag the files from the folder <a href=\"%1\">%2</a>.").replace(
            "%1", html.escape(QUrl.fromLocalFile(str(folder)).toString(), quote=True)).replace(
            "%2", html.escape(str(folder)))
        if info.get("eml"):
            text += "<br>" + self.tr("For the e-mail channel: %1").replace("%1", html.escape(str(info["eml"])))
        self._show_result(GREEN, text)
        self.refresh_status()
