"""A DatabaseProbe whose "server" is a SQLite file reached through the real ODBC stack (unixODBC +
SQLite ODBC driver). Lives in a module so the runner's spawned child can import it."""

from __future__ import annotations

from typing import Any

from collector.probes.database.connstr import odbc_value
from collector.probes.database.facts import sqlserver_facts
from collector.probes.database.probe import DatabaseProbe
from collector.probes.database.queries import RM_QUERIES
from collector.probes.database.sqlserver import collect_odbc
from collector.probes.database.target import DbTarget


class SqliteStandInProbe(DatabaseProbe):
    """``target.server`` is the SQLite file; the portable RM queries run for real."""

    def _check_driver(self, target: DbTarget) -> str | None:
        import pyodbc

        return None if "SQLite3" in pyodbc.drivers() else "driver ODBC do SQLite ausente"

    def collect(self, target: DbTarget, deadline: float) -> dict[str, Any]:
        conn = f"DRIVER={{SQLite3}};Database={odbc_value(target.server)};PWD={odbc_value(target.password or '')};"
        outcomes, connect_ms = collect_odbc(conn, RM_QUERIES, login_timeout=5, query_timeout=self.query_timeout,
                                            deadline=deadline, server=target.server, user=target.user,
                                            secrets=[target.password])
        facts = sqlserver_facts(outcomes)
        facts.update(driver="SQLite3 (substituto do SQL Server nos testes)", connect_ms=connect_ms,
                     queries=[o.status_entry() for o in outcomes])
        return facts
