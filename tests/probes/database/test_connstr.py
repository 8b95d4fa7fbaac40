"""Connection strings for every DbServer form of SPEC §3, and their escaping."""

import pytest

from collector.probes.database.connstr import (
    APP_NAME,
    ServerFormatError,
    build_odbc,
    odbc_value,
    parse_oracle,
    parse_sqlserver,
)
from collector.probes.database.drivers import OdbcDriver
from collector.probes.database.errors import mask_odbc
from collector.probes.database.target import DbTarget

MS18 = OdbcDriver("ODBC Driver 18 for SQL Server", "msodbc", 18.0)
MS17 = OdbcDriver("ODBC Driver 17 for SQL Server", "msodbc", 17.0)
SNAC11 = OdbcDriver("SQL Server Native Client 11.0", "snac", 11.0)
LEGACY = OdbcDriver("SQL Server", "legacy")
FREETDS = OdbcDriver("FreeTDS", "freetds")
FREETDS_PATH = OdbcDriver("FreeTDS", "freetds", path="/usr/lib/x86_64-linux-gnu/odbc/libtdsodbc.so")


def _parts(conn: str) -> dict[str, str]:
    """Splits a connection string we built (values here have no ';' inside braces)."""
    out = {}
    for piece in conn.rstrip(";").split(";"):
        key, _, value = piece.partition("=")
        out[key.upper()] = value
    return out


def sql(server: str, **kw) -> DbTarget:
    return DbTarget(alias="CorporeRM", type="sqlserver", server=server, name=kw.pop("name", "CorporeRM"),
                    user=kw.pop("user", "rm"), password=kw.pop("password", "S3nha"), **kw)


@pytest.mark.parametrize("text, host, instance, port, protocol", [
    ("DBSRV", "DBSRV", None, None, None),
    ("  DBSRV  ", "DBSRV", None, None, None),
    ("DBSRV\\RM", "DBSRV", "RM", None, None),
    ("dbsrv.empresa.local\\SQLEXPRESS", "dbsrv.empresa.local", "SQLEXPRESS", None, None),
    ("DBSRV,1433", "DBSRV", None, 1433, None),
    ("DBSRV, 14330", "DBSRV", None, 14330, None),
    ("10.0.0.5,1433", "10.0.0.5", None, 1433, None),
    ("DBSRV\\RM,1500", "DBSRV", "RM", 1500, None),
    ("tcp:DBSRV,1433", "DBSRV", None, 1433, "tcp"),
    ("TCP:DBSRV\\RM", "DBSRV", "RM", None, "tcp"),
    ("np:DBSRV", "DBSRV", None, None, "np"),
    ("(local)", "(local)", None, None, None),
    (".\\SQLEXPRESS", ".", "SQLEXPRESS", None, None),
    ("localhost", "localhost", None, None, None),
    ("DBSRV:1433", "DBSRV", None, 1433, None),  # not SQL Server syntax, but written by users
    ("[::1],1433", "[::1]", None, 1433, None),
])
def test_sqlserver_server_forms(text, host, instance, port, protocol):
    address = parse_sqlserver(text)
    assert (address.host, address.instance, address.port, address.protocol) == (host, instance, port, protocol)


@pytest.mark.parametrize("text", ["", "   ", "DBSRV,", "DBSRV,abc", "DBSRV,70000", "DBSRV\\", "DB SRV",
                                  "DBSRV\\R M", "srv;DATABASE=master"])
def test_sqlserver_bad_forms_are_clear_errors(text):
    with pytest.raises(ServerFormatError) as info:
        parse_sqlserver(text)
    assert str(info.value)  # a Portuguese reason, never a traceback


@pytest.mark.parametrize("server, expected", [
    ("DBSRV", "DBSRV"),
    ("DBSRV\\RM", "DBSRV\\RM"),
    ("DBSRV,1433", "DBSRV,1433"),
    ("DBSRV\\RM,1500", "DBSRV\\RM,1500"),
    ("tcp:DBSRV,1433", "tcp:DBSRV,1433"),
    ("(local)", "(local)"),
])
def test_microsoft_drivers_take_the_server_as_written(server, expected):
    parts = _parts(build_odbc(sql(server), MS18))
    assert parts["SERVER"] == expected
    assert "PORT" not in parts


