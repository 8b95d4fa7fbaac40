"""The tray icon (issue 18): "Capturar tela", "Gravar tela", "Novo chamado", "Meus chamados", the
background options, "Sair"; ticket notifications and the RMError watcher's offers as tray messages.

Where the desktop has no tray (``QSystemTrayIcon.isSystemTrayAvailable()`` false: a bare X server, some
Linux desktops) the application works as before, without it: the menu is not shown, nothing is
said, and closing the main window quits. The polling is plain Python on worker threads
(:mod:`collector.portal.watch`, :mod:`collector.probes.rmerror_watch`); the threads only emit
signals, which Qt delivers on the GUI thread.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QColor, QDesktopServices, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from collector.core import autostart, background


class Windows(Protocol):
    """What the tray asks of the application (:class:`collector.ui.app.Windows`)."""

    services: Any
    tickets: Any

    def capture_screen(self) -> None: ...
    def record_screen(self) -> None: ...
    def new_ticket(self) -> Any: ...
    def show_tickets(self) -> None: ...
    def new_ticket_with_rmerror(self, offer: Any) -> Any: ...
    def quit(self) -> None: ...


log = logging.getLogger(__name__)
MESSAGE_MS = 15_000  # how long a tray message stays


def available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


def icon() -> QIcon:
    """The application's icon (``resources/icons/collector.ico``), or a drawn one if it is missing."""
    here = Path(__file__).resolve()
    for folder in (Path(getattr(sys, "_MEIPASS", "")) / "resources", here.parents[2] / "resources"):
        path = folder / "icons" / "collector.ico"
        if path.is_file():
            found = QIcon(str(path))
            if not found.isNull():
                return found
    pix = QPixmap(32, 32)
    pix.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#1f5fa8"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(1, 1, 30, 30, 6, 6)
    painter.setPen(QColor("white"))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(14)
    painter.setFont(font)
    painter.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, "RM")
    painter.end()
    return QIcon(pix)


