"""Argument helpers shared by several commands."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from collector.core.errors import UsageError


def add_rm_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rm-root", metavar="PASTA", action="append", default=[], type=Path,
                        help="pasta de uma instalação do RM (ou que contém várias); pode repetir. "
                             "Sem ela, procura nas pastas usuais, processos e serviços")


def rm_roots(args: argparse.Namespace) -> list[Path]:
    roots = []
    for root in args.rm_root:
        if not root.exists():
            raise UsageError(f"--rm-root: pasta não encontrada: {root}")
        if not root.is_dir():
            raise UsageError(f"--rm-root: não é uma pasta: {root}")
        roots.append(root)
    return roots


def print_json(doc: object) -> None:
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def portal_args(args: argparse.Namespace) -> tuple[str | None, Path | None]:
    """``--portal URL`` and ``--profile FILE`` (global or given after the command)."""
    return getattr(args, "portal", None), getattr(args, "profile", None)


def portal_config(args: argparse.Namespace):
    from collector.portal import errors
    from collector.portal import settings as portal_settings

    config = portal_settings.load(*portal_args(args))
    if not config.configured:
        raise errors.NotConfigured(
            f"nenhum portal configurado: use --portal URL, {portal_settings.ENV_URL} ou um perfil do portal "
            f"(--profile), ou prepare o envio manual com --manual")
    return config


def portal_client(args: argparse.Namespace):
    """(client, settings) for the configured portal with the user's sign-in. With an API token it
    warns on stderr; with no keyring and nobody signed in, a terminal user signs in now (each run)."""
    from collector.portal import auth, errors, signin
    from collector.portal.client import PortalClient

    config = portal_config(args)
    credentials = auth.load(config.url, config.profile.oauth)
    if credentials is None:
        if auth.keyring_usable() or config.profile.oauth is None or not sys.stdin.isatty():
            extra = "" if auth.keyring_usable() else f" ({auth.NO_KEYRING.rstrip('.')})"
            raise errors.NotConfigured(auth.missing_message() + extra)
        print(f"collector: {auth.NO_KEYRING}", file=sys.stderr)
        credentials = signin.sign_in(config.url, config.profile, say=_stderr, ask=input).credentials
    if credentials.kind == "token":
        print(f"collector: {auth.TOKEN_WARNING}", file=sys.stderr)
    return PortalClient(config.url, credentials), config


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
