"""collector.cli: the one place that prints errors never prints a secret, with or without --debug."""

from __future__ import annotations

import logging

import pytest

from collector import cli
from collector.commands import inspect_cmd
from collector.core.errors import CollectorError

CONN = "Data Source=DBSRV;User Id=rm;Password=Xy7-conn-secret;Initial Catalog=CORPORERM"
BEARER = "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJybSJ9.c2lnbmF0dXJl"


def _failing(exc: BaseException):
    def run(args):
        raise exc
    return run


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
@pytest.mark.parametrize("exc", [
    RuntimeError(f"driver said: {CONN}"),             # a library message echoing a connection string
    ValueError(f"Invalid header value b'{BEARER}'"),
    CollectorError(f"falha ao abrir {CONN}"),
], ids=["unexpected-conn", "unexpected-bearer", "collector-error"])
def test_errors_are_one_line_without_secrets(monkeypatch, capsys, exc, debug):
    monkeypatch.setattr(inspect_cmd, "run", _failing(exc))
    code = cli.main((["--debug"] if debug else []) + ["inspect"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Xy7-conn-secret" not in out + err and "c2lnbmF0dXJl" not in out + err
    assert "collector:" in err or debug
    if not debug:
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    else:
        assert "Traceback" in err  # --debug still shows where it failed


def test_secrets_from_the_environment_are_masked_anywhere(monkeypatch, capsys):
    monkeypatch.setenv("COLLECTOR_PORTAL_TOKEN", "plainTokenValue42")
    monkeypatch.setattr(inspect_cmd, "run", _failing(OSError("cannot use plainTokenValue42 here")))
    assert cli.main(["inspect"]) == 1
    err = capsys.readouterr().err
    assert "plainTokenValue42" not in err and "erro inesperado: OSError" in err


def test_log_records_are_scrubbed():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "connecting with %s", (CONN,), None)
    text = cli._ScrubbingFormatter("%(message)s").format(record)
    assert "Xy7-conn-secret" not in text and "Data Source=DBSRV" in text


def test_ordinary_messages_are_left_alone():
    message = ("sem credenciais do portal: guarde e-mail e token no assistente, ou defina "
               "COLLECTOR_PORTAL_EMAIL e COLLECTOR_PORTAL_TOKEN")
    assert cli.scrub(message) == message
