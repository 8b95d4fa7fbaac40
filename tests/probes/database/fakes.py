"""DB-API fakes that replay the recorded results in ``recorded/`` (see each file's provenance).

``FakeOdbcConnection`` looks like a pyodbc connection (``timeout``, ``cursor().cancel()``) and raises
real ``pyodbc`` exceptions; ``FakeOracleConnection`` looks like an oracledb one (``call_timeout``,
``cancel()``, ``version``) and raises real ``oracledb`` errors. A statement the recording does not
know fails the test: the fakes also prove that only the package's constant queries are sent.
"""

from __future__ import annotations

import json
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

from collector.probes.database.queries import ORACLE_QUERIES, ORACLE_SESSION_SETUP, SQLSERVER_QUERIES

RECORDED = Path(__file__).parent / "recorded"


def load(name: str) -> dict[str, Any]:
    return json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))


def odbc_error(spec: dict[str, Any]) -> Exception:
    import pyodbc

    return getattr(pyodbc, spec["class"])(*spec["args"])


def oracle_error(spec: dict[str, Any]) -> Exception:
    import oracledb
    from oracledb import errors

    if "dpy" in spec:
        err = errors._create_err(spec["dpy"], **spec.get("kwargs", {}))
    else:
        err = errors._Error(spec["message"], code=spec.get("code", 0))
    return getattr(oracledb, spec.get("class", "DatabaseError"))(err)


def _statements(queries) -> dict[str, tuple[str, int]]:
    return {sql: (q.name, i) for q in queries for i, sql in enumerate(q.sql)}


def _typed(reply: dict[str, Any]) -> tuple[list[tuple[str]], list[tuple]]:
    columns = reply["columns"]
    types = reply.get("types", {})
    rows = []
    for row in reply["rows"]:
        values = []
        for column, value in zip(columns, row, strict=True):
            if types.get(column) == "decimal":
                value = Decimal(str(value))
            values.append(value)
        rows.append(tuple(values))
    return [(c, None, None, None, None, None, None) for c in columns], rows


class _FakeCursor:
    def __init__(self, conn: _FakeConnection) -> None:
        self._conn = conn
        self.description = None
        self._rows: list[tuple] = []
        self._cancelled = threading.Event()

    def execute(self, sql: str, *params: Any) -> _FakeCursor:
        assert not params, "the probe never sends parameters built from input"
        self._conn.executed.append(sql)
        reply = self._conn.reply_for(sql)
        if reply.get("hang"):
            self._conn.running.set()
            if self._cancelled.wait(30):
                raise self._conn.cancel_error()
            raise AssertionError("the statement was never cancelled")
        if "error" in reply:
            raise self._conn.make_error(reply["error"])
        self.description, self._rows = _typed(reply)
        return self

    def fetchone(self):
        return self._rows.pop(0) if self._rows else None

    def fetchmany(self, size: int):
        out, self._rows = self._rows[:size], self._rows[size:]
        return out

    def cancel(self) -> None:
        self._cancelled.set()

    def close(self) -> None:
        self._conn.closed_cursors += 1


class _FakeConnection:
    queries: tuple = ()

    def __init__(self, results: dict[str, Any], *, hang: set[str] = frozenset()) -> None:
        self.results = results
        self.hang = set(hang)
        self.executed: list[str] = []
        self.rollbacks = 0
        self.commits = 0
        self.closed = False
        self.closed_cursors = 0
        self.running = threading.Event()
        self._cursors: list[_FakeCursor] = []
        self._known = _statements(self.queries)

    def reply_for(self, sql: str) -> dict[str, Any]:
        if sql not in self._known:
            raise AssertionError(f"unexpected statement sent to the database: {sql!r}")
        name, index = self._known[sql]
        if name in self.hang:
            return {"hang": True}
        recorded = self.results.get(name)
        if recorded is None:
            raise AssertionError(f"no recorded result for {name}")
        if isinstance(recorded, list):
            return recorded[min(index, len(recorded) - 1)]
        return recorded

    def cursor(self) -> _FakeCursor:
        cursor = _FakeCursor(self)
        self._cursors.append(cursor)
        return cursor

    def rollback(self) -> None:
        self.rollbacks += 1

    def commit(self) -> None:  # pragma: no cover - the probe must never call it
        self.commits += 1
        raise AssertionError("the probe committed")

    def close(self) -> None:
        self.closed = True


class FakeOdbcConnection(_FakeConnection):
    queries = SQLSERVER_QUERIES

    def __init__(self, results: dict[str, Any], **kw: Any) -> None:
        super().__init__(results, **kw)
        self.timeout = 0
        self.timeouts: list[int] = []

    def __setattr__(self, key: str, value: Any) -> None:
        if key == "timeout" and hasattr(self, "timeouts"):
            self.timeouts.append(value)
        super().__setattr__(key, value)

    def make_error(self, spec: dict[str, Any]) -> Exception:
        return odbc_error(spec)

    def cancel_error(self) -> Exception:
        return odbc_error({"class": "OperationalError",
                           "args": ["HY008", "[HY008] [Microsoft][ODBC Driver 17 for SQL Server]Operation canceled (0) (SQLExecDirectW)"]})


class FakeOracleConnection(_FakeConnection):
    queries = ORACLE_QUERIES

    def __init__(self, results: dict[str, Any], *, version: str | None = None, **kw: Any) -> None:
        super().__init__(results, **kw)
        self._known.update({sql: ("__setup__", 0) for sql in ORACLE_SESSION_SETUP})
        self.call_timeout = 0
        self.version = version
        self.read_only = False

    def reply_for(self, sql: str) -> dict[str, Any]:
        if sql in ORACLE_SESSION_SETUP:
            self.read_only = True
            return {"columns": [], "rows": []}
        assert self.read_only, "queries before SET TRANSACTION READ ONLY"
        return super().reply_for(sql)

    def cancel(self) -> None:
        for cursor in self._cursors:
            cursor.cancel()

    def make_error(self, spec: dict[str, Any]) -> Exception:
        return oracle_error(spec)

    def cancel_error(self) -> Exception:
        return oracle_error({"class": "OperationalError", "message": "ORA-01013: user requested cancel of current operation",
                             "code": 1013})
