"""The SQL Server and Oracle query sets against DB-API fakes replaying recorded results
(recorded/*.json: where each value comes from is written in the file)."""

import time

import pytest

from collector.probes.database import oracle as oracle_mod
from collector.probes.database.drivers import OdbcDriver
from collector.probes.database.errors import DbError
from collector.probes.database.oracle import collect_oracle
from collector.probes.database.report import summary_line, summary_text
from collector.probes.database.sqlserver import collect_sqlserver
from collector.probes.database.target import DbTarget
from tests.probes.database.fakes import (
    FakeOdbcConnection,
    FakeOracleConnection,
    load,
    odbc_error,
    oracle_error,
)

MS17 = OdbcDriver("ODBC Driver 17 for SQL Server", "msodbc", 17.0)
SQL_TARGET = DbTarget("CorporeRM", "sqlserver", "DBSRV\\RM", "CorporeRM", "rm", "Segredo#1")
ORA_TARGET = DbTarget("CorporeRM", "oracle", "oraprod/CORPORE", None, "RM", "Segredo#1")


@pytest.fixture
def fake_pyodbc(monkeypatch):
    """pyodbc.connect → a fake replaying a recorded server; returns the holder of the last one."""
    import pyodbc

    state = {}

    def use(server: str, **kw):
        recording = load("sqlserver")["servers"][server]

        def connect(connection_string, timeout=0, autocommit=False):
            assert autocommit is False
            state["connection_string"] = connection_string
            state["login_timeout"] = timeout
            state["conn"] = FakeOdbcConnection(recording["results"], **kw)
            return state["conn"]

        monkeypatch.setattr(pyodbc, "connect", connect)
        return state

    return use


@pytest.fixture
def fake_oracledb(monkeypatch):
    import oracledb

    state = {}

    def use(server: str, **kw):
        recording = load("oracle")["servers"][server]

        def connect(**kwargs):
            state["kwargs"] = kwargs
            state["conn"] = FakeOracleConnection(recording["results"], version=recording["handshake_version"], **kw)
            return state["conn"]

        monkeypatch.setattr(oracledb, "connect", connect)
        return state

    return use


def _sqlserver(**kw):
    return collect_sqlserver(SQL_TARGET, MS17, login_timeout=21, query_timeout=5,
                             deadline=time.monotonic() + 60, **kw)


def test_sqlserver_2019(fake_pyodbc):
    state = fake_pyodbc("sqlserver2019")
    facts = _sqlserver()
    assert facts["product"] == "SQL Server 2019"
    assert facts["version"] == "15.0.4236.7" and facts["version_short"] == "15.0.4236"
    assert (facts["product_level"], facts["update_level"]) == ("RTM", "CU16")
    assert facts["edition"] == "Express Edition (64-bit)"
    assert facts["collation"] == "Latin1_General_CI_AI"
    assert facts["compatibility_level"] == 150
    assert facts["read_committed_snapshot"] is True
    assert facts["size_mb"] == 9472 and facts["data_mb"] == 8192 and facts["log_mb"] == 1280
    assert facts["server_time"] == "2026-11-28T09:15:03.1234567-03:00"
    assert facts["server_utc_offset"] == "-03:00"
    assert facts["server_timezone"] is None  # CURRENT_TIMEZONE() exists from 2022 on: not even sent
    assert isinstance(facts["clock_offset_s"], float)
    assert facts["coligadas"][0] == {"codcoligada": 1, "nome": "EMPRESA MODELO LTDA"}  # CHAR padding gone
    assert len(facts["filiais"]) == 3
    statuses = {q["name"]: q["status"] for q in facts["queries"]}
    assert statuses == {"server": "ok", "database": "ok", "size": "ok", "time": "ok",
                        "timezone": "unsupported", "coligadas": "ok", "filiais": "ok"}
    conn = state["conn"]
    assert "CURRENT_TIMEZONE" not in " ".join(conn.executed)
    assert conn.rollbacks == 1 and conn.closed and conn.commits == 0
    assert conn.timeouts and all(t <= 5 for t in conn.timeouts)
    assert state["login_timeout"] == 21
    assert summary_line({**facts, "target": SQL_TARGET.public()}) == \
        "SQL Server 2019 (15.0.4236), collation Latin1_General_CI_AI"


