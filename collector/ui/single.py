"""One wizard per user session (SPEC §1: on a Terminal Server dozens of users share the machine).

The first instance listens on a local socket whose name carries the user, the session (Windows
session id, else the X display) and the data folder; a second start connects, asks the first one to
come forward, and exits.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from collector.core import paths, winsession

RAISE = b"raise\n"


def _windows_session_id() -> str:
    session = winsession.current_session_id()
    return str(session) if session is not None else os.environ.get("SESSIONNAME", "")


def session_key() -> str:
    """Identifies this user's session: user + session + data folder."""
    try:
        user = getpass.getuser()
    except Exception:
        user = os.environ.get("USERNAME") or os.environ.get("USER") or "user"
    if sys.platform == "win32":
        session = _windows_session_id()
    else:
        session = os.environ.get("XDG_SESSION_ID") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY", "")
    return f"{user}|{session}|{paths.data_dir()}"


def server_name() -> str:
    digest = hashlib.sha256(session_key().encode("utf-8", "replace")).hexdigest()[:16]
    return f"coletor-rm-{digest}"


class SingleInstance(QObject):
    """``claim()`` → True when this is the first instance; then ``activated`` fires on later starts."""

    activated = Signal()

    def __init__(self, name: str | None = None):
        super().__init__()
        self.name = name or server_name()
        self.server: QLocalServer | None = None
        self._clients: list[QLocalSocket] = []

    def notify_running(self, timeout_ms: int = 500) -> bool:
        """Asks a running instance to come forward; True when one answered."""
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(timeout_ms):
            return False
        winsession.allow_set_foreground()  # else Windows only flashes the first instance's taskbar button
        sock.write(RAISE)
        sock.flush()
        sock.waitForBytesWritten(timeout_ms)
        sock.disconnectFromServer()
        return True

    def claim(self) -> bool:
        if self.notify_running():
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # a stale socket left by a crash (Unix): nobody answered above, so remove it and retry
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                return True  # cannot guard: better a second window than no window
        server.newConnection.connect(self._on_connection)
        self.server = server
        return True

    def _on_connection(self) -> None:
        self._clients = [c for c in self._clients
                         if c.state() != QLocalSocket.LocalSocketState.UnconnectedState]
        while self.server is not None and self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            self._clients.append(sock)
            sock.readyRead.connect(self._read_all)

    def _read_all(self) -> None:
        for sock in list(self._clients):
            if sock.bytesAvailable() and bytes(sock.readAll().data()).startswith(RAISE.strip()):
                self.activated.emit()

    def release(self) -> None:
        for sock in self._clients:
            sock.abort()
        self._clients.clear()
        if self.server is not None:
            self.server.close()
            self.server = None
