"""Runs a query set on an open session, each query under its own timeout, one failure never stopping
the next.

Two bounds per query: the driver's own query timeout (ODBC ``SQL_ATTR_QUERY_TIMEOUT``, oracledb
``call_timeout``) and a watchdog that cancels the statement from another thread when time is up
(``SQLCancel`` / Oracle break) — some drivers ignore the first (the SQLite ODBC driver does). The
whole probe is also bounded from outside: the runner kills its process at the probe's timeout.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, Protocol

from collector.probes.database.errors import DbError
from collector.probes.database.queries import Query

_STATUS_OF_KIND: dict[str, QueryStatus] = {"timeout": "timeout", "permission": "permission", "missing_object": "missing"}
#: failures another alternative statement may avoid
_TRY_NEXT = {"missing_object", "permission", "other"}


class Session(Protocol):
    """An open, read-only connection, whatever the driver."""

    def cursor(self) -> Any: ...
    def set_query_timeout(self, seconds: float) -> None: ...
    def cancel(self, cursor: Any) -> None: ...
    def classify(self, exc: BaseException, timed_out: bool) -> DbError: ...


class BaseSession:
    """What every driver's session shares: the connection, what its errors must not show, closing."""

    def __init__(self, conn: Any, *, server: str = "", user: str | None = None,
                 secrets: Iterable[str | None] = ()) -> None:
        self.conn = conn
        self._server = server
        self._user = user
        self._secrets = tuple(s for s in secrets if s)

    def cursor(self) -> Any:
        return self.conn.cursor()

    def close(self) -> None:
        for step in (self.conn.rollback, self.conn.close):  # read-only: nothing to keep
            try:
                step()
            except Exception:
                pass


QueryStatus = Literal["ok", "error", "timeout", "permission", "missing", "unsupported", "skipped"]


@dataclass
class QueryOutcome:
    name: str
    description: str
    status: QueryStatus = "ok"
    duration_ms: int = 0
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    truncated: bool = False
    message: str | None = None    # Portuguese, for the user
    detail: str | None = None     # the driver's text (scrubbed), for the analyst
    kind: str | None = None       # DbError kind of a failure (see errors.KINDS)
    alternative: int = 0          # which of the query's statements answered
    finished_at: str | None = None  # local wall-clock time (ISO), to compare with the server's clock

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def first(self) -> dict[str, Any]:
        """The first row as {column: value} (empty when there is none)."""
        return dict(zip(self.columns, self.rows[0], strict=False)) if self.rows else {}

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=False)) for row in self.rows]

    def status_entry(self) -> dict[str, Any]:
        entry = {"name": self.name, "description": self.description, "status": self.status,
                 "duration_ms": self.duration_ms}
        for key in ("message", "detail"):
            if getattr(self, key):
                entry[key] = getattr(self, key)
        if self.truncated:
            entry["truncated"] = True
        return entry


def plain(value: Any) -> Any:
    """A fetched value as JSON-ready data (CHAR padding removed)."""
    if isinstance(value, str):
        return value.rstrip()
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)


class _Watchdog:
    """Cancels the running statement when its time is up; remembers that it did."""

    def __init__(self, seconds: float, cancel: Callable[[], None]) -> None:
        self.fired = False
        self._cancel = cancel
        self._timer = threading.Timer(max(0.05, seconds), self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        try:
            self._cancel()
        except Exception:  # a cancel that fails leaves the outer bound (the runner) in charge
            pass

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


def _run_statement(session: Session, query: Query, sql: str, timeout: float, outcome: QueryOutcome) -> None:
    session.set_query_timeout(timeout)
    cursor = session.cursor()
    try:
        with _Watchdog(timeout, lambda: session.cancel(cursor)) as dog:
            try:
                cursor.execute(sql)
                columns = [str(d[0]).lower() for d in (cursor.description or ())]
                if query.many:
                    fetched = cursor.fetchmany(query.max_rows + 1)
                else:
                    row = cursor.fetchone()
                    fetched = [row] if row is not None else []
            except Exception as exc:
                raise session.classify(exc, dog.fired) from None
        outcome.columns = columns
        outcome.truncated = len(fetched) > query.max_rows
        outcome.rows = [[plain(v) for v in row] for row in fetched[: query.max_rows]]
    finally:
        try:
            cursor.close()
        except Exception:
            pass


def run_query(session: Session, query: Query, timeout: float) -> QueryOutcome:
    outcome = QueryOutcome(query.name, query.description)
    started = time.monotonic()
    error: DbError | None = None
    for index, sql in enumerate(query.sql):
        try:
            _run_statement(session, query, sql, timeout - (time.monotonic() - started), outcome)
        except DbError as exc:
            error = exc
            if exc.kind in _TRY_NEXT and index + 1 < len(query.sql):
                continue
            break
        else:
            outcome.alternative = index
            error = None
            break
    outcome.duration_ms = int((time.monotonic() - started) * 1000)
    outcome.finished_at = dt.datetime.now().astimezone().isoformat(timespec="milliseconds")
    if error is not None:
        outcome.rows, outcome.columns = [], []
        outcome.message, outcome.detail, outcome.kind = error.message, error.detail, error.kind
        if query.table and "a tabela consultada" in outcome.message:  # Oracle does not name it
            outcome.message = outcome.message.replace("a tabela consultada", f"a tabela {query.table}")
        if query.optional and error.kind not in ("timeout", "connection_lost"):
            outcome.status = "unsupported"
        else:
            outcome.status = _STATUS_OF_KIND.get(error.kind, "error")
    return outcome


def run_queries(
    session: Session,
    queries: Iterable[Query],
    *,
    query_timeout: float,
    deadline: float,
    server_major: Callable[[list[QueryOutcome]], int | None] = lambda done: None,
    clock: Callable[[], float] = time.monotonic,
) -> list[QueryOutcome]:
    """Every query in order, each bounded by ``query_timeout`` and by what is left until
    ``deadline`` (a ``clock()`` value). ``server_major(done)`` tells the server's major version from
    the outcomes so far (queries whose ``min_major`` is above it are not sent)."""
    outcomes: list[QueryOutcome] = []
    lost = False
    for query in queries:
        major = server_major(outcomes)
        if query.min_major is not None and major is not None and major < query.min_major:
            outcomes.append(QueryOutcome(query.name, query.description, status="unsupported",
                                         message="não existe nesta versão do servidor"))
            continue
        if lost:
            outcomes.append(QueryOutcome(query.name, query.description, status="skipped",
                                         message="não executada: a conexão com o banco caiu"))
            continue
        remaining = deadline - clock()
        if remaining < 0.5:
            outcomes.append(QueryOutcome(query.name, query.description, status="skipped",
                                         message="não executada: acabou o tempo da consulta ao banco"))
            continue
        outcome = run_query(session, query, min(query_timeout, remaining))
        lost = outcome.kind == "connection_lost"
        outcomes.append(outcome)
    return outcomes


def by_name(outcomes: Sequence[QueryOutcome]) -> dict[str, QueryOutcome]:
    return {o.name: o for o in outcomes}
