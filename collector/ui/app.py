"""The application: Qt set-up, translations, one instance per session, portal, windows.

``run(demo=False, portal_url=None)`` is what ``collector`` (no command) calls: the main window
"Meus chamados" (:mod:`collector.ui.tickets_window`) first; "Novo chamado" opens the wizard. Everything
slow — the tickets, the demo portal, inspection — starts after the main window is on screen.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from collector import __version__
from collector.core import errorbox, paths
from collector.ui import i18n, tasks
from collector.ui.backend import (
    PortalConfig,
    Services,
    demo_account,
    load_portal_config,
    save_portal_url,
    start_demo_portal,
)
from collector.ui.single import SingleInstance
from collector.ui.top_window import after_first_paint, bring_forward

if TYPE_CHECKING:
    from collector.ui.tray import Tray
    from collector.ui.wizard import MainWindow

log = logging.getLogger(__name__)

ENV_ROOTS = "COLLECTOR_RM_ROOTS"  # installation folders for the wizard (os.pathsep-separated)
ENV_BENCH = "COLLECTOR_BENCH_FIRST_PAGE"  # benchmark hook: write the time of the first paint, then quit


def ui_settings() -> QSettings:
    """Per-user UI preferences (window size, language), next to the rest of the user's state."""
    return QSettings(str(paths.data_dir() / "ui.ini"), QSettings.Format.IniFormat)


def application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Coletor de Diagnóstico RM")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("ColetorRM")
    app.setDesktopFileName("coletor-rm")
    return app


