"""``collector portal macro install ARQUIVO``: (analyst) installs on the portal the macro written by
``collector request --macro`` (Zendesk Macros API, agent or administrator credentials)."""

from __future__ import annotations

import argparse
from pathlib import Path


def configure(sub) -> None:
    macro = sub.add_parser("macro", help="(analista) macro do Zendesk que pede um pacote de diagnóstico")
    macro_sub = macro.add_subparsers(dest="macro_command", metavar="AÇÃO")
    install = macro_sub.add_parser(
        "install", help="instala a macro no portal (conta de agente ou administrador)",
        description="Instala no portal a macro gravada por 'collector request --macro ARQUIVO' (cria, ou "
                    "atualiza a que tem o mesmo título). Usa as credenciais do portal: 'collector login' "
                    "com sua conta de agente, ou COLLECTOR_PORTAL_EMAIL e COLLECTOR_PORTAL_TOKEN.")
    install.add_argument("file", metavar="ARQUIVO", type=Path, help="a definição da macro (.zendesk-macro.json)")


def run(args: argparse.Namespace) -> int:
    from collector.commands.common import portal_client
    from collector.core.errors import UsageError
    from collector.portal import macro

    if getattr(args, "macro_command", None) != "install":
        raise UsageError("use: collector portal macro install ARQUIVO")
    definition = macro.load(args.file)
    client, _config = portal_client(args)
    with client:
        installed, what = macro.install(client, definition)
    verb = {"created": "instalada", "updated": "atualizada", "unchanged": "já estava instalada"}[what]
    print(f"Macro \"{installed.get('title')}\" {verb} no portal (id {installed.get('id')}).")
    print("No espaço de trabalho do agente, aplique-a num chamado: o comentário público que ela escreve "
          "é o pedido que o Coletor do cliente reconhece.")
    return 0
