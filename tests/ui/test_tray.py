"""The tray (issue 18): its menu's actions, the RMError watcher's offer through the wizard, the
options, and a desktop without a tray."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from collector.core import autostart, background
from collector.core.kinds import Kind
from collector.core.wizard import Page
from collector.portal.watch import Notice
from collector.probes import rmerror_watch
from collector.ui import tasks, tray
from collector.ui.app import Windows
from tests.ui.conftest import RMERROR_TEXT, click_next

needs_screen = pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X screen (Xvfb)")


@pytest.fixture
def windows(qtbot, services):
    made = Windows(services, None, demo=False, auto_refresh=False)
    qtbot.addWidget(made.tickets)
    yield made
    if made.wizard is not None:
        made.wizard.force_close()
    for old in made._closed:
        old.force_close()
    assert tasks.wait_all(30_000)


@pytest.fixture
def menu(windows, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    made = tray.Tray(windows, settings=background.Background(), show_icon=False)
    windows.tray = made
    yield made
    made.stop()


def test_the_menu_offers_what_the_issue_lists(menu, portuguese):
    fresh = tray.Tray(menu.windows, settings=background.Background(), show_icon=False)  # built in pt_BR
    texts = [a.text().replace("&", "") for a in fresh.menu.actions() if a.isVisible() and not a.isSeparator()]
    assert texts == ["Capturar tela", "Gravar tela", "Novo chamado", "Meus chamados", "Opções", "Sair"]


def test_new_ticket_and_my_tickets(qtbot, menu, windows):
    menu.tickets_action.trigger()
    assert windows.tickets.isVisible()
    menu.new_action.trigger()
    assert windows.wizard is not None and windows.wizard.isVisible()
    first = windows.wizard
    menu.new_action.trigger()  # one wizard at a time
    assert windows.wizard is first


@needs_screen
def test_capture_screen_takes_the_wizards_screenshot_then_shows_it(qtbot, menu, windows):
    from PySide6.QtWidgets import QWidget

    windows.tickets.show()
    ticket = QWidget()  # an open ticket window: the user's conversation is not in the picture either
    qtbot.addWidget(ticket)
    ticket.show()
    menu.capture_action.trigger()
    wizard = windows.wizard
    assert wizard is not None and wizard.state.capturing
    assert not windows.tickets.isVisible() and not ticket.isVisible()  # out of the picture while it is taken
    qtbot.waitUntil(lambda: not wizard.state.capturing, timeout=30_000)
    qtbot.waitUntil(lambda: windows.tickets.isVisible() and ticket.isVisible(), timeout=5_000)
    shots = wizard.state.files(Kind.SCREENSHOTS)
    assert len(shots) >= 1 and all(s.path.is_file() and s.size > 0 for s in shots)
    assert wizard.isVisible()


@needs_screen
def test_record_screen_starts_the_wizards_recording(qtbot, menu, windows):
    menu.record_action.trigger()
    wizard = windows.wizard
    page = wizard.wizard.page_widget(Page.EVIDENCE)
    qtbot.waitUntil(lambda: page.control is not None and page.control.isVisible(), timeout=20_000)
    assert wizard.state.recording and not wizard.isVisible()
    qtbot.waitUntil(lambda: page.recorder is not None and page.recorder.elapsed > 1.0, timeout=20_000)
    page.control.stop.click()
    qtbot.waitUntil(lambda: not wizard.state.recording, timeout=30_000)
    videos = wizard.state.files(Kind.RECORDING)
    assert len(videos) == 1 and videos[0].size > 0 and wizard.isVisible()


def test_quit_closes_everything(qtbot, menu, windows, monkeypatch):
    quits = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(1)))
    windows.tickets.show()
    menu.quit_action.trigger()
    assert quits == [1] and not windows.tickets.isVisible()


def test_options_are_saved_and_start_with_the_session_writes_the_autostart_entry(menu, tmp_path):
    assert not menu.watch_action.isChecked() and not menu.autostart_action.isChecked()  # opt-in
    menu.autostart_action.trigger()
    entry = tmp_path / "xdg" / "autostart" / autostart.DESKTOP_FILE
    assert entry.is_file() and "--tray" in entry.read_text(encoding="utf-8")
    menu.watch_action.trigger()
    menu.notify_action.trigger()  # turned off
    saved = background.load()
    assert (saved.start_with_session, saved.rmerror_watch, saved.notifications) == (True, True, False)
    menu.autostart_action.trigger()
    assert not entry.exists() and background.load().start_with_session is False


def test_notices_are_worded_for_the_user(menu, portuguese):
    fresh = tray.Tray(menu.windows, settings=background.Background(), show_icon=False)
    fresh.show_notice(Notice("status", 12, "Folha não calcula", "https://x/hc/requests/12",
                             old="Em andamento", new="Pendente"))
    fresh.show_notice(Notice("request", 13, "Nota fiscal", "https://x/hc/requests/13", new="Pendente",
                             asked="Logs do RM, Arquivos RMError", request_id="13.5"))
    assert fresh.messages == [
        ("Chamado #12", "Folha não calcula\nO status mudou: Em andamento → Pendente"),
        ("Chamado #13", "Nota fiscal\nO analista pediu: Logs do RM, Arquivos RMError. Abra “Meus chamados” "
                        "para enviar.")]
    fresh.stop()


def test_a_status_change_on_the_portal_becomes_one_tray_message(qtbot, windows, portal):
    """End to end: the watch thread polls the local portal, its notice reaches the GUI thread once."""
    import random

    from collector.portal.local.testing import session
    from collector.portal.watch import Schedule

    with windows.services.client() as client:
        ticket = client.create_request("Folha não calcula", "texto")["id"]
    shown = tray.Tray(windows, settings=background.Background(notifications=True), show_icon=True)
    shown.first_poll, shown.schedule = 0.05, Schedule(interval=0.2, rng=random.Random(5))
    polls = []
    original = windows.services.watch_tickets
    windows.services.watch_tickets = lambda: polls.append(1) or original()
    try:
        shown.start_watches()
        qtbot.waitUntil(lambda: len(polls) >= 2, timeout=20_000)  # the baseline is taken
        agent = portal.accounts["agent"]
        with session(portal.url, agent["email"], agent["token"]) as s:
            s.put(f"{portal.url}/api/v2/tickets/{ticket}", json={"ticket": {"status": "pending"}}).raise_for_status()
        qtbot.waitUntil(lambda: len(shown.messages) == 1, timeout=20_000)
        seen = len(polls)
        qtbot.waitUntil(lambda: len(polls) >= seen + 2, timeout=20_000)  # more polls, no second message
        assert shown.messages == [(f"Ticket #{ticket}", "Folha não calcula\nStatus changed: Novo → Pendente")]
    finally:
        shown.stop()


def test_without_a_tray_the_application_works_and_says_nothing(qtbot, windows, monkeypatch):
    monkeypatch.setattr(tray.QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
    quiet = tray.Tray(windows, settings=background.Background(notifications=True, rmerror_watch=True))
    quiet.start_watches()
    assert quiet.icon is None and quiet._watch_stop is None and quiet._rmerror_stop is None
    assert quiet.messages == []
    quiet.new_action.trigger()  # the menu's actions still work (the main window has the same buttons)
    assert windows.wizard is not None


def test_a_new_rmerror_file_offers_a_ticket_with_it_and_its_logs(qtbot, menu, windows, services, installation):
    ctx = rmerror_watch.context(services.rmerror_dirs, [str(r) for r in services.rm_roots])
    watcher = rmerror_watch.RmErrorWatcher(ctx)
    assert watcher.scan() == []  # what was there before is not offered
    new = installation / "RMError_folha.txt"
    new.write_text(RMERROR_TEXT, encoding="cp1252")
    past = time.time() - 600  # written ten minutes ago
    os.utime(new, (past, past))
    offers = watcher.scan() + watcher.scan()  # offered once it stopped changing
    assert [o.path for o in offers] == [new]
    with qtbot.waitSignal(menu.offered, timeout=5_000):
        menu.offered.emit(offers[0])  # as the watcher thread does
    assert menu.offer_action.isVisible() and "RMError_folha.txt" in menu.offer_action.text()
    assert menu.messages[-1][0] == "New RMError file"

    menu.offer_action.trigger()
    wizard = windows.wizard
    state = wizard.state
    assert not menu.offer_action.isVisible()
    assert [(e.path, e.selected) for e in state.files(Kind.RMERROR)] == [(new, True)]
    assert abs((state.log_window_start() - offers[0].log_since).total_seconds()) < 1

    # the wizard's own discovery, on its evidence page, keeps the file and adds the logs around it
    qtbot.waitUntil(lambda: state.inspect_doc is not None and not state.inspecting, timeout=30_000)
    state.answers.title, state.answers.process = "Erro na folha", "1. Calcular"
    state.answers.expected, state.answers.users_affected = "Calcular", "one"
    while wizard.wizard.currentId() < int(Page.EVIDENCE):
        click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: not state.discovering and bool(state.files(Kind.LOGS)), timeout=30_000)
    chosen = {e.path: e.selected for e in state.files(Kind.RMERROR)}
    assert chosen[new] is True
    logs = state.files(Kind.LOGS, selected_only=True)
    assert logs and all(Path(e.path).stat().st_mtime >= offers[0].log_since.timestamp() - 1 for e in logs)


def test_the_tray_start_reads_the_saved_sign_in_on_a_worker(qtbot, windows, monkeypatch):
    """A tray-only start never refreshes the main window: the keyring is read anyway, off the GUI thread,
    so that the wizard's "signed in?" later does not wait for it."""
    import threading

    from collector.ui import app

    portal = windows.services.portal
    portal.saved_pending = True
    read_on: list[str] = []
    monkeypatch.setattr(type(portal), "load_saved",
                        lambda self: read_on.append(threading.current_thread().name) or setattr(
                            self, "saved_pending", False))
    monkeypatch.setattr(tray.QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
    made = app.start_tray(windows, QApplication.instance())
    try:
        qtbot.waitUntil(lambda: not portal.saved_pending, timeout=10_000)
        assert read_on and read_on[0] != threading.main_thread().name
    finally:
        made.stop()
