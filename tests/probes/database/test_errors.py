"""Driver errors → kind and Portuguese sentence; secrets scrubbed from everything kept."""

import socket

import pytest

from collector.probes.database.errors import DbError, classify_odbc, classify_oracle, scrub
from tests.probes.database.fakes import load, odbc_error, oracle_error

SQL = load("sqlserver")["errors"]
ORA = load("oracle")["errors"]


@pytest.mark.parametrize("name, stage, kind, words", [
    ("login_failed", "connect", "login_failed", "login recusado pelo servidor para o usuário rm"),
    ("account_locked", "connect", "login_failed", "conta bloqueada"),
    ("instance_not_found", "connect", "server_not_found", "servidor de banco de dados DBSRV\\RM não encontrado"),
    ("named_pipes", "connect", "server_not_found", "não encontrado ou inacessível"),
    ("login_timeout", "connect", "timeout", "o servidor não respondeu a tempo"),
    ("query_timeout", "query", "timeout", "a consulta excedeu o tempo"),
    ("driver_missing_windows", "connect", "driver_missing", "driver ODBC"),
    ("cannot_open_database", "connect", "database_not_found", "não existe ou o usuário não tem acesso"),
    ("invalid_object", "query", "missing_object", "a tabela GCOLIGADA não existe"),
    ("untrusted_certificate", "connect", "tls", "certificado"),
    ("link_failure", "query", "connection_lost", "a conexão com o banco caiu"),
    ("current_timezone_missing", "query", "other", "CURRENT_TIMEZONE"),
])
def test_sqlserver_errors(name, stage, kind, words):
    error = classify_odbc(odbc_error(SQL[name]), stage=stage, server="DBSRV\\RM", user="rm")
    assert error.kind == kind
    assert words in error.message
    assert error.detail and "[Microsoft]" not in error.detail  # vendor tags dropped, text kept


def test_our_own_cancel_is_a_timeout_whatever_the_driver_says():
    error = classify_odbc(odbc_error(SQL["link_failure"]), stage="query", timed_out=True)
    assert error.kind == "timeout"


@pytest.mark.parametrize("name, stage, kind, words", [
    ("invalid_login", "connect", "login_failed", "login recusado pelo Oracle para o usuário RM"),
    ("account_locked", "connect", "login_failed", "conta bloqueada"),
    ("insufficient_privileges", "query", "permission", "sem permissão"),
    ("service_unknown", "connect", "server_not_found", "não conhece o serviço"),
    ("cannot_connect", "connect", "server_not_found", "servidor Oracle oraprod/CORPORE não encontrado"),
    ("call_timeout", "query", "timeout", "a consulta excedeu o tempo"),
    ("old_verifier", "connect", "unsupported", "modo thin"),
    ("no_config_dir", "connect", "config", "TNS_ADMIN"),
    ("tns_entry_missing", "connect", "config", "tnsnames.ora"),
    ("connection_closed", "query", "connection_lost", "caiu"),
])
def test_oracle_errors(name, stage, kind, words):
    error = classify_oracle(oracle_error(ORA[name]), stage=stage, server="oraprod/CORPORE", user="RM")
    assert error.kind == kind
    assert words in error.message


def test_oracle_name_resolution_and_refusal_for_real(unused_port):
    """Real oracledb (thin) against a closed local port: fails fast, mapped to 'server not found'."""
    import oracledb

    with pytest.raises(oracledb.Error) as info:
        oracledb.connect(user="rm", password="x", dsn=f"127.0.0.1:{unused_port}/ORCL", tcp_connect_timeout=2)
    error = classify_oracle(info.value, stage="connect", server="srv")
    assert error.kind == "server_not_found"
    gai = classify_oracle(socket.gaierror(-2, "Name or service not known"), stage="connect", server="srv")
    assert gai.kind == "server_not_found" and "não resolve" in gai.message


def test_tns_alias_not_in_tnsnames_for_real(tmp_path):
    import oracledb

    (tmp_path / "tnsnames.ora").write_text("OUTRO = (DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=127.0.0.1)(PORT=1))"
                                           "(CONNECT_DATA=(SERVICE_NAME=X)))\n")
    with pytest.raises(oracledb.Error) as info:
        oracledb.connect(user="rm", password="x", dsn="CORPORERM", config_dir=str(tmp_path))
    assert classify_oracle(info.value, stage="connect").kind == "config"


def test_scrub_removes_passwords_echoed_by_drivers():
    message = ("[08001] could not connect with DRIVER={FreeTDS};SERVER=x;UID=rm;PWD={S3;cr}}et};APP=y "
               "password=S3;cr}et and again S3;cr}et")
    cleaned = scrub(message, ["S3;cr}et"])
    assert "S3" not in cleaned and "cr}" not in cleaned
    assert "UID=rm" in cleaned


def test_password_echoed_in_a_driver_error_never_reaches_the_message():
    spec = {"class": "OperationalError",
            "args": ["08001", "[08001] [x][y]Bad connection string UID=rm;PWD=Segredo#1;SERVER=z (0) (SQLDriverConnect)"]}
    error = classify_odbc(odbc_error(spec), stage="connect", secrets=["Segredo#1"])
    assert "Segredo#1" not in f"{error.message} {error.detail}"
    oracle = classify_oracle(oracle_error({"message": "ORA-01017: invalid password Segredo#1", "code": 1017}),
                             stage="connect", secrets=["Segredo#1"])
    assert "Segredo#1" not in f"{oracle.message} {oracle.detail}"


def test_db_error_is_one_line_and_serializable():
    import pickle

    error = DbError("timeout", "tempo esgotado", "HYT00")
    assert str(error) == "tempo esgotado"
    assert pickle.loads(pickle.dumps(error)).kind == "timeout"
    assert error.to_dict() == {"kind": "timeout", "message": "tempo esgotado", "detail": "HYT00"}