class Tray(QObject):
    """The menu always exists (tests and the screenshot use it); the icon only where a tray is."""

    noticed = Signal(object)  # collector.portal.watch.Notice, from the watch thread
    offered = Signal(object)  # collector.probes.rmerror_watch.Offer, from the watcher thread

    def __init__(self, windows: Windows, settings: background.Background | None = None,
                 show_icon: bool | None = None):
        super().__init__()
        self.windows = windows
        self.settings = settings if settings is not None else background.load()
        self.shared = background.shared_server()
        self.menu = QMenu()
        self.menu.setObjectName("TrayMenu")
        self.capture_action = self._action(self.tr("&Capture screen"), windows.capture_screen)
        self.record_action = self._action(self.tr("&Record screen"), windows.record_screen)
        self.menu.addSeparator()
        self.new_action = self._action(self.tr("&New ticket"), windows.new_ticket)
        self.tickets_action = self._action(self.tr("&My tickets"), windows.show_tickets)
        self.offer_action = self._action(self.tr("Open a ticket with this &error"), self.open_offer)
        self.offer_action.setVisible(False)
        self.menu.addSeparator()
        options = self.menu.addMenu(self.tr("&Options"))
        self.notify_action = self._toggle(options, self.tr("&Notify me about my tickets"),
                                          self.settings.notifications_on(self.shared), self.set_notifications)
        self.watch_action = self._toggle(options, self.tr("Offer a ticket for new &RMError files"),
                                         self.settings.rmerror_watch, self.set_rmerror_watch)
        self.autostart_action = self._toggle(options, self.tr("&Start with my session"),
                                             self.settings.start_with_session, self.set_start_with_session)
        self.menu.addSeparator()
        self.quit_action = self._action(self.tr("&Quit"), windows.quit)

        self.first_poll = 15.0  # seconds after start-up before the first ticket poll
        self.schedule = None  # a collector.portal.watch.Schedule (tests pass a fast one)
        self.pending_offer = None
        self.last_notice = None
        self.messages: list[tuple[str, str]] = []  # every message shown (the tests read it; a handful a session)
        self._watch_stop: threading.Event | None = None
        self._rmerror_stop: threading.Event | None = None
        self.noticed.connect(self.show_notice)
        self.offered.connect(self.show_offer)

        self.icon: QSystemTrayIcon | None = None
        if available() if show_icon is None else show_icon:
            self.icon = QSystemTrayIcon(icon(), self)
            self.icon.setToolTip(self.tr("RM Diagnostic Collector"))
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._activated)
            self.icon.messageClicked.connect(self._message_clicked)
            self.icon.show()

    # ------------------------------------------------------------------ menu

    def _action(self, text: str, slot) -> QAction:
        action = self.menu.addAction(text)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _toggle(self, menu: QMenu, text: str, on: bool, slot) -> QAction:
        action = menu.addAction(text)
        action.setCheckable(True)
        action.setChecked(on)
        action.toggled.connect(slot)
        return action

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.windows.show_tickets()

    # ------------------------------------------------------------------ options

    def set_notifications(self, on: bool) -> None:
        self.settings.notifications = on
        background.save(self.settings)
        self.start_watches()

    def set_rmerror_watch(self, on: bool) -> None:
        self.settings.rmerror_watch = on
        background.save(self.settings)
        self.start_watches()

    def set_start_with_session(self, on: bool) -> None:
        try:
            if on:
                autostart.enable()
            else:
                autostart.disable()
        except OSError as exc:
            log.warning("start with the session: %s", exc)
            self.autostart_action.blockSignals(True)
            self.autostart_action.setChecked(not on)
            self.autostart_action.blockSignals(False)
            self.say(self.tr("Could not change the start with the session: %1").replace("%1", str(exc)))
            return
        self.settings.start_with_session = on
        background.save(self.settings)

    # ------------------------------------------------------------------ watches

    def start_watches(self) -> None:
        """Starts or stops the two background threads to match the options."""
        want_notices = self.settings.notifications_on(self.shared) and self.icon is not None
        if want_notices and self._watch_stop is None:
            self._watch_stop = self._thread("ticket-watch", self._watch_tickets)
        elif not want_notices and self._watch_stop is not None:
            self._watch_stop.set()
            self._watch_stop = None
        want_rmerror = self.settings.rmerror_watch and self.icon is not None
        if want_rmerror and self._rmerror_stop is None:
            self._rmerror_stop = self._thread("rmerror-watch", self._watch_rmerror)
        elif not want_rmerror and self._rmerror_stop is not None:
            self._rmerror_stop.set()
            self._rmerror_stop = None

    def _thread(self, name: str, target) -> threading.Event:
        stop = threading.Event()
        threading.Thread(target=target, args=(stop,), name=name, daemon=True).start()
        return stop

    def _watch_tickets(self, stop: threading.Event) -> None:
        from collector.portal import watch

        services = self.windows.services
        schedule = self.schedule or watch.Schedule(interval=60.0 * services.portal.settings.profile.poll_minutes)
        watch.run(services.watch_tickets, self.noticed.emit, stop, schedule,
                  first_delay=self.first_poll, on_error=lambda exc: log.info("ticket watch: %s", exc))

    def _watch_rmerror(self, stop: threading.Event) -> None:
        from collector.probes import rmerror_watch

        services = self.windows.services
        ctx = rmerror_watch.context(services.rmerror_dirs, [str(r) for r in services.rm_roots])
        rmerror_watch.RmErrorWatcher(ctx).run(self.offered.emit, stop,
                                              on_error=lambda exc: log.info("RMError watch: %s", exc))

    def stop(self) -> None:
        for stop in (self._watch_stop, self._rmerror_stop):
            if stop is not None:
                stop.set()
        self._watch_stop = self._rmerror_stop = None
        if self.icon is not None:
            self.icon.hide()

    # ------------------------------------------------------------------ messages

    def notice_text(self, notice) -> tuple[str, str]:
        title = self.tr("Ticket #%1").replace("%1", str(notice.ticket_id))
        if notice.kind == "request":
            text = self.tr("The analyst asked for: %1. Open “My tickets” to send it.").replace("%1", notice.asked)
        else:
            text = self.tr("Status changed: %1 → %2").replace("%1", notice.old).replace("%2", notice.new)
        return title, f"{notice.subject}\n{text}" if notice.subject else text

    def show_notice(self, notice) -> None:
        self.last_notice, self.pending_offer = notice, None
        title, text = self.notice_text(notice)
        self._message(title, text)
        if self.windows.tickets.isVisible():  # hidden, it refreshes when shown (one listing, not two)
            self.windows.tickets.refresh()

    def show_offer(self, offer) -> None:
        self.pending_offer = offer
        self.offer_action.setText(self.tr("Open a ticket with this error (%1)").replace("%1", offer.path.name))
        self.offer_action.setVisible(True)
        self._message(self.tr("New RMError file"), self.tr(
            "%1 appeared. Open a ticket with this error? Click here, or use the tray menu.").replace(
            "%1", offer.path.name))

    def open_offer(self) -> None:
        offer, self.pending_offer = self.pending_offer, None
        self.offer_action.setVisible(False)
        if offer is not None:
            self.windows.new_ticket_with_rmerror(offer)

    def _message_clicked(self) -> None:
        if self.pending_offer is not None:
            self.open_offer()
        elif self.last_notice is not None:
            QDesktopServices.openUrl(QUrl(self.last_notice.url))

    def _message(self, title: str, text: str) -> None:
        self.messages.append((title, text))
        if self.icon is not None:
            self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)

    def say(self, text: str) -> None:
        self._message(self.tr("RM Diagnostic Collector"), text)


