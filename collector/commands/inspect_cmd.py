"""``collector inspect``: what the collector knows about the RM installation and the workstation."""

from __future__ import annotations

import argparse

from collector.commands.common import add_rm_root, print_json, rm_roots

HELP = "mostra o que foi detectado da instalação do RM e da estação"


def configure(parser: argparse.ArgumentParser) -> None:
    add_rm_root(parser)
    parser.add_argument("--json", action="store_true", help="documento JSON (collector.inspect/1)")


def run(args: argparse.Namespace) -> int:
    from collector.probes.inspect import InspectContext, build_document
    from collector.probes.inspect_text import summary

    roots = rm_roots(args)
    doc, _results = build_document(InspectContext(rm_roots=roots, scan_defaults=not roots))
    if args.json:
        print_json(doc)
    else:
        print(summary(doc))
    return 0
