"""``collector request --ticket ID --items KIND,... [--since WHEN]``: (analyst) a diagnostic request
(SPEC §4.6) to paste in a ticket comment, or to save as a ``*.collector-request.json`` file.

``collector request --items KIND,... [--since 2d] --macro FILE``: the same request as a Zendesk macro
definition (Macros API JSON, see :mod:`collector.portal.macro`) for any ticket, to install with
``collector portal macro install FILE``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from collector.core.kinds import Kind

HELP = "(analista) gera um pedido de diagnóstico para colar num comentário do chamado"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ticket", metavar="ID", help="número do chamado (dispensado com --macro)")
    parser.add_argument("--items", required=True, metavar="ITENS",
                        help="o que coletar, separado por vírgulas: " + ", ".join(Kind))
    parser.add_argument("--since", metavar="QUANDO", help="desde quando: data/hora ISO ou 90m, 36h, 7d")
    parser.add_argument("--note", default="", metavar="TEXTO", help="observação para o cliente")
    parser.add_argument("--out", type=Path, metavar="ARQUIVO",
                        help="grava o pedido como arquivo .collector-request.json (ou numa pasta)")
    parser.add_argument("--json", action="store_true", help="mostra o JSON em vez do bloco para o comentário")
    parser.add_argument("--macro", type=Path, metavar="ARQUIVO",
                        help="grava uma macro do Zendesk (JSON da API de macros) com este pedido, para "
                             "qualquer chamado; --since deve ser uma duração (2d, 36h)")
    parser.add_argument("--title", metavar="TÍTULO", help="com --macro: título da macro no Zendesk")


def run(args: argparse.Namespace) -> int:
    from collector.core.errors import UsageError
    from collector.portal import request_doc

    if args.macro is not None:
        return _macro(args)
    if args.ticket is None:
        raise UsageError("informe --ticket ID (ou --macro ARQUIVO para uma macro do Zendesk)")
    request = request_doc.build(args.ticket, args.items, args.since, args.note)
    if args.out:
        path = args.out / request.file_name() if args.out.is_dir() else args.out
        try:
            path.write_text(request.dumps() + "\n", encoding="utf-8")
        except OSError as exc:
            from collector.core.errors import CollectorError

            raise CollectorError(f"não foi possível gravar {path}: {exc.strerror or exc}") from None
        print(f"Pedido de diagnóstico gravado em {path}")
        return 0
    if args.json:
        print(request.dumps())
        return 0
    print(request.to_block())
    print(f"Cole o bloco acima num comentário do chamado #{request.ticket}: o Coletor do cliente o reconhece.",
          file=sys.stderr)
    return 0


def _macro(args: argparse.Namespace) -> int:
    from collector.core.errors import UsageError
    from collector.portal import macro, request_doc

    if args.ticket is not None or args.out is not None or args.json:
        raise UsageError("--macro vale para qualquer chamado: não use --ticket, --out nem --json com ela")
    request = request_doc.template(args.items, args.since, args.note)
    path = macro.write(args.macro, macro.definition(request, args.title))
    print(f"Macro do Zendesk gravada em {path}")
    print(f"Instale com: collector --portal URL portal macro install {path} (conta de agente ou administrador)",
          file=sys.stderr)
    return 0
