"""``collector login [--portal URL] [--profile FILE] [--no-browser] [--timeout S]``: sign in to the
portal through the browser (OAuth 2.0 + PKCE) and keep the sign-in in the system keyring."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "entra no portal pelo navegador (OAuth) e guarda a sessão no chaveiro do sistema"


def add_portal_options(parser: argparse.ArgumentParser) -> None:
    """``--portal`` / ``--profile`` also after the command (``collector login --portal URL``)."""
    parser.add_argument("--portal", metavar="URL", default=argparse.SUPPRESS,
                        help="endereço do portal (também COLLECTOR_PORTAL_URL)")
    parser.add_argument("--profile", metavar="ARQUIVO", type=Path, default=argparse.SUPPRESS,
                        help="perfil do portal (também COLLECTOR_PORTAL_PROFILE)")


def configure(parser: argparse.ArgumentParser) -> None:
    add_portal_options(parser)
    parser.add_argument("--no-browser", action="store_true",
                        help="não abre o navegador: mostra o endereço para abrir em qualquer computador e pede "
                             "o endereço de retorno")
    parser.add_argument("--timeout", type=float, default=300.0, metavar="SEGUNDOS",
                        help="quanto esperar o navegador voltar (padrão: 300)")


def run(args: argparse.Namespace) -> int:
    from collector.commands.common import portal_config
    from collector.core.errors import UsageError
    from collector.portal import auth, signin

    if args.timeout <= 0:
        raise UsageError("--timeout deve ser maior que zero")
    config = portal_config(args)
    done = signin.sign_in(config.url, config.profile, browser=not args.no_browser, timeout=args.timeout,
                          say=_stderr, ask=_ask)
    name = done.user.get("name") or done.user.get("email") or "?"
    print(f"Você entrou no portal {config.url} como {name} <{done.user.get('email')}>.")
    if not done.stored:
        print(f"collector: {auth.NO_KEYRING}", file=sys.stderr)
    return 0


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _ask(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:
        return ""
