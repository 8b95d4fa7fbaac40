"""Command line: ``collector <command>``. Each command lives in ``collector.commands.<name>``.

A command module defines ``HELP`` (one line), ``configure(parser)`` and ``run(args) -> int``.
Heavy imports belong inside ``run`` so that ``collector --help`` and the wizard start fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

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
    "request": "request",
    "portal": "portal",
}


def _load_commands() -> dict[str, object]:
    loaded = {}
    for name, module in COMMANDS.items():
        try:
            loaded[name] = importlib.import_module(f"collector.commands.{module}")
        except ModuleNotFoundError as exc:  # a command not built yet is simply absent
            if exc.name != f"collector.commands.{module}":
                raise
    return loaded


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, object]]:
    parser = argparse.ArgumentParser(
        prog="collector",
        description="Coletor de Diagnóstico RM — reúne o que o suporte TOTVS precisa para o chamado.",
    )
    parser.add_argument("--version", action="version", version=f"collector {__version__}")
    parser.add_argument("--debug", action="store_true", help="mostra detalhes técnicos dos erros")
    parser.add_argument("--demo", action="store_true", help="abre o assistente no portal local de demonstração")
    parser.add_argument("--portal", metavar="URL", help="endereço do portal (também COLLECTOR_PORTAL_URL)")
    commands = _load_commands()
    sub = parser.add_subparsers(dest="command", metavar="COMANDO")
    for name, module in commands.items():
        sp = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(sp)
    return parser, commands




def main(argv: list[str] | None = None) -> int:
    parser, commands = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.command is None:
            from collector.commands import gui

            return gui.run(args)
        return int(commands[args.command].run(args) or 0)
    except CollectorError as exc:
        if args.debug:
            raise
        print(f"collector: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("collector: interrompido.", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: one line, never a traceback in the user's face
        if args.debug:
            raise
        print(f"collector: erro inesperado: {type(exc).__name__}: {exc} (use --debug para detalhes)",
              file=sys.stderr)
        return 1
