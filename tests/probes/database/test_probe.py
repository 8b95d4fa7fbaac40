"""DatabaseProbe as the runner uses it: skip reasons decided in the parent, the work in a child."""

import json
import os
import pickle
from datetime import datetime, timedelta

import pytest

from collector.core.plan import CollectContext
from collector.core.runner import run_probes
from collector.core.timewindow import TimeWindow
from collector.probes.database.probe import DatabasePlan, DatabaseProbe
from collector.probes.database.report import ticket_line, ticket_summary
from collector.probes.database.target import PASSWORD_ENV, DbTarget
from tests.fixtures.rm_install import alias_dat
from tests.probes.database.standin import SqliteStandInProbe

pyodbc = pytest.importorskip("pyodbc", reason="pyodbc precisa do unixODBC (apt install unixodbc)")
needs_sqlite_odbc = pytest.mark.skipif("SQLite3" not in pyodbc.drivers(),
                                       reason="driver ODBC do SQLite não registrado (apt install libsqliteodbc)")

SECRET = "Segredo#1;x"


def ctx(installations=(), include=("database",), **options) -> CollectContext:
    now = datetime.now().astimezone()
    return CollectContext(window=TimeWindow(now - timedelta(days=1), now), installations=list(installations),
                          include=frozenset(include), options=options)


def install(tmp_path, server="DBSRV\\RM", kind="SqlServer", password="Pl@nt3d", user="rm"):
    root = tmp_path / "RM.Net"
    root.mkdir(parents=True, exist_ok=True)
    (root / "Alias.dat").write_bytes(alias_dat([
        {"alias": "CorporeRM", "type": kind, "server": server, "name": "CORPORERM", "user": user}],
        password=password))
    info = {"alias": "CorporeRM", "type": "sqlserver" if kind == "SqlServer" else "oracle", "server": server,
            "name": "CORPORERM", "user": user or None}
    return {"root": str(root), "default_alias": "CorporeRM", "database": info, "aliases": [info]}


@pytest.fixture
def any_driver(monkeypatch):
    """Credential tests do not depend on which ODBC drivers this machine has."""
    monkeypatch.setattr(DatabaseProbe, "_check_driver", lambda self, target: None)


def test_skip_reasons():
    probe = DatabaseProbe()
    assert probe.applies(ctx(include=("logs",))) == "não solicitado"
    assert "nenhuma instalação" in probe.applies(ctx())
    three_tier = {"root": "C:/rm", "database": {"alias": "CorporeRM", "type": "unknown", "server": None}}
    assert "três camadas" in probe.applies(ctx([three_tier]))


def test_password_from_alias_dat_and_typed_one_wins(tmp_path, monkeypatch, any_driver):
    inst = install(tmp_path)
    probe = DatabaseProbe()
    assert probe.applies(ctx([inst])) is None
    assert probe._resolved.password == "Pl@nt3d"
    assert probe.applies(ctx([inst], db_password="typed")) is None
    assert probe._resolved.password == "typed"
    monkeypatch.setenv(PASSWORD_ENV, "from-env")
    assert probe.applies(ctx([inst])) is None
    assert probe._resolved.password == "from-env"


def test_missing_credential_skips_with_a_reason(tmp_path, any_driver):
    inst = install(tmp_path, password="")
    assert DatabaseProbe().applies(ctx([inst])).startswith("sem credencial")
    asked = []
    probe = DatabaseProbe(prompt=lambda t: asked.append(t.alias) or None)
    assert probe.applies(ctx([inst])).startswith("sem credencial")
    assert asked == ["CorporeRM"]


def test_missing_driver_skips_naming_what_to_install(tmp_path, monkeypatch):
    from collector.probes.database import drivers

    monkeypatch.setattr(pyodbc, "drivers", lambda: [])
    monkeypatch.setattr(drivers, "freetds_library", lambda: None)
    reason = DatabaseProbe().applies(ctx([install(tmp_path)]))
    assert reason.startswith("nenhum driver ODBC para SQL Server instalado")
    assert "tdsodbc" in reason or "ODBC Driver 18" in reason


def test_the_prompt_never_crosses_into_the_child():
    probe = DatabaseProbe(DbTarget("A", "sqlserver", "S", None, "rm", None), prompt=lambda t: "x")
    clone = pickle.loads(pickle.dumps(probe))
    assert clone._prompt is None
    assert "x" not in repr(probe)


