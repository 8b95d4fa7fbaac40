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


def _log_text(home) -> str:
    logs = sorted((home / "logs").glob("*.log*"))
    return "".join(p.read_text(encoding="utf-8") for p in logs)


@pytest.fixture
def windowed(monkeypatch):
    """The windowed executable: no console at all (PyInstaller console=False sets sys.stderr to None)."""
    from collector.core import errorbox

    boxes = []
    monkeypatch.setattr(errorbox.sys, "platform", "win32")

    class User32:
        def MessageBoxW(self, owner, text, title, flags):  # noqa: N802 - Windows name
            boxes.append((text, title, flags))
            return 1

    monkeypatch.setattr(errorbox, "_user32", lambda: User32())
    yield boxes
    logging.getLogger().handlers[:] = [h for h in logging.getLogger().handlers if not getattr(h, "_collector", 0)]


def test_windowed_errors_go_to_a_message_box_and_the_log(monkeypatch, tmp_path, windowed):
    import os
    from pathlib import Path

    monkeypatch.setattr(inspect_cmd, "run", _failing(CollectorError(f"falha ao abrir {CONN}")))
    monkeypatch.setattr(cli.sys, "stderr", None)  # here: pytest re-installs its capture before the call
    assert cli.main(["inspect"]) == 1
    [(text, title, flags)] = windowed
    assert text.startswith("collector: falha ao abrir") and "Xy7-conn-secret" not in text
    assert title == "Coletor de Diagnóstico RM" and flags & 0x10  # MB_ICONERROR
    log = _log_text(Path(os.environ["COLLECTOR_HOME"]))
    assert "falha ao abrir" in log and "Traceback" in log and "Xy7-conn-secret" not in log
    assert (Path(os.environ["COLLECTOR_HOME"]) / "logs" / "assistente.log").exists()


def test_unexpected_windowed_error_is_one_line_in_the_box(monkeypatch, windowed):
    monkeypatch.setattr(inspect_cmd, "run", _failing(RuntimeError(f"driver said: {CONN}")))
    monkeypatch.setattr(cli.sys, "stderr", None)
    assert cli.main(["--debug", "inspect"]) == 1  # --debug has no console to print to: still the box
    [(text, _title, _flags)] = windowed
    assert len(text.splitlines()) == 1 and "Xy7-conn-secret" not in text


def test_debug_raises_the_log_level(monkeypatch, capsys):
    import os
    from pathlib import Path

    def run(args):
        logging.getLogger("collector.test").debug("detalhe de depuração")
        logging.getLogger("collector.test").info("passo informativo")
        return 0

    monkeypatch.setattr(inspect_cmd, "run", run)
    home = Path(os.environ["COLLECTOR_HOME"])
    try:
        assert cli.main(["inspect"]) == 0
        text = _log_text(home)
        assert "passo informativo" in text and "detalhe de depuração" not in text
        assert "passo informativo" not in capsys.readouterr().err  # the console shows warnings only
        assert cli.main(["--debug", "inspect"]) == 0
        assert "detalhe de depuração" in _log_text(home)
    finally:
        logging.getLogger().handlers[:] = [h for h in logging.getLogger().handlers
                                           if not getattr(h, "_collector", 0)]


def test_the_log_file_rotates(monkeypatch):
    import os
    from pathlib import Path

    monkeypatch.setattr(cli, "LOG_MAX_BYTES", 2000)

    def run(args):
        for i in range(100):
            logging.getLogger("collector.test").info("linha %d de um log que cresce", i)
        return 0

    monkeypatch.setattr(inspect_cmd, "run", run)
    try:
        assert cli.main(["inspect"]) == 0
    finally:
        logging.getLogger().handlers[:] = [h for h in logging.getLogger().handlers
                                           if not getattr(h, "_collector", 0)]
    logs = sorted(p.name for p in (Path(os.environ["COLLECTOR_HOME"]) / "logs").iterdir())
    assert logs == ["collector.log", "collector.log.1", "collector.log.2", "collector.log.3"]


@pytest.mark.parametrize(("argv", "expected"), [
    ([], True), (["--demo"], True), (["--portal", "https://x.zendesk.com", "--debug"], True),
    (["--profile", "inspect"], True),  # a value, not the command
    (["inspect"], False), (["--debug", "tickets", "--json"], False), (["--help"], False), (["-h"], False),
])
def test_only_a_command_loads_the_command_modules(argv, expected):
    assert cli.names_no_command(argv) is expected


def test_help_and_commands_still_parse_with_the_main_window_fast_path(capsys):
    parser, commands = cli.build_parser(commands_too=False)
    assert commands == {} and parser.parse_args(["--demo"]).command is None
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "inspect" in capsys.readouterr().out  # --help still lists every command
