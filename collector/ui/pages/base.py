"""What every page shares: the wizard state, the services, and the status line under the page."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget, QWizardPage

from collector.core.wizard import Blocker, Page, WizardState
from collector.ui.backend import Services
from collector.ui.common import checklist_label, status_label


def blocker_text(blocker: Blocker) -> str:
    """The blocker in the UI language (the core gives a stable code and a Portuguese default)."""
    code = blocker.code
    if code.startswith("missing:"):
        key = code.split(":", 1)[1]
        return QCoreApplication.translate("Blockers", "Fill in: %1.").replace("%1", checklist_label(key, key))
    texts = {
        "inspecting": QCoreApplication.translate("Blockers", "Wait for the environment detection to finish."),
        "ticket_id": QCoreApplication.translate("Blockers", "Enter the number of the ticket to complement."),
        "recording": QCoreApplication.translate("Blockers", "Stop the screen recording before going on."),
        "capturing": QCoreApplication.translate("Blockers", "Wait for the screenshot to finish."),
        "staging": QCoreApplication.translate("Blockers", "Wait for the files to be prepared."),
        "consent": QCoreApplication.translate(
            "Blockers", "Confirm that you reviewed the content and are authorized to send it."),
        "sending": QCoreApplication.translate("Blockers", "Wait for the sending to finish."),
        "not_sent": QCoreApplication.translate("Blockers", "Send the ticket, or prepare a manual sending."),
    }
    return texts.get(code, blocker.message)


class BasePage(QWizardPage):
    page_id: Page
    quiet_codes: tuple[str, ...] = ()  # blockers that keep Next/Finish off without a status line

    def __init__(self, state: WizardState, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.services = services
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        # the page scrolls rather than pushing Next/Cancel off a small screen (issue 16); the status
        # line stays under it, always visible
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        inner.setObjectName("PageBody")
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(0, 0, 4, 0)
        self.page_scroll.setWidget(inner)
        self._outer.addWidget(self.page_scroll, 1)
        self.status = status_label(self)
        self._outer.addWidget(self.status)

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return self.state.can_leave(self.page_id)

    def blockers(self) -> list[Blocker]:
        return self.state.blockers(self.page_id)

    def refresh_status(self) -> None:
        """Call after any change of the state: updates the status line and the Next button."""
        blockers = [b for b in self.blockers() if b.code not in self.quiet_codes]
        self.status.setText("  ".join(blocker_text(b) for b in blockers[:4])
                            + ("  …" if len(blockers) > 4 else ""))
        self.status.setVisible(bool(blockers))
        self.completeChanged.emit()

    def cleanupPage(self) -> None:  # noqa: N802 - keep what the user typed when going Back
        pass