def test_timeout_override(monkeypatch):
    monkeypatch.setenv("COLLECTOR_DB_TIMEOUT", "3")
    assert DatabaseProbe().timeout == 3.0
    monkeypatch.setenv("COLLECTOR_DB_TIMEOUT", "lixo")
    assert DatabaseProbe().timeout == DatabaseProbe.timeout


@needs_sqlite_odbc
def test_full_run_in_a_child_process(rm_sqlite, tmp_path):
    scratch = tmp_path / "scratch"
    target = DbTarget("CorporeRM", "sqlserver", str(rm_sqlite), "CorporeRM", "rm", SECRET)
    (result,) = run_probes([SqliteStandInProbe(target)], ctx(scratch_dir=str(scratch)))
    assert result.status == "ok", result.reason
    plan = result.value
    assert isinstance(plan, DatabasePlan)
    assert [i.arcname for i in plan.items] == ["database/database.json", "database/resumo.txt"]
    assert all(i.kind == "database" and i.source.is_file() and i.size == i.source.stat().st_size
               for i in plan.items)
    facts = json.loads((scratch / "database" / "database.json").read_text(encoding="utf-8"))
    assert facts["schema"] == "collector.database/1"
    assert facts["target"] == {"alias": "CorporeRM", "type": "sqlserver", "server": str(rm_sqlite),
                               "name": "CorporeRM", "user": "rm", "auth": "sql"}
    assert [c["nome"] for c in facts["coligadas"]] == ["EMPRESA MODELO LTDA", "COMÉRCIO EXEMPLO S.A."]
    assert plan.facts["filiais"] == facts["filiais"]
    text = (scratch / "database" / "resumo.txt").read_text(encoding="utf-8")
    assert "Coligadas (2):" in text and "MATRIZ - SÃO PAULO" in text
    for blob in (text, json.dumps(facts), repr(result), str(plan.summary)):
        assert SECRET not in blob and "Segredo" not in blob
    assert ticket_summary(result) == plan.summary
    assert ticket_line(result).startswith("Banco de dados: ")


@needs_sqlite_odbc
def test_a_failure_is_an_error_with_a_portuguese_reason(tmp_path):
    target = DbTarget("CorporeRM", "sqlserver", str(tmp_path / "nao" / "existe.db"), "CorporeRM", "rm", SECRET)
    (result,) = run_probes([SqliteStandInProbe(target)], ctx(scratch_dir=str(tmp_path)))
    assert result.status == "error"
    assert result.reason.startswith("DbError: servidor de banco de dados")
    assert SECRET not in result.reason
    assert ticket_summary(result).startswith("não foi possível consultar o banco: servidor de banco de dados")


@needs_sqlite_odbc
def test_without_scratch_folder_the_facts_still_come_back(rm_sqlite):
    target = DbTarget("CorporeRM", "sqlserver", str(rm_sqlite), "CorporeRM", "rm", "x")
    (result,) = run_probes([SqliteStandInProbe(target)], ctx())
    assert result.status == "ok" and result.value.items == [] and len(result.value.facts["coligadas"]) == 2


def test_ticket_summary_for_every_status():
    from collector.core.probe import ProbeResult

    facts = {"target": {"type": "sqlserver"}, "product": "SQL Server 2019", "version_short": "15.0.4360",
             "collation": "Latin1_General_CI_AI"}
    ok = ProbeResult("database", "ok", 900, None, DatabasePlan(facts=facts))
    assert ticket_line(ok) == "Banco de dados: SQL Server 2019 (15.0.4360), collation Latin1_General_CI_AI"
    timeout = ProbeResult("database", "timeout", 20000, "sem resposta em 20 s")
    assert ticket_summary(timeout) == "o servidor de banco não respondeu em 20 s (tempo esgotado; consulta cancelada)"
    skipped = ProbeResult("database", "skipped", 0, "não solicitado")
    assert ticket_summary(skipped) is None and ticket_line(skipped) is None
    oracle = {"target": {"type": "oracle"}, "product": "Oracle Database 19c Enterprise Edition",
              "version_short": "19.18.0.0.0", "charset": "WE8MSWIN1252"}
    assert ticket_summary(ProbeResult("database", "ok", 1, None, DatabasePlan(facts=oracle))) == \
        "Oracle Database 19c Enterprise Edition (19.18.0.0.0), NLS_CHARACTERSET WE8MSWIN1252"


def test_the_probe_module_imports_no_driver():
    """Start-up cost: pyodbc/oracledb load in the child, not when collect imports the probe."""
    import subprocess
    import sys

    code = ("import sys, collector.probes.database.probe; "
            "print('pyodbc' in sys.modules, 'oracledb' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__)))))
    assert out.stdout.split() == ["False", "False"]
