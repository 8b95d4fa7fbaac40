"""``collector logout``: revoke the portal sign-in where the portal allows it and forget it here."""

from __future__ import annotations

import argparse

HELP = "sai do portal: revoga a sessão no portal e apaga o que está guardado neste computador"


def configure(parser: argparse.ArgumentParser) -> None:
    from collector.commands.login import add_portal_options

    add_portal_options(parser)


def run(args: argparse.Namespace) -> int:
    from collector.commands.common import portal_config
    from collector.portal import signin

    config = portal_config(args)
    revoked, removed = signin.sign_out(config.url, config.profile)
    if removed:
        print(f"Você saiu do portal {config.url}" + (" (sessão revogada no portal)." if revoked else "."))
    else:
        print(f"Nada guardado para o portal {config.url} neste computador.")
    return 0
