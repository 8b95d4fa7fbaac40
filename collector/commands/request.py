"""``collector request --ticket ID --items KIND,... [--since WHEN]``: (analyst) a diagnostic request
(SPEC §4.6) to paste in a ticket comment, or to save as a ``*.collector-request.json`` file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "(analista) gera um pedido de diagnóstico para colar num comentário do chamado"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ticket", required=True, metavar="ID", help="número do chamado")
    parser.add_argument("--items", required=True, metavar="ITENS",
                        help="o que coletar, separado por vírgulas: rmerror, logs, config, screenshots, "
                             "recording, database, system, attachments")
    parser.add_argument("--since", metavar="QUANDO", help="desde quando: data/hora ISO ou 90m, 36h, 7d")
    parser.add_argument("--note", default="", metavar="TEXTO", help="observação para o cliente")
    parser.add_argument("--out", type=Path, metavar="ARQUIVO",
                        help="grava o pedido como arquivo .collector-request.json (ou numa pasta)")
    parser.add_argument("--json", action="store_true", help="mostra o JSON em vez do bloco para o comentário")


def run(args: argparse.Namespace) -> int:
    from collector.portal import request_doc

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
