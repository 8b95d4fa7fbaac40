"""``collector whoami``: who the collector is signed in as, asked of the portal."""

from __future__ import annotations

import argparse

HELP = "mostra com que conta o coletor está conectado ao portal"

HOW = {"oauth": "entrada pelo navegador, OAuth", "token": "e-mail e token de API", "bearer": "token OAuth"}


def configure(parser: argparse.ArgumentParser) -> None:
    from collector.commands.login import add_portal_options

    add_portal_options(parser)


def run(args: argparse.Namespace) -> int:
    import sys

    from collector.commands.common import portal_config
    from collector.portal import auth, signin

    config = portal_config(args)
    user, credentials = signin.who(config.url, config.profile)
    how = HOW.get(credentials.kind, credentials.kind)
    print(f"{user.get('name') or '?'} <{user.get('email')}> no portal {config.url} ({how}).")
    if credentials.kind == "token":
        print(f"collector: {auth.TOKEN_WARNING}", file=sys.stderr)
    return 0
