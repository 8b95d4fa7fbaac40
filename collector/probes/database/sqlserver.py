"""SQL Server through pyodbc: connect with a login timeout, then the SQL Server query set.

The session is read-only by construction (only the constant SELECTs of ``queries``), asks for
``ApplicationIntent=ReadOnly`` where the driver supports it, never commits, and rolls back before
closing. ``connect_odbc`` and ``OdbcSession`` are driver-neutral: the tests run them for real through
unixODBC with the SQLite ODBC driver standing in for the server.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from typing import Any

from collector.probes.database.connstr import build_odbc
from collector.probes.database.drivers import OdbcDriver
from collector.probes.database.errors import DbError, classify_odbc
from collector.probes.database.execute import BaseSession, QueryOutcome, by_name, run_queries
from collector.probes.database.facts import major_of, sqlserver_facts
from collector.probes.database.queries import SQLSERVER_QUERIES, Query
from collector.probes.database.target import DbTarget


class OdbcSession(BaseSession):
    def set_query_timeout(self, seconds: float) -> None:
        self.conn.timeout = max(1, math.ceil(seconds))  # ODBC takes whole seconds; the watchdog is exact

    def cancel(self, cursor: Any) -> None:
        cursor.cancel()

    def classify(self, exc: BaseException, timed_out: bool) -> DbError:
        return classify_odbc(exc, stage="query", server=self._server, user=self._user,
                             secrets=self._secrets, timed_out=timed_out)



def connect_odbc(connection_string: str, *, login_timeout: float, server: str = "",
                 user: str | None = None, secrets: Iterable[str | None] = ()) -> OdbcSession:
    """Opens an ODBC connection (autocommit off). Raises DbError, never the driver's error (its text
    is scrubbed of ``secrets`` and of any ``PWD=``)."""
    import pyodbc

    try:
        conn = pyodbc.connect(connection_string, timeout=max(1, math.ceil(login_timeout)),
                              autocommit=False)
    except pyodbc.Error as exc:
        raise classify_odbc(exc, stage="connect", server=server, user=user, secrets=secrets) from None
    return OdbcSession(conn, server=server, user=user, secrets=secrets)


def sqlserver_major(done: list[QueryOutcome]) -> int | None:
    """The major version (15 = 2019) once the ``server`` query answered."""
    server = by_name(done).get("server")
    return major_of(server.first().get("product_version")) if server is not None and server.ok else None


def query_session(session: Any, queries: Sequence[Query], *, query_timeout: float, deadline: float,
                  ) -> list[QueryOutcome]:
    return run_queries(session, queries, query_timeout=query_timeout, deadline=deadline,
                       server_major=sqlserver_major)


def collect_odbc(connection_string: str, queries: Sequence[Query], *, login_timeout: float,
                 query_timeout: float, deadline: float, server: str = "", user: str | None = None,
                 secrets: Iterable[str | None] = ()) -> tuple[list[QueryOutcome], int]:
    """Connects, runs ``queries`` and closes: (outcomes, connect_ms). Raises DbError on connect."""
    started = time.monotonic()
    session = connect_odbc(connection_string, login_timeout=login_timeout, server=server, user=user,
                           secrets=secrets)
    connect_ms = int((time.monotonic() - started) * 1000)
    try:
        return query_session(session, queries, query_timeout=query_timeout, deadline=deadline), connect_ms
    finally:
        session.close()


def collect_sqlserver(target: DbTarget, driver: OdbcDriver, *, login_timeout: float, query_timeout: float,
                      deadline: float, queries: Sequence[Query] = SQLSERVER_QUERIES) -> dict[str, Any]:
    """Connects and runs the SQL Server set. Raises DbError (or ServerFormatError for a bad alias)."""
    outcomes, connect_ms = collect_odbc(build_odbc(target, driver), queries, login_timeout=login_timeout,
                                        query_timeout=query_timeout, deadline=deadline,
                                        server=target.server, user=target.user, secrets=[target.password])
    facts = sqlserver_facts(outcomes)
    facts.update(driver=driver.name if driver.path is None else f"FreeTDS ({driver.path})",
                 connect_ms=connect_ms, queries=[o.status_entry() for o in outcomes])
    return facts
