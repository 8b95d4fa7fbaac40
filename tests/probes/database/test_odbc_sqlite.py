"""The pyodbc path for real: unixODBC with the SQLite ODBC driver standing in for the server —
connection, the portable RM queries, per-query timeouts, error mapping, and nothing written."""

import hashlib
import sqlite3
import time

import pytest

from collector.probes.database.connstr import odbc_value
from collector.probes.database.errors import DbError
from collector.probes.database.facts import sqlserver_facts
from collector.probes.database.queries import COLIGADAS, FILIAIS, RM_QUERIES, Query
from collector.probes.database.sqlserver import collect_odbc, connect_odbc, query_session
from tests.probes.database.conftest import make_rm_sqlite

pyodbc = pytest.importorskip("pyodbc", reason="pyodbc precisa do unixODBC (apt install unixodbc)")
pytestmark = pytest.mark.skipif("SQLite3" not in pyodbc.drivers(),
                                reason="driver ODBC do SQLite não registrado (apt install libsqliteodbc)")

FOREVER = Query("forever", ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                            "SELECT count(*) FROM c",), "consulta sem fim")


def conn_str(path, extra: str = "") -> str:
    return f"DRIVER={{SQLite3}};Database={odbc_value(str(path))};{extra}"


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_rm_lists_through_real_odbc(rm_sqlite):
    outcomes, connect_ms = collect_odbc(conn_str(rm_sqlite), RM_QUERIES, login_timeout=5, query_timeout=5,
                                        deadline=time.monotonic() + 60)
    assert [o.status for o in outcomes] == ["ok", "ok"]
    assert connect_ms >= 0
    facts = sqlserver_facts(outcomes)
    assert facts["coligadas"] == [{"codcoligada": 1, "nome": "EMPRESA MODELO LTDA"},
                                  {"codcoligada": 2, "nome": "COMÉRCIO EXEMPLO S.A."}]
    assert facts["filiais"] == [{"codcoligada": 1, "codfilial": 1, "nome": "MATRIZ - SÃO PAULO"},
                                {"codcoligada": 1, "codfilial": 2, "nome": "FILIAL CURITIBA"},
                                {"codcoligada": 2, "codfilial": 1, "nome": "MATRIZ RECIFE"}]
    assert facts["coligadas_truncated"] is False


def test_nothing_is_written(rm_sqlite):
    before = _digest(rm_sqlite)
    collect_odbc(conn_str(rm_sqlite), [*RM_QUERIES, FOREVER], login_timeout=5, query_timeout=0.5,
                 deadline=time.monotonic() + 60)
    assert _digest(rm_sqlite) == before
    assert not rm_sqlite.with_name(rm_sqlite.name + "-journal").exists()


def test_row_cap_marks_the_list_as_cut(tmp_path):
    path = make_rm_sqlite(tmp_path / "many.db")
    with sqlite3.connect(path) as db:
        db.executemany("INSERT INTO GCOLIGADA VALUES (?, ?)", [(n, f"C{n}") for n in range(3, 2100)])
    outcomes, _ = collect_odbc(conn_str(path), [COLIGADAS], login_timeout=5, query_timeout=5,
                               deadline=time.monotonic() + 60)
    facts = sqlserver_facts(outcomes)
    assert len(facts["coligadas"]) == COLIGADAS.max_rows
    assert facts["coligadas_truncated"] is True


def test_runaway_query_is_cancelled_and_the_session_goes_on(rm_sqlite):
    session = connect_odbc(conn_str(rm_sqlite), login_timeout=5)
    try:
        outcomes = query_session(session, [FOREVER, COLIGADAS], query_timeout=1,
                                 deadline=time.monotonic() + 60)
    finally:
        session.close()
    forever, coligadas = outcomes
    assert forever.status == "timeout"
    assert forever.message.startswith("tempo esgotado")
    assert coligadas.status == "ok" and len(coligadas.rows) == 2


def test_the_probe_deadline_bounds_every_query(rm_sqlite):
    session = connect_odbc(conn_str(rm_sqlite), login_timeout=5)
    try:
        outcomes = query_session(session, [FOREVER, COLIGADAS, FILIAIS], query_timeout=30,
                                 deadline=time.monotonic() + 1.0)
    finally:
        session.close()
    assert [o.status for o in outcomes] == ["timeout", "skipped", "skipped"]
    assert "acabou o tempo" in outcomes[1].message


def test_missing_table_is_reported_and_the_rest_goes_on(tmp_path):
    path = make_rm_sqlite(tmp_path / "sem_filial.db", filiais=False)
    outcomes, _ = collect_odbc(conn_str(path), RM_QUERIES, login_timeout=5, query_timeout=5,
                               deadline=time.monotonic() + 60)
    coligadas, filiais = outcomes
    assert coligadas.status == "ok"
    assert filiais.status == "missing"
    assert filiais.message == "a tabela GFILIAL não existe neste banco (é o banco do RM?)"
    assert sqlserver_facts(outcomes)["filiais"] is None


def test_a_locked_table_is_a_timeout(rm_sqlite):
    holder = sqlite3.connect(rm_sqlite, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        outcomes, _ = collect_odbc(conn_str(rm_sqlite, "Timeout=200;"), [COLIGADAS], login_timeout=5,
                                   query_timeout=5, deadline=time.monotonic() + 60)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert outcomes[0].status == "timeout"


def test_unreachable_database_is_server_not_found(tmp_path):
    with pytest.raises(DbError) as info:
        connect_odbc(conn_str(tmp_path / "nao" / "existe.db"), login_timeout=5, server="SRV-X")
    assert info.value.kind == "server_not_found"
    assert "SRV-X" in info.value.message


def test_missing_driver_is_named():
    with pytest.raises(DbError) as info:
        connect_odbc("DRIVER={ODBC Driver 99 for SQL Server};SERVER=x;UID=rm;PWD=Segredo99;", login_timeout=2)
    assert info.value.kind == "driver_missing"
    assert "Segredo99" not in f"{info.value.message} {info.value.detail}"
