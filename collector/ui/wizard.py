"""The wizard window: the five pages over one ``WizardState``, under the demo banner when in demo mode."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMessageBox, QVBoxLayout, QWidget, QWizard

from collector.core.wizard import Page, WizardState
from collector.ui import i18n, tasks
from collector.ui.about_dialog import AboutDialog
from collector.ui.backend import Services
from collector.ui.pages.description import DescriptionPage
from collector.ui.pages.environment import EnvironmentPage
from collector.ui.pages.evidence import EvidencePage
from collector.ui.pages.review import ReviewPage
from collector.ui.pages.send import SendPage
from collector.ui.top_window import bring_forward, demo_banner, restore_geometry, save_geometry

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

    def nextId(self) -> int:  # noqa: N802 - the flow lives in collector.core.wizard
        current = self.currentId()
        if current < 0:
            return int(Page.ENVIRONMENT)
        nxt = self.state.next_page(Page(current))
        return int(nxt) if nxt is not None else -1

    def page_widget(self, page: Page):
        return self.pages[page]

    def busy(self) -> bool:
        s = self.state
        return s.recording or s.capturing or s.send.sending or s.review.staging


class MainWindow(QWidget):
    """Banner (demo mode) + the wizard; remembers its size; asks before throwing work away."""

    closed = Signal()

    def __init__(self, state: WizardState, services: Services, settings: QSettings | None = None,
                 demo: bool = False):
        super().__init__()
        self.setWindowTitle(self.tr("New ticket — RM Diagnostic Collector"))
        self.setObjectName("CollectorMainWindow")
        self.state = state
        self.services = services
        self.settings = settings
        self._force_close = False
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
        self.resize(*DEFAULT_SIZE)
        restore_geometry(self, settings, "window/geometry")

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
        while self.wizard.currentId() < target:
            before = self.wizard.currentId()
            self.wizard.next()
            if self.wizard.currentId() == before:
                break
        return True

    def set_demo(self, demo: bool) -> None:
        self.banner.setVisible(demo)

    def bring_forward(self) -> None:
        bring_forward(self)

    def _wizard_finished(self, _result: int) -> None:
        if not self.close():  # the user chose to stay: QDialog hid the wizard on reject/accept
            self.wizard.show()

    def _has_unsent_work(self) -> bool:
        s = self.state
        sent = s.send.outcome is not None and s.send.outcome.status in ("delivered", "queued", "manual", "failed", "cancelled")
        return bool(s.evidence) and not sent and any(e.origin != "found" for e in s.evidence)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._force_close:
            if self.state.send.sending:
                answer = QMessageBox.question(
                    self, self.tr("Sending in progress"),
                    self.tr("The ticket is being sent. Close anyway? The bundle stays in the send queue and is "
                            "sent next time."))
                if answer != QMessageBox.StandardButton.Yes:
                    event.ignore()
                    return
            elif self._has_unsent_work():
                answer = QMessageBox.question(
                    self, self.tr("Close the wizard"),
                    self.tr("The screenshots and files you gathered have not been sent. Close anyway?"))
                if answer != QMessageBox.StandardButton.Yes:
                    event.ignore()
                    return
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
