"""Opens the wizard, the main window and a ticket on one simulated screen and reports, for every page,
window and dialog, whether it fits.

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json QT_SCALE_FACTOR=1.5 python -m tests.ui.screen_probe OUT.json

Run in its own process by ``tests/ui/test_screen_fit.py`` (the screen size and the scale factor are
fixed when the QApplication starts). The report: one entry per page or dialog with the window's
frame, the screen's available area (device-independent pixels) and the buttons that must be
reachable with whether each is visible inside both.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QRect, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMessageBox, QWidget, QWizard

from collector.core.wizard import Page, Rect, WizardState
from collector.portal.settings import PortalSettings
from collector.ui import i18n, tasks
from collector.ui.about_dialog import AboutDialog
from collector.ui.backend import PortalConfig, Services
from collector.ui.portal_dialog import PortalDialog
from collector.ui.screen_fit import available_area
from collector.ui.ticket_detail import AnswerReview, TicketDetail
from collector.ui.tickets_window import TicketsWindow
from collector.ui.widgets.cover_editor import CoverEditor
from collector.ui.wizard import MainWindow
from tests.fixtures import rm_install, rmlogs

TASKBAR, TITLE_BAR = 40, 31  # Windows 10/11 at 100 %: what a real desktop takes off the screen's height


def _rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def _button_seen(window: QWidget, button: QAbstractButton) -> bool:
    """Shown, not hidden by a scroll or a parent, and inside the window's rectangle."""
    if not button.isVisible() or button.visibleRegion().isEmpty():
        return False
    top_left = button.mapTo(window, button.rect().topLeft())
    return window.rect().contains(QRect(top_left, button.size()))


def cut_texts(window: QWidget) -> list[str]:
    """The wrapped labels shown in ``window`` that are shorter than their text at their width: their
    last lines are not drawn (a dialog sized before its text was wrapped)."""
    return [label.text() for label in window.findChildren(QLabel)
            if label.isVisible() and label.wordWrap() and label.text()
            and label.height() < label.heightForWidth(label.width())]


def _report(name: str, window: QWidget, buttons: dict[str, QAbstractButton]) -> dict:
    area = available_area(window)
    frame = window.frameGeometry()
    return {"name": name, "frame": _rect(frame), "area": _rect(area), "fits": area.contains(frame),
            "buttons": {label: _button_seen(window, b) for label, b in buttons.items()},
            "cut": cut_texts(window)}


