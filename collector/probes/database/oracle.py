"""Oracle through python-oracledb in thin mode (no Oracle client needed), in a read-only transaction.

Thin mode's ``connect()`` ignores every timeout once a listener accepts the TCP connection and then
stays silent (SPEC §7): only killing the process bounds it, which is why ``DatabaseProbe`` is an
isolated probe. ``tcp_connect_timeout`` still makes a refused or unroutable address fail fast, and
``call_timeout`` bounds each query once connected.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from collector.probes.database.connstr import parse_oracle
from collector.probes.database.errors import DbError, classify_oracle
from collector.probes.database.execute import BaseSession, run_queries
from collector.probes.database.facts import oracle_facts
from collector.probes.database.queries import ORACLE_QUERIES, ORACLE_SESSION_SETUP, Query
from collector.probes.database.target import DbTarget


def tns_admin_dir(explicit: str | None = None, env: Mapping[str, str] | None = None) -> str | None:
    """Where tnsnames.ora lives: the setting, ``TNS_ADMIN``, or ``$ORACLE_HOME/network/admin``."""
    env = os.environ if env is None else env
    for candidate in (explicit, env.get("TNS_ADMIN")):
        if candidate:
            return candidate
    home = env.get("ORACLE_HOME")
    if home and (Path(home) / "network" / "admin").is_dir():
        return str(Path(home) / "network" / "admin")
    return None


class OracleSession(BaseSession):
    def set_query_timeout(self, seconds: float) -> None:
        self.conn.call_timeout = max(1, int(seconds * 1000))

    def cancel(self, cursor: Any) -> None:
        self.conn.cancel()

    def classify(self, exc: BaseException, timed_out: bool) -> DbError:
        return classify_oracle(exc, stage="query", server=self._server, user=self._user,
                               secrets=self._secrets, timed_out=timed_out)

    def begin_read_only(self) -> None:
        cursor = self.conn.cursor()
        try:
            for statement in ORACLE_SESSION_SETUP:
                cursor.execute(statement)
        except Exception as exc:
            raise self.classify(exc, False) from None
        finally:
            cursor.close()



def connect_oracle(target: DbTarget, *, config_dir: str | None = None, tcp_timeout: float = 10.0,
                   ) -> OracleSession:
    """Opens a thin-mode connection and starts a read-only transaction. Raises DbError."""
    import oracledb

    try:
        address = parse_oracle(target.server)
    except ValueError as exc:
        raise DbError("config", str(exc)) from None
    kwargs: dict[str, Any] = {"user": target.user, "password": target.password, "dsn": address.dsn,
                              "tcp_connect_timeout": max(1.0, tcp_timeout)}
    if address.needs_tns_admin:
        if not config_dir:
            raise DbError("config", f"o servidor {target.server} é um alias TNS: defina TNS_ADMIN com a "
                                    "pasta do tnsnames.ora usado pelo RM")
        kwargs["config_dir"] = config_dir
    try:
        conn = oracledb.connect(**kwargs)
    except Exception as exc:  # oracledb.Error, socket errors
        raise classify_oracle(exc, stage="connect", server=target.server, user=target.user,
                              secrets=[target.password]) from None
    session = OracleSession(conn, server=target.server, user=target.user, secrets=[target.password])
    try:
        session.begin_read_only()
    except DbError:
        session.close()
        raise
    return session


def collect_oracle(target: DbTarget, *, login_timeout: float, query_timeout: float, deadline: float,
                   config_dir: str | None = None, queries: Sequence[Query] = ORACLE_QUERIES,
                   ) -> dict[str, Any]:
    """Connects and runs the Oracle set. Raises DbError when the connection fails."""
    import oracledb

    started = time.monotonic()
    session = connect_oracle(target, config_dir=tns_admin_dir(config_dir), tcp_timeout=login_timeout)
    connect_ms = int((time.monotonic() - started) * 1000)
    try:
        handshake = getattr(session.conn, "version", None)
        outcomes = run_queries(session, queries, query_timeout=query_timeout, deadline=deadline)
    finally:
        session.close()
    facts = oracle_facts(outcomes, handshake_version=handshake)
    facts.update(driver=f"python-oracledb {oracledb.__version__} (thin)", connect_ms=connect_ms,
                 queries=[o.status_entry() for o in outcomes])
    return facts