class _FirstPaint(QObject):
    """Benchmark hook: notes when the first page is painted."""

    def __init__(self, target: Path, app: QApplication):
        super().__init__()
        self.target, self.app, self.done = target, app, False

    def eventFilter(self, _obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            stamp = time.time()
            QTimer.singleShot(0, lambda: (self.target.write_text(f"{stamp:.6f}\n"), self.app.quit()))
        return False


def start_demo(services: Services, window, on_ready=None) -> None:
    """Starts the local portal off the GUI thread; the user signs in through the browser with the
    demo account shown in the banner's tooltip. ``window``: the main window or the wizard's."""
    def ready(config: PortalConfig) -> None:
        services.portal.settings = config.settings
        services.portal.credentials = config.credentials
        services.portal.local = config.local
        account = demo_account(config)
        window.banner.setToolTip(QCoreApplication.translate(
            "MainWindow", "Demo account for \"Sign in to the portal\": %1 — password: %2").replace(
            "%1", account.get("email", "")).replace("%2", account.get("password", "")))
        wizard = getattr(window, "wizard", None)
        if wizard is not None and wizard.currentId() == int(_send_page()):
            wizard.page_widget(_send_page()).refresh_account()
        if on_ready is not None:
            on_ready()

    def failed(failure: tasks.TaskFailure) -> None:
        message = failure.message
        log.error("demo portal did not start: %s", message)
        window.banner.setText(window.banner.text() + " — " + QCoreApplication.translate(
            "MainWindow", "the local portal did not start: %1").replace("%1", message))

    task = tasks.Task(start_demo_portal, name="demo-portal")
    task.done.connect(ready)
    task.failed.connect(failed)
    task.start()  # the task keeps itself alive until its signals are delivered


def _send_page():
    from collector.core.wizard import Page

    return Page.SEND


class Windows:
    """The main window and, on demand, the wizard (one at a time) over the same services."""

    def __init__(self, services: Services, settings: QSettings | None, demo: bool, auto_refresh: bool = True):
        from collector.ui.tickets_window import TicketsWindow

        self.services, self.settings, self.demo = services, settings, demo
        self.wizard: MainWindow | None = None
        self._closed: list[MainWindow] = []
        self.first_paint: QObject | None = None  # the start-up benchmark's event filter
        self.tray: Tray | None = None  # started after the first paint (start_tray)
        self.tickets = TicketsWindow(services, settings, demo=demo, open_wizard=self._open_wizard,
                                     auto_refresh=auto_refresh)

    def _open_wizard(self, reply_to: int | None = None) -> None:
        self.new_ticket(reply_to)

    def new_ticket(self, reply_to: int | None = None, state=None, show: bool = True) -> MainWindow:
        """Opens the wizard (or brings the open one forward); closing it refreshes the tickets.
        ``reply_to``: a ticket to complement (the ticket window's "Responder com anexos…");
        ``state``: a prepared WizardState (the RMError offer); ``show=False``: the caller shows it
        (a capture from the tray hides it first anyway)."""
        if self.wizard is not None and (self.wizard.isVisible() or self.wizard.isHidden() and self._busy()):
            if show:
                self.wizard.bring_forward()
            return self.wizard
        # imported on demand: the wizard's pages are not needed to paint the main window (cold start)
        from collector.core.wizard import Mode, WizardState
        from collector.ui.resume import offer_draft
        from collector.ui.wizard import MainWindow

        started = None
        # "Continuar o chamado de 02/12 10:04?" — a ticket left unsent comes first (one draft per user).
        # Asked for every new wizard: a tray capture's or an RMError offer's wizard would write its own
        # draft over it; on Continuar what they prepared joins the continued ticket
        resumed = offer_draft(self.tickets)
        if resumed is not None:
            prepared, state, started = state, resumed.state(), resumed.started
            if prepared is not None:
                state.add_evidence(prepared.evidence)
            self.services.session_dir = resumed.session_dir or self.services.session_dir
            reply_to = None  # the user chose to continue that ticket
        state = state or WizardState()
        if reply_to is not None:
            state.set_mode(Mode.COMPLEMENT, reply_to)
        self.wizard = MainWindow(state, self.services, self.settings, demo=self.demo, started=started)
        if resumed is not None:
            self.wizard.resume_on(resumed.page)
        self.wizard.closed.connect(self._wizard_closed)
        if show:
            self.wizard.show()
        return self.wizard

    def _busy(self) -> bool:
        state = self.wizard.state if self.wizard is not None else None
        return bool(state is not None and (state.capturing or state.recording))

    def _evidence_page(self, show: bool):
        from collector.core.wizard import Page

        return self.new_ticket(show=show).wizard.page_widget(Page.EVIDENCE)

    def capture_screen(self) -> None:
        """The tray's "Capturar tela": the wizard's own screenshot (its evidence page: every window of
        ours steps aside meanwhile, "Meus chamados" too), then the wizard shows with it in its evidence."""
        self._evidence_page(show=False).capture()

    def record_screen(self) -> None:
        """The tray's "Gravar tela": the wizard's own recording (the recording control shows)."""
        self._evidence_page(show=False).start_recording()

    def new_ticket_with_rmerror(self, offer) -> MainWindow:
        """The RMError watcher's "Abrir um chamado com este erro": the file and the logs of the time
        around it (``offer.log_since`` to now) preselected."""
        from collector.core.kinds import Kind
        from collector.core.wizard import EvidenceFile, WizardState

        state = WizardState(log_since=offer.log_since)
        state.add_evidence([EvidenceFile(path=offer.path, kind=Kind.RMERROR, origin="found", size=offer.size,
                                         mtime=offer.mtime)])
        return self.new_ticket(state=state)  # one wizard at a time: an open one comes forward instead

    def show_tickets(self) -> None:
        self.tickets.bring_forward()

    def quit(self) -> None:
        """The tray's "Sair": the wizard asks first when it holds unsent work."""
        if self.wizard is not None and self.wizard.isVisible() and not self.wizard.close():
            return
        if self.tray is not None:
            self.tray.stop()
        self.tickets.close()
        QApplication.quit()

    def _wizard_closed(self) -> None:
        # kept alive, hidden: a page's worker may still report to it (deleting it would crash the slot)
        if self.wizard is not None:
            self._closed.append(self.wizard)
        self.wizard = None
        self.tickets.refresh()

    def bring_forward(self) -> None:
        (self.wizard or self.tickets).bring_forward()

    def force_close(self) -> None:
        """Every window closes without questions (Ctrl+C, the session ending)."""
        if self.wizard is not None:
            self.wizard.force_close()
        self.tickets.close()

    def interrupt(self) -> None:
        """Ctrl+C in the terminal: the windows close and the application ends — with a tray, closing the
        windows alone would leave it running."""
        self.force_close()
        if self.tray is not None:
            self.tray.stop()
        QApplication.quit()


def choose_portal(demo: bool, portal_url: str | None,
                  single: SingleInstance | None = None) -> tuple[PortalConfig, bool] | None:
    """The portal to use; asks when none is configured. None: the user closed the dialog. While the
    question is on screen a second start brings it forward (``single`` listens from then on)."""
    if demo:
        return PortalConfig(demo=True), True
    config = load_portal_config(portal_url, deferred=True)  # the keyring is read after the first paint
    if config.url:
        return config, False
    from collector.ui.portal_dialog import PortalDialog

    dialog = PortalDialog(validate=save_portal_url)

    def raise_dialog() -> None:
        bring_forward(dialog)

    if single is not None:
        single.listen()
        single.activated.connect(raise_dialog)
    dialog.exec()
    if single is not None:
        single.activated.disconnect(raise_dialog)
    if dialog.choice is None:
        return None
    kind, url = dialog.choice
    if kind == "demo":
        return PortalConfig(demo=True), True
    if kind == "portal":
        return load_portal_config(url, deferred=True), False
    return config, False


def unexpected_error(kind: type[BaseException], exc: BaseException, tb) -> None:
    """An exception no slot caught: Qt would print it to a stderr the windowed executable does not
    have. It goes (scrubbed) to the log file, and the user sees one line in a message box."""
    log.error("unexpected error in the wizard", exc_info=(kind, exc, tb))
    text = QCoreApplication.translate("MainWindow", "Unexpected error: %1. Details are in the log file.")
    text = text.replace("%1", f"{kind.__name__}")
    if QApplication.instance() is not None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, errorbox.TITLE, text)
    else:
        errorbox.tell(text)