@pytest.mark.parametrize("server, expected_server, expected_port", [
    ("DBSRV", "DBSRV", "1433"),
    ("DBSRV\\RM", "DBSRV\\RM", None),       # FreeTDS asks the SQL Browser for the instance's port
    ("DBSRV,14330", "DBSRV", "14330"),
    ("DBSRV\\RM,1500", "DBSRV", "1500"),     # an explicit port wins over the instance
    ("tcp:DBSRV,1433", "DBSRV", "1433"),
    ("(local)", "localhost", "1433"),
    (".\\SQLEXPRESS", "localhost\\SQLEXPRESS", None),
])
def test_freetds_gets_server_and_port_apart(server, expected_server, expected_port):
    parts = _parts(build_odbc(sql(server), FREETDS))
    assert parts["SERVER"] == expected_server
    assert parts.get("PORT") == expected_port
    assert parts["TDS_VERSION"] == "7.4"
    assert parts["CLIENTCHARSET"] == "UTF-8"


def test_freetds_cannot_use_named_pipes():
    with pytest.raises(ServerFormatError, match="np:"):
        build_odbc(sql("np:DBSRV"), FREETDS)


def test_full_string_for_driver_18_with_sql_authentication():
    conn = build_odbc(sql("DBSRV\\RM"), MS18)
    assert conn == ("DRIVER={ODBC Driver 18 for SQL Server};SERVER=DBSRV\\RM;DATABASE=CorporeRM;UID=rm;"
                    f"PWD=S3nha;ApplicationIntent=ReadOnly;Encrypt=Optional;APP={APP_NAME};")


def test_windows_authentication_sends_no_user_or_password():
    target = DbTarget("CorporeRM", "sqlserver", "DBSRV", "CorporeRM", None, None, windows_auth=True)
    parts = _parts(build_odbc(target, MS17))
    assert parts["TRUSTED_CONNECTION"] == "yes"
    assert "UID" not in parts and "PWD" not in parts
    assert "ENCRYPT" not in parts  # 17 does not need it


@pytest.mark.parametrize("driver, intent", [(MS18, True), (MS17, True), (SNAC11, True), (FREETDS, True),
                                            (LEGACY, False),
                                            (OdbcDriver("SQL Server Native Client 10.0", "snac", 10.0), False)])
def test_read_only_intent_only_where_the_driver_knows_it(driver, intent):
    parts = _parts(build_odbc(sql("DBSRV"), driver))
    assert (parts.get("APPLICATIONINTENT") == "ReadOnly") is intent


def test_driver_by_library_path():
    conn = build_odbc(sql("DBSRV"), FREETDS_PATH)
    assert conn.startswith("DRIVER={/usr/lib/x86_64-linux-gnu/odbc/libtdsodbc.so};")


def test_database_name_may_be_absent():
    assert "DATABASE" not in _parts(build_odbc(sql("DBSRV", name=None), MS18))


@pytest.mark.parametrize("value, expected", [
    ("S3nha", "S3nha"),
    ("a;b", "{a;b}"),
    ("a}b", "{a}}b}"),
    ("{a", "{{a}"),
    (" lead", "{ lead}"),
    ("trail ", "{trail }"),
    ("a=b", "{a=b}"),
    ("", "{}"),
    ("çãõ€", "çãõ€"),
])
def test_odbc_escaping_for_microsoft_drivers(value, expected):
    assert odbc_value(value, "msodbc") == expected


@pytest.mark.parametrize("value, expected", [
    ("a;b", "{a;b}"),
    ("a}b", "a}b"),        # FreeTDS does not undouble '}}': leave it unbraced
    ("a=b", "{a=b}"),
    (" lead", "{ lead}"),
    ("{ab", "{{ab}"),      # FreeTDS ends a braced value at the first '};'
])
def test_odbc_escaping_for_freetds(value, expected):
    assert odbc_value(value, "freetds") == expected


