"""A tiny TDS (SQL Server wire protocol) endpoint for tests: it answers PRELOGIN without encryption,
decodes the LOGIN7 packet a real driver (FreeTDS) sends — user, password, database, application
name, read-only intent — and then either rejects the login with SQL Server's error 18456 or drops
the connection. Enough to check what our connection strings deliver, without a SQL Server.

Packet layouts: [MS-TDS] 2.2.6.4 (PRELOGIN), 2.2.6.4 (LOGIN7), 2.2.7.10 (ERROR), 2.2.7.6 (DONE).
"""

from __future__ import annotations

import socket
import struct
import threading
from dataclasses import dataclass, field

_LOGIN_FIELDS = ("host", "user", "password", "app", "server", "extension", "library", "language", "database")


def _recv_exact(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("peer closed")
        data += chunk
    return data


def recv_packet(conn: socket.socket) -> tuple[int, bytes]:
    header = _recv_exact(conn, 8)
    length = struct.unpack(">H", header[2:4])[0]
    return header[0], _recv_exact(conn, length - 8)


def _packet(kind: int, payload: bytes) -> bytes:
    return bytes([kind, 0x01]) + struct.pack(">HHBB", 8 + len(payload), 0, 1, 0) + payload


def prelogin_response() -> bytes:
    offset = 5 + 5 + 1  # two option headers and the terminator
    options = (bytes([0x00]) + struct.pack(">HH", offset, 6) + bytes([0x01])
               + struct.pack(">HH", offset + 6, 1) + b"\xff")
    version = bytes([15, 0, 0x10, 0xE0, 0, 0])  # 15.0.4320 (any version works)
    return _packet(0x04, options + version + b"\x02")  # ENCRYPT_NOT_SUP


def decode_login7(body: bytes) -> dict:
    out: dict = {}
    for i, name in enumerate(_LOGIN_FIELDS):
        offset, length = struct.unpack("<HH", body[36 + 4 * i: 40 + 4 * i])
        raw = body[offset: offset + 2 * length]
        if name == "password":  # each byte: nibbles swapped, then XOR 0xA5
            raw = bytes((((b ^ 0xA5) & 0x0F) << 4) | ((b ^ 0xA5) >> 4) for b in raw)
        out[name] = raw.decode("utf-16-le")
    out["read_only_intent"] = bool(body[26] & 0x20)  # TypeFlags.fReadOnlyIntent
    return out


def _us_varchar(text: str) -> bytes:
    return struct.pack("<H", len(text)) + text.encode("utf-16-le")


def _b_varchar(text: str) -> bytes:
    return bytes([len(text)]) + text.encode("utf-16-le")


_MESSAGES = {
    18456: "Login failed for user '{user}'.",
    4060: 'Cannot open database "{database}" requested by the login. The login failed.',
}


def login_error_response(number: int, login: dict) -> bytes:
    text = _MESSAGES[number].format(**login)
    body = (struct.pack("<lBB", number, 1, 14 if number == 18456 else 11) + _us_varchar(text)
            + _b_varchar("FAKESQL") + _b_varchar("") + struct.pack("<l", 1))
    error = bytes([0xAA]) + struct.pack("<H", len(body)) + body
    done = bytes([0xFD]) + struct.pack("<HHQ", 0x0002, 0, 0)
    return _packet(0x04, error + done)


@dataclass
class FakeTds:
    """Listens on 127.0.0.1; ``reject`` = an error number (18456 login failed, 4060 cannot open
    database) to answer the login with; None drops the connection after reading the login."""

    reject: int | None = None
    logins: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen()
        self.port = self._sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            try:
                kind, _ = recv_packet(conn)
                if kind != 0x12:
                    return
                conn.sendall(prelogin_response())
                kind, body = recv_packet(conn)
                if kind != 0x10:
                    return
                login = decode_login7(body)
                self.logins.append(login)
                if self.reject:
                    conn.sendall(login_error_response(self.reject, login))
                    conn.recv(1024)  # wait for the driver to hang up
            except (ConnectionError, OSError):
                return

    def close(self) -> None:
        self._sock.close()