def test_sqlserver_2022_with_permission_denied_on_gfilial(fake_pyodbc):
    fake_pyodbc("sqlserver2022")
    facts = _sqlserver()
    assert facts["product"] == "SQL Server 2022"
    assert facts["server_timezone"] == "(UTC-03:00) Brasilia"
    assert facts["compatibility_level"] == 160
    assert facts["size_mb"] == 153624.5
    assert facts["coligadas"] == [{"codcoligada": 1, "nome": "INDÚSTRIA FICTÍCIA LTDA"}]
    assert facts["filiais"] is None
    filiais = next(q for q in facts["queries"] if q["name"] == "filiais")
    assert filiais["status"] == "permission"
    assert filiais["message"] == "sem permissão de leitura na tabela GFILIAL para o usuário rm"
    assert "229" in filiais["detail"]
    text = summary_text({**facts, "target": SQL_TARGET.public()})
    assert "sem permissão" in text and "INDÚSTRIA FICTÍCIA LTDA" in text
    assert "Hora do servidor: 2026-11-28T09:15:05.5000000-03:00 ((UTC-03:00) Brasilia)" in text
    assert "Tamanho: 153.624,5 MB (dados 131.072 MB, log 22.552,5 MB)" in text


def test_sqlserver_query_that_never_answers_is_cancelled(fake_pyodbc):
    state = fake_pyodbc("sqlserver2019", hang={"size"})
    facts = collect_sqlserver(SQL_TARGET, MS17, login_timeout=21, query_timeout=0.5,
                              deadline=time.monotonic() + 60)
    statuses = {q["name"]: q["status"] for q in facts["queries"]}
    assert statuses["size"] == "timeout"
    assert statuses["time"] == "ok" and statuses["filiais"] == "ok"
    assert facts["size_mb"] is None
    assert state["conn"].running.is_set()


def test_sqlserver_connect_errors_are_mapped_and_scrubbed(monkeypatch):
    import pyodbc

    recorded = load("sqlserver")["errors"]
    expected = {"login_failed": "login_failed", "account_locked": "login_failed",
                "instance_not_found": "server_not_found", "named_pipes": "server_not_found",
                "login_timeout": "timeout", "driver_missing_windows": "driver_missing",
                "cannot_open_database": "database_not_found", "untrusted_certificate": "tls"}
    for name, kind in expected.items():
        def connect(*a, _spec=recorded[name], **k):
            raise odbc_error(_spec)

        monkeypatch.setattr(pyodbc, "connect", connect)
        with pytest.raises(DbError) as info:
            _sqlserver()
        assert info.value.kind == kind, name
        assert "Segredo#1" not in str(info.value)


def _oracle(**kw):
    return collect_oracle(ORA_TARGET, login_timeout=10, query_timeout=5, deadline=time.monotonic() + 60, **kw)


def test_oracle_19c(fake_oracledb):
    state = fake_oracledb("oracle19c")
    facts = _oracle()
    assert facts["product"] == "Oracle Database 19c Enterprise Edition"
    assert facts["version"] == "19.18.0.0.0"
    assert facts["release"] == "19.0.0.0.0"
    assert facts["edition"] == "Enterprise Edition"
    assert facts["charset"] == "WE8MSWIN1252" and facts["nchar_charset"] == "AL16UTF16"
    assert facts["nls"]["NLS_RDBMS_VERSION"] == "19.0.0.0.0"
    assert facts["compatibility_level"] == "19.0.0"
    assert (facts["size_mb"], facts["size_scope"]) == (48211.3, "schema")  # dba_data_files refused
    assert facts["server_utc_offset"] == "-03:00" and facts["db_timezone"] == "+00:00"
    assert [c["codcoligada"] for c in facts["coligadas"]] == [1, 5]
    assert facts["driver"].startswith("python-oracledb") and facts["driver"].endswith("(thin)")
    statuses = {q["name"]: q["status"] for q in facts["queries"]}
    assert set(statuses.values()) == {"ok"}
    conn = state["conn"]
    assert conn.executed[0] == "SET TRANSACTION READ ONLY"
    assert conn.rollbacks == 1 and conn.closed and conn.commits == 0
    assert state["kwargs"]["dsn"] == "oraprod/CORPORE" and "config_dir" not in state["kwargs"]
    assert summary_line({**facts, "target": ORA_TARGET.public()}) == \
        "Oracle Database 19c Enterprise Edition (19.18.0.0.0), NLS_CHARACTERSET WE8MSWIN1252"
    text = summary_text({**facts, "target": ORA_TARGET.public()})
    assert "(UTC-03:00; DBTIMEZONE +00:00)" in text
    assert "Tamanho: 48.211,3 MB (só o esquema do usuário)" in text
    assert "NLS_NCHAR_CHARACTERSET: AL16UTF16" in text


