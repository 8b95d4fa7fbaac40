"""Fixtures of the wizard's tests: a local portal on 127.0.0.1, an RM installation with logs and an
RMError file, the wizard's services wired to both, and helpers that act as a user would."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.fixtures import rm_install, rmlogs

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt, QTimer, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard  # noqa: E402

from collector.core.wizard import Page, WizardState  # noqa: E402
from collector.portal.auth import Credentials  # noqa: E402
from collector.portal.settings import PortalSettings  # noqa: E402
from collector.ui import i18n, tasks  # noqa: E402
from collector.ui.backend import PortalConfig, Services  # noqa: E402
from collector.ui.wizard import MainWindow  # noqa: E402

RMERROR_TEXT = ("Mensagem: Tempo limite de execução expirado.\r\nUsuário: mestre\r\n"
                "Conexão: Data Source=DBSRV\\RM;User Id=rm;Password=Segredo-Do-Alias-77\r\n")


@pytest.fixture
def portuguese(qapp):
    """The product's default language (English is the source language of the strings)."""
    i18n.install(qapp, "pt_BR")
    yield
    i18n.install(qapp, "en")


@pytest.fixture
def portal(lp):
    return lp


@pytest.fixture
def account(creds) -> Credentials:
    return creds


@pytest.fixture
def installation(tmp_path) -> Path:
    """A local SQL Server installation with three days of logs and an RMError file in its folder."""
    tree = rmlogs.build_log_tree(tmp_path / "totvs", datetime.now().astimezone(), days=3,
                                 every=timedelta(minutes=30))
    root = rm_install.local_sqlserver(tree.root)
    (root / "RMError_calculo.txt").write_text(RMERROR_TEXT, encoding="cp1252")
    return root


@pytest.fixture
def services(tmp_path, portal, account, installation) -> Services:
    return Services(portal=PortalConfig(PortalSettings(url=portal.url), credentials=account), rm_roots=[installation],
                    rmerror_dirs=[], session_dir=tmp_path / "session", screenshot_delay=0.05)


@pytest.fixture
def make_window(qtbot):
    made = []

    def make(services: Services, state: WizardState | None = None, demo: bool = False) -> MainWindow:
        window = MainWindow(state or WizardState(), services, demo=demo)
        qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "_force_close", True))
        window.resize(1000, 740)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.force_close()
    assert tasks.wait_all(30_000)


def type_text(widget, text: str) -> None:
    """Key presses with text, as a keyboard would send them (QTest cannot type accents)."""
    for ch in text:
        if ch == "\n":
            events = [QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")]
        else:
            events = [QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch)]
        events.append(QKeyEvent(QEvent.Type.KeyRelease, events[0].key(), Qt.KeyboardModifier.NoModifier,
                                events[0].text()))
        for event in events:
            QApplication.sendEvent(widget, event)


def drop_files(widget, paths: list[Path]) -> None:
    """What a file manager does: drag enter, then drop, with file URLs."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    for cls in (QDragEnterEvent, QDropEvent):
        event = cls(QPoint(40, 40), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)
        assert event.isAccepted()


def click_next(qtbot, window: MainWindow) -> None:
    button = window.wizard.button(QWizard.WizardButton.NextButton)
    qtbot.waitUntil(button.isEnabled, timeout=60_000)
    before = window.wizard.currentId()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.wizard.currentId() == before + 1


def click_box(qtbot, button) -> None:
    """Clicks a check box or radio button on its indicator (its centre may be empty space)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def answer_next_box(qtbot, answer) -> list[QMessageBox]:
    """Answers the next message box with ``answer(box)`` once it is on screen; returns the boxes seen."""
    seen: list[QMessageBox] = []

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            seen.append(box)
            answer(box)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)
    return seen


def detected(qtbot, state: WizardState) -> None:
    """Waits for the Ambiente page's detection to end."""
    qtbot.waitUntil(lambda: state.inspect_doc is not None and not state.inspecting, timeout=30_000)


def on_description(qtbot, make_window, services: Services, title: str):
    """A wizard past Ambiente with ``title`` typed in Título: (state, window, Descrição page)."""
    state = WizardState()
    window = make_window(services, state)
    detected(qtbot, state)
    window.wizard.next()
    desc = window.wizard.page_widget(Page.DESCRIPTION)
    desc.title_edit.setFocus()
    type_text(desc.title_edit, title)
    return state, window, desc


def sent(qtbot, state: WizardState, button, timeout: int = 60_000):
    """Clicks ``button`` on Envio (Enviar, Preparar envio manual) and waits for the outcome, returned."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.send.outcome is not None and not state.send.sending, timeout=timeout)
    return state.send.outcome
