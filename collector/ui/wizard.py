"""The wizard window: the five pages over one ``WizardState``, under the demo banner when in demo mode."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMessageBox, QScrollArea, QVBoxLayout, QWidget, QWizard

from collector.core.wizard import Page, WizardState
from collector.ui import i18n, tasks
from collector.ui.about_dialog import AboutDialog
from collector.ui.backend import Services
from collector.ui.pages.description import DescriptionPage
from collector.ui.pages.environment import EnvironmentPage
from collector.ui.pages.evidence import EvidencePage
from collector.ui.pages.review import ReviewPage
from collector.ui.pages.send import SendPage
from collector.ui.resume import DraftKeeper
from collector.ui.top_window import bring_forward, demo_banner, place, save_geometry

DEFAULT_SIZE = (980, 720)


class CollectorWizard(QWizard):
    def __init__(self, state: WizardState, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.services = services
        self.setWindowFlags(Qt.WindowType.Widget)  # embedded in the main window, under the banner
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.pages = {
            Page.ENVIRONMENT: EnvironmentPage(state, services),
            Page.DESCRIPTION: DescriptionPage(state, services),
            Page.EVIDENCE: EvidencePage(state, services),
            Page.REVIEW: ReviewPage(state, services),
            Page.SEND: SendPage(state, services),
        }
        for page_id, page in self.pages.items():
            self.setPage(int(page_id), page)
        self.setStartId(int(Page.ENVIRONMENT))
        # the language switch, labelled in the language it switches to
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1,
                           "English" if i18n.current() == "pt_BR" else "Português")
        self.button(QWizard.WizardButton.CustomButton1).setToolTip(
            "Switch to English" if i18n.current() == "pt_BR" else "Mudar para português")
        self.setOption(QWizard.WizardOption.HaveCustomButton2, True)  # "Sobre": version, licence, notices
        self.setButtonText(QWizard.WizardButton.CustomButton2, self.tr("About"))
        self.setButtonLayout([QWizard.WizardButton.CustomButton1, QWizard.WizardButton.CustomButton2,
                              QWizard.WizardButton.Stretch,
                              QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                              QWizard.WizardButton.CommitButton, QWizard.WizardButton.FinishButton,
                              QWizard.WizardButton.CancelButton])
        self.currentIdChanged.connect(lambda _id: QTimer.singleShot(0, self, self.focus_first_field))

    def focus_first_field(self) -> None:
        """The keyboard starts on the page's first field (its ``first_field()``, or the first control
        that takes Tab focus), so the user can type at once and Enter goes to Próximo."""
        page = self.currentPage()
        if page is None:
            return
        chooser = getattr(page, "first_field", None)
        target = chooser() if chooser else None
        if target is None or not (target.isVisible() and target.isEnabled()):
            target, widget = None, page.nextInFocusChain()
            while widget is not None and widget is not page and page.isAncestorOf(widget):
                if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible() and widget.isEnabled()
                        and not isinstance(widget, QScrollArea)):
                    target = widget
                    break
                widget = widget.nextInFocusChain()
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason)

    def nextId(self) -> int:  # noqa: N802 - the flow lives in collector.core.wizard
        current = self.currentId()
        if current < 0:
            return int(Page.ENVIRONMENT)
        nxt = self.state.next_page(Page(current))
        return int(nxt) if nxt is not None else -1

    def reject(self) -> None:
        """Cancelar: asks first (``MainWindow.confirm_discard``); staying keeps the page as it is."""
        window = self.parentWidget()
        if isinstance(window, MainWindow) and not window.confirm_discard():
            return
        if isinstance(window, MainWindow):
            window._force_close = True
        super().reject()

    def page_widget(self, page: Page):
        return self.pages[page]

    def busy(self) -> bool:
        s = self.state
        return s.recording or s.capturing or s.send.sending or s.review.staging


class MainWindow(QWidget):
    """Banner (demo mode) + the wizard; remembers its size; asks before throwing work away."""

    closed = Signal()

    def __init__(self, state: WizardState, services: Services, settings: QSettings | None = None,
                 demo: bool = False, started: datetime | None = None):
        """``started``: when the ticket was begun, for a wizard continuing a draft (``collector.ui.resume``)."""
        super().__init__()
        self.setWindowTitle(self.tr("New ticket — RM Diagnostic Collector"))
        self.setObjectName("CollectorMainWindow")
        self.state = state
        self.services = services
        self.settings = settings
        self._force_close = False
        self._discarded = False  # the user chose "Descartar": the draft goes too
        # typed answers and gathered evidence survive a crash or a logoff until delivered or discarded
        self.draft = DraftKeeper(self, state, services.session_dir, started, page=lambda: self.wizard.currentId())
        self.first_paint: QObject | None = None  # the start-up benchmark's event filter (collector.ui.app)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = demo_banner(demo)  # SPEC §1: on every page
        layout.addWidget(self.banner)
        self.wizard = CollectorWizard(state, services, self)
        layout.addWidget(self.wizard, 1)
        self._connect_wizard()
        QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q), self).activated.connect(self.close)
        place(self, settings, "window/geometry", DEFAULT_SIZE)

    def _connect_wizard(self) -> None:
        self.wizard.finished.connect(self._wizard_finished)
        self.wizard.customButtonClicked.connect(self._custom_button)

    def _custom_button(self, which) -> None:
        if which in (QWizard.WizardButton.CustomButton1, QWizard.WizardButton.CustomButton1.value):
            self.switch_language("en" if i18n.current() == "pt_BR" else "pt_BR")
        elif which in (QWizard.WizardButton.CustomButton2, QWizard.WizardButton.CustomButton2.value):
            self.show_about()

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def switch_language(self, lang: str) -> bool:
        """Installs ``lang`` and rebuilds the pages over the same state, back on the same page."""
        if self.wizard.busy() or tasks.running():
            QMessageBox.information(self, self.tr("Language"), self.tr(
                "Wait for the work in progress to finish before switching the language."))
            return False
        app = QApplication.instance()
        assert app is not None  # the window exists, so does the application
        i18n.install(app, lang)
        if self.settings is not None:
            self.settings.setValue("ui/language", lang)
        target = self.wizard.currentId()
        old = self.wizard
        self._layout.removeWidget(old)
        old.hide()
        old.deleteLater()
        self.wizard = CollectorWizard(self.state, self.services, self)
        self._layout.addWidget(self.wizard, 1)
        self._connect_wizard()
        self.setWindowTitle(self.tr("New ticket — RM Diagnostic Collector"))
        self.wizard.show()
        self.advance_to(target)
        return True

    def advance_to(self, target: int) -> None:
        """Goes forward page by page up to ``target``, stopping where a page does not let the user on."""
        while self.wizard.currentId() < target:
            before = self.wizard.currentId()
            self.wizard.next()
            if self.wizard.currentId() == before:
                break

    def resume_on(self, page: int) -> None:
        """A continued draft opens where the user was (at most Evidências: the review is prepared
        again), once the environment has been detected again."""
        target = min(int(page), int(Page.EVIDENCE))
        if target <= int(Page.ENVIRONMENT):
            return
        timer = QTimer(self)
        timer.setInterval(100)

        def check() -> None:
            if self.state.inspect_doc is None or self.state.inspecting:
                return
            timer.stop()
            timer.deleteLater()
            if self.wizard.currentId() == int(Page.ENVIRONMENT):  # the user has not moved meanwhile
                self.advance_to(target)
        timer.timeout.connect(check)
        timer.start()

    def set_demo(self, demo: bool) -> None:
        self.banner.setVisible(demo)

    def bring_forward(self) -> None:
        """A second launch: the window comes forward — or, while recording, the recording control
        (showing the wizard then would leave it over the recording, half out of the way)."""
        control = getattr(self.wizard.page_widget(Page.EVIDENCE), "control", None)
        if self.state.recording and control is not None and control.isVisible():
            control.raise_()
            control.activateWindow()
            return
        bring_forward(self)

    def _wizard_finished(self, _result: int) -> None:
        if not self.close():  # the user chose to stay: QDialog hid the wizard on reject/accept
            self.wizard.show()

    def confirm_discard(self) -> bool:
        """Asks before throwing away work; True: go on closing. "Continuar" (keep working) is the
        default, so Enter or Esc never discards by surprise."""
        if self._force_close:
            return True
        if self.state.send.sending:
            title = self.tr("Sending in progress")
            text = self.tr("The ticket is being sent. Close anyway? The bundle stays in the send queue and is "
                           "sent next time.")
            discard_text = self.tr("&Close")
        elif self.state.has_unsent_work():
            title = self.tr("Discard the ticket?")
            text = self.tr("What you typed and the evidence you gathered have not been sent. Discard them and "
                           "close?")
            discard_text = self.tr("&Discard")
        else:
            return True
        focus = QApplication.focusWidget()
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self)
        keep = box.addButton(self.tr("C&ontinue"), QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton(discard_text, QMessageBox.ButtonRole.DestructiveRole)
        keep.setToolTip(self.tr("Go back to the ticket, on the page you were on"))
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is discard:
            self._discarded = True
            return True
        if focus is not None and focus.isVisible():
            focus.setFocus()  # back where the user was
        return False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.confirm_discard():
            event.ignore()
            return
        self._force_close = True  # asked once: the wizard's own finish does not ask again
        self.draft.finish(discarded=self._discarded)
        save_geometry(self, self.settings, "window/geometry")
        for page in self.wizard.pages.values():
            task = getattr(page, "_task", None)
            if task is not None and task.running:
                task.cancel()
        self.wizard.page_widget(Page.EVIDENCE).shutdown()
        event.accept()
        self.closed.emit()

    def force_close(self) -> None:
        self._force_close = True
        self.close()