def test_oracle_12c_falls_back_and_reports_missing_rm_tables(fake_oracledb):
    fake_oracledb("oracle12c")
    facts = _oracle()
    assert facts["product"] == "Oracle Database 12c Standard Edition"
    assert facts["version"] == "12.2.0.1.0"
    assert facts["edition"] == "Standard Edition"
    assert (facts["size_mb"], facts["size_scope"]) == (20480, "database")
    statuses = {q["name"]: q["status"] for q in facts["queries"]}
    assert statuses["server"] == "ok" and statuses["version"] == "ok"
    assert statuses["coligadas"] == "missing" and statuses["filiais"] == "missing"
    message = next(q["message"] for q in facts["queries"] if q["name"] == "coligadas")
    assert message == "a tabela GCOLIGADA não existe ou o usuário não tem permissão para lê-la"


def test_oracle_query_that_never_answers_is_cancelled(fake_oracledb):
    fake_oracledb("oracle19c", hang={"nls"})
    facts = collect_oracle(ORA_TARGET, login_timeout=10, query_timeout=0.5, deadline=time.monotonic() + 60)
    statuses = {q["name"]: q["status"] for q in facts["queries"]}
    assert statuses["nls"] == "timeout" and statuses["filiais"] == "ok"


def test_oracle_tns_alias_uses_tns_admin(fake_oracledb, tmp_path, monkeypatch):
    state = fake_oracledb("oracle19c")
    monkeypatch.setenv("TNS_ADMIN", str(tmp_path))
    collect_oracle(DbTarget("CorporeRM", "oracle", "CORPORERM", None, "RM", "x"), login_timeout=10,
                   query_timeout=5, deadline=time.monotonic() + 60)
    assert state["kwargs"]["dsn"] == "CORPORERM" and state["kwargs"]["config_dir"] == str(tmp_path)


def test_oracle_tns_alias_without_tns_admin_is_explained(monkeypatch):
    monkeypatch.delenv("ORACLE_HOME", raising=False)
    with pytest.raises(DbError) as info:
        _ = collect_oracle(DbTarget("CorporeRM", "oracle", "CORPORERM", None, "RM", "x"), login_timeout=10,
                           query_timeout=5, deadline=time.monotonic() + 60)
    assert info.value.kind == "config" and "TNS_ADMIN" in info.value.message


def test_oracle_connect_errors_are_mapped(monkeypatch):
    import oracledb

    recorded = load("oracle")["errors"]
    expected = {"invalid_login": "login_failed", "account_locked": "login_failed",
                "service_unknown": "server_not_found", "cannot_connect": "server_not_found",
                "old_verifier": "unsupported", "no_config_dir": "config", "tns_entry_missing": "config",
                "call_timeout": "timeout"}
    for name, kind in expected.items():
        def connect(_spec=recorded[name], **k):
            raise oracle_error(_spec)

        monkeypatch.setattr(oracledb, "connect", connect)
        with pytest.raises(DbError) as info:
            _oracle()
        assert info.value.kind == kind, name
        assert "Segredo#1" not in str(info.value)


def test_tns_admin_lookup(tmp_path):
    admin = tmp_path / "network" / "admin"
    admin.mkdir(parents=True)
    assert oracle_mod.tns_admin_dir("X:/cfg", env={"TNS_ADMIN": "/t"}) == "X:/cfg"
    assert oracle_mod.tns_admin_dir(None, env={"TNS_ADMIN": "/t"}) == "/t"
    assert oracle_mod.tns_admin_dir(None, env={"ORACLE_HOME": str(tmp_path)}) == str(admin)
    assert oracle_mod.tns_admin_dir(None, env={}) is None
