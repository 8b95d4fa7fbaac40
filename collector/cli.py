"""Command line: ``collector <command>``. Each command lives in ``collector.commands.<name>``.

A command module defines ``HELP`` (one line), ``configure(parser)`` and ``run(args) -> int``.
Heavy imports belong inside ``run`` so that ``collector --help`` and the wizard start fast.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import Protocol

from collector import __version__
from collector.core.errors import CollectorError

# command name -> module under collector.commands (kept in the order of SPEC §4.1)
COMMANDS = {
    "inspect": "inspect_cmd",
    "collect": "collect",
    "submit": "submit",
    "outbox": "outbox",
    "screenshot": "screenshot",
    "record": "record",
    "tickets": "tickets",
    "login": "login",
    "logout": "logout",
    "whoami": "whoami",
    "request": "request",
    "requests": "requests",
    "answer": "answer",
    "portal": "portal",
}


class Command(Protocol):
    """What a module of ``collector.commands`` provides."""

    HELP: str

    def configure(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def _load_commands() -> dict[str, Command]:
    loaded: dict[str, Command] = {}
    for name, module in COMMANDS.items():
        try:
            loaded[name] = importlib.import_module(f"collector.commands.{module}")
        except ModuleNotFoundError as exc:  # a command not built yet is simply absent
            if exc.name != f"collector.commands.{module}":
                raise
    return loaded


#: the global options that take a value (``--portal URL``): their value is not a command name
_VALUED = ("--portal", "--profile")


def names_no_command(argv: list[str]) -> bool:
    """True when ``argv`` names no command (``collector``, ``collector --demo --portal URL``): the
    main window opens, and the parser need not import every command module (cold start)."""
    value_next = False
    for arg in argv:
        if value_next:
            value_next = False
        elif arg in _VALUED:
            value_next = True
        elif arg in ("-h", "--help") or not arg.startswith("-"):
            return False
    return True


def build_parser(commands_too: bool = True) -> tuple[argparse.ArgumentParser, dict[str, Command]]:
    parser = argparse.ArgumentParser(
        prog="collector",
        description="Coletor de Diagnóstico RM — reúne o que o suporte TOTVS precisa para o chamado.",
    )
    parser.add_argument("--version", action="version", version=f"collector {__version__}")
    parser.add_argument("--debug", action="store_true", help="mostra detalhes técnicos dos erros")
    parser.add_argument("--demo", action="store_true", help="abre o assistente no portal local de demonstração")
    parser.add_argument("--tray", action="store_true",
                        help="inicia só com o ícone na bandeja (o início com a sessão usa esta opção)")
    parser.add_argument("--portal", metavar="URL", help="endereço do portal (também COLLECTOR_PORTAL_URL)")
    parser.add_argument("--profile", metavar="ARQUIVO", type=Path,
                        help="perfil do portal, collector.portal/1 (também COLLECTOR_PORTAL_PROFILE)")
    if not commands_too:
        parser.set_defaults(command=None)
        return parser, {}
    commands = _load_commands()
    sub = parser.add_subparsers(dest="command", metavar="COMANDO")
    for name, module in commands.items():
        sp = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(sp)
    return parser, commands


def scrub(text: str) -> str:
    """``text`` with every secret the redaction rules know masked (``Password=``, tokens, bearer and
    basic credentials, URL credentials, the secrets in the environment). Errors and logs print
    library messages (pyodbc, requests...) that may echo a connection string or a header."""
    try:
        from collector.redact.secrets import SECRET_ENV  # the environment's secrets (start-up: lazy)

        known = tuple(v for v in (os.environ.get(n, "").strip() for n in SECRET_ENV) if v)
        return _redactor(known).redact_text(text).text
    except Exception:  # never fail while reporting a failure, and never print unchecked text
        return "(detalhes omitidos)"


@functools.lru_cache(maxsize=4)
def _redactor(known: tuple[str, ...]):
    from collector.redact import RedactOptions, Redactor

    return Redactor(RedactOptions(personal_data=False, extra_secrets=known))


class _ScrubbingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


#: the log files in the user's data folder (SPEC §1: per user), one per executable, rotated
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3


class _ConsoleOnly(logging.Filter):
    """Tracebacks logged for the file (``extra={"file_only": True}``) never reach the console."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "file_only", False)


def log_file() -> Path:
    """``logs/collector.log`` for the console executable, ``logs/assistente.log`` for the windowed one
    (two processes of the same user never rotate the same file)."""
    from collector.core import errorbox, paths

    name = "collector.log" if errorbox.has_console() else "assistente.log"
    return paths.data_dir() / "logs" / name


class _LogFile(logging.Handler):
    """The rotating log file, opened on the first record: ``logging.handlers`` (socket, pickle,
    queue...) costs ~20 ms of every start, the main window's cold start included, and most runs log
    nothing before their work begins."""

    def __init__(self, path: Path, level: int):
        super().__init__(level)
        self.path = path
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            from logging.handlers import RotatingFileHandler

            self._file = RotatingFileHandler(self.path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS,
                                             encoding="utf-8", delay=True)
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def _configure_logging(debug: bool) -> None:
    """Warnings (everything with ``--debug``) on the console when there is one, and a rotating, scrubbed
    log file in the user's data folder (info, or debug with ``--debug``) for both executables."""
    from collector.core import errorbox

    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_collector", False)]:
        root.removeHandler(old)
        old.close()
    formatter = _ScrubbingFormatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = []
    if errorbox.has_console():
        console = logging.StreamHandler()
        console.setFormatter(_ScrubbingFormatter("%(levelname)s %(name)s: %(message)s"))
        console.setLevel(logging.DEBUG if debug else logging.WARNING)
        console.addFilter(_ConsoleOnly())
        handlers.append(console)
    try:
        path = log_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        file = _LogFile(path, logging.DEBUG if debug else logging.INFO)
        file.setFormatter(formatter)
        handlers.append(file)
    except (OSError, CollectorError):
        pass  # no writable data folder: the command itself says so
    for handler in handlers:
        handler._collector = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)


def _print_error(text: str) -> None:
    from collector.core import errorbox

    text = scrub(text)
    logging.getLogger("collector").error("%s", text, extra={"file_only": True})
    errorbox.tell(text)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser, commands = build_parser(commands_too=not names_no_command(argv))
    args = parser.parse_args(argv)
    _configure_logging(args.debug)
    try:
        if args.command is None:
            from collector.commands import gui

            return gui.run(args)
        return int(commands[args.command].run(args) or 0)
    except CollectorError as exc:
        _log_traceback()
        if args.debug and _console():
            print(scrub(traceback.format_exc().rstrip()), file=sys.stderr)
        _print_error(f"collector: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        if _console():
            print("collector: interrompido.", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: one line, never a traceback in the user's face
        _log_traceback()
        if args.debug and _console():
            print(scrub(traceback.format_exc().rstrip()), file=sys.stderr)
            return 1
        _print_error(f"collector: erro inesperado: {type(exc).__name__}: {exc} (use --debug para detalhes)")
        return 1


def _console() -> bool:
    from collector.core import errorbox

    return errorbox.has_console()


def _log_traceback() -> None:
    """The full traceback, scrubbed, in the log file only (never on the console)."""
    logging.getLogger("collector").error("falha", exc_info=True, extra={"file_only": True})
