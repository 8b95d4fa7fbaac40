"""Fixtures of the database probe tests: free ports, a TCP listener that accepts and never answers,
and the RM tables in a SQLite file for the real ODBC path."""

from __future__ import annotations

import socket
import sqlite3
import threading
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _no_db_password(monkeypatch):
    monkeypatch.delenv("COLLECTOR_DB_PASSWORD", raising=False)
    monkeypatch.delenv("COLLECTOR_DB_TIMEOUT", raising=False)
    monkeypatch.delenv("TNS_ADMIN", raising=False)


@pytest.fixture
def unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SilentListener:
    """Accepts every connection and reads what arrives, but never sends a byte. Records how many
    connections it got and how many the peer closed (a killed process closes its sockets)."""

    def __init__(self) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen()
        self.port = self._sock.getsockname()[1]
        self.accepted = 0
        self.closed_by_peer = threading.Semaphore(0)
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self.accepted += 1
            threading.Thread(target=self._drain, args=(conn,), daemon=True).start()

    def _drain(self, conn: socket.socket) -> None:
        with conn:
            try:
                while conn.recv(65536):
                    pass
            except OSError:
                pass
        self.closed_by_peer.release()

    def close(self) -> None:
        self._stop = True
        self._sock.close()


@pytest.fixture
def silent_listener():
    listener = SilentListener()
    yield listener
    listener.close()


RM_SCHEMA = """
CREATE TABLE GCOLIGADA (CODCOLIGADA INTEGER PRIMARY KEY, NOME VARCHAR(60));
CREATE TABLE GFILIAL (CODCOLIGADA INTEGER, CODFILIAL INTEGER, NOME VARCHAR(60),
                      PRIMARY KEY (CODCOLIGADA, CODFILIAL));
INSERT INTO GCOLIGADA VALUES (1, 'EMPRESA MODELO LTDA'), (2, 'COMÉRCIO EXEMPLO S.A.');
INSERT INTO GFILIAL VALUES (2, 1, 'MATRIZ RECIFE'), (1, 1, 'MATRIZ - SÃO PAULO'), (1, 2, 'FILIAL CURITIBA');
"""


def make_rm_sqlite(path: Path, *, filiais: bool = True) -> Path:
    with sqlite3.connect(path) as db:
        db.executescript(RM_SCHEMA)
        if not filiais:
            db.execute("DROP TABLE GFILIAL")
    return path


@pytest.fixture
def rm_sqlite(tmp_path) -> Path:
    return make_rm_sqlite(tmp_path / "corporerm.db")
