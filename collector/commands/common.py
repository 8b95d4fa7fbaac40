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
