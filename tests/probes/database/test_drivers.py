"""The best installed SQL Server driver, and what to install when there is none."""

import pytest

from collector.probes.database import drivers
from collector.probes.database.drivers import OdbcDriver, choose_driver, classify, install_hint
from collector.probes.database.errors import DbError


def test_preference_order():
    installed = ["SQLite3", "SQL Server", "FreeTDS", "SQL Server Native Client 11.0",
                 "ODBC Driver 17 for SQL Server", "ODBC Driver 13.1 for SQL Server", "ODBC Driver 18 for SQL Server"]
    assert choose_driver(installed).name == "ODBC Driver 18 for SQL Server"
    assert choose_driver(installed[:5]).name == "ODBC Driver 17 for SQL Server"
    assert choose_driver(installed[:4]).name == "SQL Server Native Client 11.0"
    assert choose_driver(installed[:3]).name == "FreeTDS"
    assert choose_driver(installed[:2]).name == "SQL Server"
    assert choose_driver(["SQLite3", "PostgreSQL Unicode"]) is None


def test_a_future_driver_version_wins():
    assert choose_driver(["ODBC Driver 18 for SQL Server", "ODBC Driver 19 for SQL Server"]).version == 19.0


def test_freetds_by_path_when_not_registered():
    driver = choose_driver(["SQLite3"], freetds_path="/usr/lib/x86_64-linux-gnu/odbc/libtdsodbc.so")
    assert driver == OdbcDriver("FreeTDS", "freetds", path="/usr/lib/x86_64-linux-gnu/odbc/libtdsodbc.so")
    assert driver.keyword == "{/usr/lib/x86_64-linux-gnu/odbc/libtdsodbc.so}"


@pytest.mark.parametrize("name, family", [
    ("ODBC Driver 17 for SQL Server", "msodbc"), ("odbc driver 18 for sql server", "msodbc"),
    ("SQL Server Native Client 10.0", "snac"), ("SQL Native Client", "snac"),
    ("FreeTDS", "freetds"), ("SQL Server", "legacy"), ("SQLite3", None), ("Oracle in OraClient19Home1", None),
])
def test_classify(name, family):
    driver = classify(name)
    assert (driver.family if driver else None) == family


def test_install_hints_name_what_to_install():
    assert "ODBC Driver 18 for SQL Server" in install_hint("win32")
    assert "tdsodbc" in install_hint("linux")
    assert "freetds" in install_hint("darwin")


def test_no_driver_is_a_clear_reason(monkeypatch):
    import pyodbc

    monkeypatch.setattr(pyodbc, "drivers", lambda: ["SQLite3"])
    monkeypatch.setattr(drivers, "freetds_library", lambda: None)
    with pytest.raises(DbError) as info:
        drivers.find_driver()
    assert info.value.kind == "driver_missing"
    assert "nenhum driver ODBC para SQL Server instalado" in info.value.message


def test_this_machine_has_a_driver_for_the_tests():
    """unixODBC + FreeTDS are installed here and on CI (.ci/run): the real path must be available."""
    pyodbc = pytest.importorskip("pyodbc", reason="pyodbc precisa do unixODBC")
    if "FreeTDS" not in pyodbc.drivers() and drivers.freetds_library() is None:
        pytest.skip("FreeTDS (tdsodbc) não instalado")
    assert drivers.find_driver().family in ("msodbc", "freetds")
