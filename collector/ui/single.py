"""One wizard per user session (SPEC §1: on a Terminal Server dozens of users share the machine).

The name carries the user, the session (Windows session id, else the X display) and the data
folder. The first instance takes a lock file with that name (``claim``) and, once its window is on
screen, listens on a local socket with it (``listen``); a second start finds the lock taken,
connects, asks the first one to come forward, and exits.

Why a lock file first: the cold-start bar (issue 18) leaves no room for QtNetwork's import before the
first paint, and the lock answers "am I first?" with QtCore alone. Qt documents the long-lived use:
``setStaleLockTime(0)`` then ``tryLock()``; a lock left by a crashed process is recognised as stale
from the process id (and name) written into it — https://doc.qt.io/qt-6/qlockfile.html
"""

from __future__ import annotations

import os
import sys
import time
import zlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal

from collector.core import paths

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"
WAIT_FOR_FIRST_S = 3.0  # a second start waits this long for a first one that has not listened yet


def _windows_session_id() -> str:
    from collector.core import winsession

    session = winsession.current_session_id()
    return str(session) if session is not None else os.environ.get("SESSIONNAME", "")


def _user() -> str:
    """The login name, as ``getpass.getuser`` finds it (its variables first; getpass and the password
    database only when none is set: they cost ~1 ms before the first paint)."""
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if os.environ.get(name):
            return os.environ[name]
    try:
        import getpass

        return getpass.getuser()
    except Exception:
        return "user"


def session_key() -> str:
    """Identifies this user's session: user + session + data folder."""
    user = _user()
    if sys.platform == "win32":
        session = _windows_session_id()
    else:
        session = os.environ.get("XDG_SESSION_ID") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY", "")
    return f"{user}|{session}|{paths.data_dir()}"


def server_name() -> str:
    """A short name for the key (a socket path has ~100 characters on Unix). Not a secret, only a
    name: two checksums of the key (zlib is loaded already; hashlib's OpenSSL costs ~5 ms at start)."""
    key = session_key().encode("utf-8", "replace")
    return f"coletor-rm-{zlib.crc32(key):08x}{zlib.adler32(key):08x}"


class SingleInstance(QObject):
    """``claim()`` → True when this is the first instance; after ``listen()`` later starts make
    ``activated`` fire."""

    activated = Signal()

    def __init__(self, name: str | None = None):
        super().__init__()
        self.name = name or server_name()
        self.lock = QLockFile(str(paths.data_dir() / f"{self.name}.lock"))
        self.lock.setStaleLockTime(0)  # held for the whole session: only a dead holder makes it stale
        self.server: QLocalServer | None = None  # once listening
        self._clients: list[QLocalSocket] = []

    def notify_running(self, timeout_ms: int = 500) -> bool:
        """Asks a running instance to come forward; True when one answered."""
        from PySide6.QtNetwork import QLocalSocket

        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(timeout_ms):
            return False
        from collector.core import winsession

        winsession.allow_set_foreground()  # else Windows only flashes the first instance's taskbar button
        sock.write(RAISE)
        sock.flush()
        sock.waitForBytesWritten(timeout_ms)
        sock.disconnectFromServer()
        return True

    def claim(self, wait_s: float = WAIT_FOR_FIRST_S) -> bool:
        """True: this is the first instance (then call :meth:`listen`). False: a first one answered
        and comes forward. Nothing keeps the user out — better a second window than no window: a lock
        that cannot be written (permissions, an antivirus) is not waited for; a holder that does not
        answer within ``wait_s`` (hung, or a lock left by a crash on another machine: a roaming
        profile on a server farm, which Qt cannot judge stale) has its lock file removed and taken
        over (on Windows a living holder's file cannot be removed, so that only frees a dead one's)."""
        if self.lock.tryLock(0):
            return True
        if self.lock.error() != QLockFile.LockError.LockFailedError:
            return True  # not held by anyone: it cannot be written here
        deadline = time.monotonic() + wait_s
        while True:
            if self.notify_running():
                return False
            if self.lock.tryLock(0):
                return True  # the holder went away meanwhile
            if time.monotonic() >= deadline:
                self.lock.removeStaleLockFile()
                self.lock.tryLock(0)
                return True
            time.sleep(0.1)  # the first instance is starting: it listens once its window is painted

    def listen(self) -> None:
        """Starts answering later starts (after the first paint: QtNetwork's import waits till then)."""
        if self.server is not None:
            return
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # a socket left by a crash (Unix) — removed only when we hold the lock: without it, the
            # socket may be a living first instance's (that did not answer in time)
            if not self.lock.isLocked():
                return
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                return  # cannot guard: better a second window than no window
        server.newConnection.connect(self._on_connection)
        self.server = server

    def _on_connection(self) -> None:
        from PySide6.QtNetwork import QLocalSocket

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
        if self.lock.isLocked():
            self.lock.unlock()
