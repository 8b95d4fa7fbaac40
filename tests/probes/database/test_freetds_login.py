"""The SQL Server path through a real ODBC driver (FreeTDS under unixODBC) against a fake TDS endpoint:
what our connection strings deliver in the LOGIN7 packet, and how login failures are reported."""

import pytest

from collector.probes.database.connstr import APP_NAME, build_odbc
from collector.probes.database.drivers import OdbcDriver, find_driver, freetds_library
from collector.probes.database.errors import DbError
from collector.probes.database.sqlserver import connect_odbc
from collector.probes.database.target import DbTarget
from tests.probes.database.faketds import FakeTds


def _freetds() -> OdbcDriver | None:
    try:
        driver = find_driver()
    except DbError:
        return None
    return driver if driver.family == "freetds" else None


FREETDS = _freetds()
pytestmark = pytest.mark.skipif(FREETDS is None, reason="FreeTDS (tdsodbc) não está instalado nesta máquina")


def _login(server: FakeTds, target: DbTarget, driver: OdbcDriver | None = None) -> DbError:
    with pytest.raises(DbError) as info:
        connect_odbc(build_odbc(target, driver or FREETDS), login_timeout=5, server=target.server,
                     user=target.user, secrets=[target.password])
    return info.value


@pytest.mark.parametrize("password", ["S3nha", "se;cr=et", "a}b", "{abc", " espaço ", "çãõ€ß"])
def test_login_packet_carries_exactly_what_the_alias_says(password):
    server = FakeTds()
    target = DbTarget("CorporeRM", "sqlserver", f"127.0.0.1,{server.port}", "Corpore RM", "rm.user", password)
    _login(server, target)
    (login,) = server.logins
    assert login["password"] == password
    assert login["user"] == "rm.user"
    assert login["database"] == "Corpore RM"
    assert login["app"] == APP_NAME
    assert login["read_only_intent"] is True


def test_driver_used_by_library_path_when_not_registered():
    path = freetds_library()
    if path is None:
        pytest.skip("libtdsodbc.so não encontrada nos caminhos conhecidos")
    server = FakeTds()
    target = DbTarget("CorporeRM", "sqlserver", f"127.0.0.1,{server.port}", "CorporeRM", "rm", "x")
    _login(server, target, OdbcDriver("FreeTDS", "freetds", path=path))
    assert server.logins[0]["user"] == "rm"


def test_login_failed_is_reported_in_portuguese_without_the_password():
    server = FakeTds(reject=18456)
    target = DbTarget("CorporeRM", "sqlserver", f"127.0.0.1,{server.port}", "CorporeRM", "rm", "Segredo#1")
    error = _login(server, target)
    assert error.kind == "login_failed"
    assert "login recusado" in error.message and "rm" in error.message
    assert "18456" in error.detail
    assert "Segredo#1" not in f"{error.message} {error.detail}"


def test_database_that_cannot_be_opened():
    server = FakeTds(reject=4060)
    target = DbTarget("CorporeRM", "sqlserver", f"127.0.0.1,{server.port}", "CORPORERM_X", "rm", "x")
    error = _login(server, target)
    assert error.kind == "database_not_found"
    assert "não existe" in error.message


def test_refused_port_is_server_not_found(unused_port):
    target = DbTarget("CorporeRM", "sqlserver", f"127.0.0.1,{unused_port}", "CorporeRM", "rm", "x")
    error = _login(FakeTds(), target)
    assert error.kind == "server_not_found"
    assert f"127.0.0.1,{unused_port}" in error.message