def start_tray(window: Windows, app: QApplication) -> Tray:
    """The tray icon and its background work, after the first paint (cold start). Without a tray the
    application goes on as before: closing the main window quits."""
    from collector.ui import tray

    # the saved sign-in (OS keyring) read on a worker now, whether or not the main window refreshes
    # (tray-only start): "signed in?" asked later on the GUI thread (the wizard's Envio) finds it read
    tasks.Task(window.services.portal.load_saved, name="saved-sign-in").start()
    made = window.tray = tray.Tray(window)
    if made.icon is not None:
        app.setQuitOnLastWindowClosed(False)  # the main window closes to the tray; "Sair" quits
    made.start_watches()
    return made


def run(demo: bool = False, portal_url: str | None = None, debug: bool = False, tray_only: bool = False) -> int:
    app = application()
    settings = ui_settings()
    i18n.install(app, i18n.choose_language(settings.value("ui/language")))

    single = SingleInstance()
    if not single.claim():
        # the first instance comes forward (AllowSetForegroundWindow): no box needed without a console
        log.info("second start: the wizard already open in this session was brought forward")
        errorbox.tell("collector: o assistente já está aberto nesta sessão (trazido para a frente).", error=False)
        return 0
    try:
        return _run_claimed(app, settings, single, demo, portal_url, tray_only)
    finally:
        single.release()  # on every way out, after the workers: a new start then is the first again


def _run_claimed(app: QApplication, settings: QSettings, single: SingleInstance, demo: bool,
                 portal_url: str | None, tray_only: bool) -> int:
    previous_hook = sys.excepthook
    sys.excepthook = unexpected_error
    services: Services | None = None
    try:
        bench = os.environ.get(ENV_BENCH)
        chosen = (PortalConfig(demo=demo), demo) if bench else choose_portal(demo, portal_url, single)
        if chosen is None:
            return 0
        config, demo = chosen
        roots = [Path(p) for p in os.environ.get(ENV_ROOTS, "").split(os.pathsep) if p.strip()]
        services = Services(portal=config, rm_roots=roots)
        window = Windows(services, settings, demo, auto_refresh=not bench)
        single.activated.connect(window.bring_forward)
        if bench:
            window.first_paint = _FirstPaint(Path(bench), app)
            window.tickets.installEventFilter(window.first_paint)  # its first paint paints the table too
        if tray_only and not bench:
            from collector.ui import tray

            tray_only = tray.available()  # started with the session: in the tray, if there is one
        if tray_only:
            QTimer.singleShot(0, single.listen)  # nothing to paint: answer later starts at once
        else:
            window.tickets.show()
            after_first_paint(window.tickets, single.listen)  # QtNetwork waits for the first paint
        if demo and not bench:
            start_demo(services, window.tickets, on_ready=window.tickets.refresh)
        if not bench:
            QTimer.singleShot(1500 if not tray_only else 0, lambda: start_tray(window, app))

        # Ctrl+C in the terminal closes the window (Python only sees signals when the loop wakes it)
        signal.signal(signal.SIGINT, lambda *_: window.interrupt())
        wake = QTimer()
        wake.start(500)
        wake.timeout.connect(lambda: None)

        code = app.exec()
        if window.tray is not None:
            window.tray.stop()
        return int(code)
    finally:
        sys.excepthook = previous_hook
        tasks.wait_all(10_000)
        if services is not None and services.portal.local is not None:
            services.portal.local.close()