def pump(app: QApplication, seconds: float = 0.15) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def wait(app: QApplication, predicate, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise SystemExit("screen_probe: timed out")
        app.processEvents()
        time.sleep(0.02)


def _dialog_report(app: QApplication, name: str, dialog: QWidget) -> dict:
    dialog.show()
    pump(app)
    buttons = {b.text().replace("&", ""): b for b in dialog.findChildren(QAbstractButton)
               if b.isVisibleTo(dialog) and b.objectName() != "qt_scrollarea_hcontainer"
               and type(b).__name__ == "QPushButton"}
    entry = _report(name, dialog, buttons)
    dialog.close()
    return entry


def _item_seen(page, row) -> bool:
    """The checklist row is inside the list's viewport and the page's, with neither scrolled."""
    items = page.items
    rect = items.visualItemRect(row)
    if rect.isEmpty() or not items.viewport().rect().contains(rect):
        return False
    top_left = items.viewport().mapTo(page.page_scroll.viewport(), rect.topLeft())
    return page.page_scroll.viewport().rect().contains(QRect(top_left, rect.size()))


def _checklist_report(app: QApplication, window: QWidget) -> dict:
    """Revisão at the screen's height less a taskbar and a title bar (a maximised window on a real
    desktop): which checklist items are seen without scrolling the list or the page."""
    page = window.wizard.page_widget(Page.REVIEW)
    area = available_area(window)
    before = window.size()
    window.resize(area.width(), area.height() - TASKBAR - TITLE_BAR)
    pump(app, 0.3)
    rows = [page.items.topLevelItem(i) for i in range(page.items.topLevelItemCount())]
    seen = {str(r.data(0, 0x0100)): _item_seen(page, r) for r in rows}
    window.resize(before)
    pump(app)
    return {"name": "review:checklist", "items": seen, "window": [window.width(), area.height() - TASKBAR - TITLE_BAR]}


def main(out: Path) -> int:
    work = Path(tempfile.mkdtemp(prefix="screen-probe-"))
    os.environ["COLLECTOR_HOME"] = str(work / "home")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    i18n.install(app, os.environ.get("COLLECTOR_LANG", "pt_BR"))
    tree = rmlogs.build_log_tree(work / "totvs", datetime.now().astimezone(), days=1, every=timedelta(hours=2))
    root = rm_install.local_sqlserver(tree.root)
    services = Services(portal=PortalConfig(PortalSettings(url="https://suporte.exemplo.com.br")),
                        rm_roots=[root], rmerror_dirs=[], session_dir=work / "session", screenshot_delay=0.05)
    state = WizardState()
    window = MainWindow(state, services)
    window.resize(4000, 3000)  # asks for more than any screen has: the window must still fit
    window.show()
    wizard = window.wizard
    reports = []
    checklist: dict = {}

    def page_buttons() -> dict[str, QAbstractButton]:
        names = {QWizard.WizardButton.BackButton: "back", QWizard.WizardButton.NextButton: "next",
                 QWizard.WizardButton.FinishButton: "finish", QWizard.WizardButton.CancelButton: "cancel"}
        return {label: wizard.button(which) for which, label in names.items()
                if wizard.button(which).isVisibleTo(wizard)}

    wait(app, lambda: state.inspect_doc is not None and not state.inspecting)
    a = state.answers
    a.title, a.process, a.expected, a.users_affected = "Erro ao gerar holerite", "1. Abrir\n2. Gerar", "Gerar", "one"
    for page in Page:
        if page == Page.EVIDENCE:
            wait(app, lambda: not state.discovering)
        if page == Page.REVIEW:
            wait(app, lambda: state.review.staged or bool(state.review.stage_error))
        pump(app)
        buttons = page_buttons()
        if page == Page.REVIEW:  # the consent the status line asks for must be in sight, not scrolled away
            buttons["consent"] = wizard.page_widget(Page.REVIEW).consent
        entry = _report(f"page:{page.name.lower()}", window, buttons)
        entry["sideways"] = wizard.page_widget(page).page_scroll.horizontalScrollBar().isVisible()
        reports.append(entry)
        if page == Page.REVIEW:
            checklist = _checklist_report(app, window)
            wizard.page_widget(Page.REVIEW).consent.setChecked(True)
        if page != Page.SEND:
            wizard.next()
            wait(app, lambda p=page: wizard.currentId() == int(p) + 1, timeout=10)

    reports.append(checklist)
    image = QImage(2560, 1440, QImage.Format.Format_RGB32)
    image.fill(QColor("#eceff1"))
    reports.append(_dialog_report(app, "dialog:cover", CoverEditor(image, "tela.png", [Rect(10, 10, 90, 40)], window)))
    reports.append(_dialog_report(app, "dialog:about", AboutDialog(window)))
    reports.append(_dialog_report(app, "dialog:portal", PortalDialog(window)))
    # "Meus chamados", a ticket (its tallest state: the analyst's request and the survey shown) and the
    # review of an answer to the analyst, each asking for more than the screen has
    tickets = TicketsWindow(services, None, auto_refresh=False)
    tickets.resize(4000, 3000)
    reports.append(_dialog_report(app, "window:tickets", tickets))
    detail = TicketDetail(services, 1)
    detail.request_box.show()
    detail.survey_box.show()
    detail.resize(4000, 3000)
    reports.append(_dialog_report(app, "window:ticket", detail))
    review = AnswerReview("manifest.json\nlogs/RM.Host.log\n" * 40, 1, window)
    review.resize(4000, 3000)
    reports.append(_dialog_report(app, "dialog:answer-review", review))
    seen: list[dict] = []

    def answer_box() -> None:  # the confirmation asked when closing with work not sent
        box = next((w for w in app.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()), None)
        if box is None:
            QTimer.singleShot(50, answer_box)
            return
        seen.append(_report("dialog:close-confirm", box, {b.text().replace("&", ""): b for b in box.buttons()}))
        box.reject()

    state.evidence.clear()
    QTimer.singleShot(50, answer_box)
    window.close()
    reports.extend(seen)
    window.force_close()
    tasks.wait_all(20_000)
    out.write_text(json.dumps(reports, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