@pytest.mark.parametrize("value", ["a};b", "a}b;c", "{a}b", "x}y "])
def test_values_freetds_cannot_carry_are_refused(value):
    with pytest.raises(ServerFormatError):
        odbc_value(value, "freetds")
    with pytest.raises(ServerFormatError, match="a senha"):
        build_odbc(sql("DBSRV", password=value), FREETDS)


def test_user_input_never_adds_attributes():
    """A hostile alias cannot smuggle attributes into the connection string."""
    target = sql("DBSRV", name="X;Trusted_Connection=yes", user="rm;DATABASE=master", password="p;APP=x")
    conn = build_odbc(target, MS18)
    assert "DATABASE={X;Trusted_Connection=yes};" in conn
    assert "UID={rm;DATABASE=master};" in conn
    assert "PWD={p;APP=x};" in conn


@pytest.mark.parametrize("text", [
    "DRIVER={x};UID=rm;PWD=S3nha;APP=y",
    "DRIVER={x};UID=rm;PWD={S3;n}}ha};APP=y",
    "DRIVER={x};UID=rm;pwd = S3nha",
    "Password=S3nha;Data Source=x",
])
def test_mask_hides_passwords(text):
    masked = mask_odbc(text)
    assert "S3" not in masked and "ha" not in masked.split("***")[-1][:2]
    assert "***" in masked


# ---- Oracle --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, kind, host, port, service, dsn", [
    ("oraprod/CORPORE", "ezconnect", "oraprod", 1521, "CORPORE", "oraprod/CORPORE"),
    ("oraprod.empresa.local/CORPORE", "ezconnect", "oraprod.empresa.local", 1521, "CORPORE",
     "oraprod.empresa.local/CORPORE"),
    ("oraprod:1522/corpore.empresa.local", "ezconnect", "oraprod", 1522, "corpore.empresa.local",
     "oraprod:1522/corpore.empresa.local"),
    ("//oraprod:1521/CORPORE", "ezconnect", "oraprod", 1521, "CORPORE", "oraprod:1521/CORPORE"),
    ("oraprod:1521/CORPORE:dedicated", "ezconnect", "oraprod", 1521, "CORPORE", "oraprod:1521/CORPORE:dedicated"),
    ("10.1.1.9/XEPDB1", "ezconnect", "10.1.1.9", 1521, "XEPDB1", "10.1.1.9/XEPDB1"),
])
def test_oracle_ezconnect_forms(text, kind, host, port, service, dsn):
    address = parse_oracle(text)
    assert (address.kind, address.host, address.port, address.service, address.dsn) == (kind, host, port, service, dsn)
    assert not address.needs_tns_admin


def test_oracle_tns_alias_needs_tns_admin():
    address = parse_oracle("CORPORERM")
    assert address.kind == "tns" and address.alias == "CORPORERM" and address.needs_tns_admin


def test_oracle_descriptor_is_passed_through():
    text = "(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=oraprod)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=CORPORE)))"
    address = parse_oracle(text)
    assert address.kind == "descriptor" and address.dsn == text


def test_oracle_host_port_sid_becomes_a_descriptor():
    address = parse_oracle("oraprod:1521:CORP")
    assert address.kind == "sid" and address.sid == "CORP"
    assert address.dsn == ("(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=oraprod)(PORT=1521))"
                           "(CONNECT_DATA=(SID=CORP)))")


@pytest.mark.parametrize("text", ["", "ora prod/CORPORE", "(DESCRIPTION=(ADDRESS=", "oraprod:99999/X",
                                  "host/svc;x", "(ADDRESS=(HOST=x))"])
def test_oracle_bad_forms_are_clear_errors(text):
    with pytest.raises(ServerFormatError):
        parse_oracle(text)


def test_oracle_dsns_are_accepted_by_oracledb():
    """oracledb itself parses what we build (no network involved)."""
    import oracledb

    for text in ("oraprod/CORPORE", "//oraprod:1522/CORPORE", "oraprod:1521:CORP",
                 "(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=oraprod)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=X)))"):
        params = oracledb.ConnectParams()
        params.parse_connect_string(parse_oracle(text).dsn)
        assert params.host == "oraprod"
