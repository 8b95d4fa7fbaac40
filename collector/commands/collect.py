"""``collector collect``: builds a diagnostic bundle without a GUI (SPEC §4.1, §4.3)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from collector.commands.common import add_rm_root, print_json, rm_roots
from collector.core.errors import UsageError
from collector.core.kinds import Kind
from collector.core.progress import Progress

KIND_NAMES = tuple(k.value for k in Kind)

HELP = "reúne as evidências de uma janela de tempo num pacote de diagnóstico (.zip)"


def add_source_options(parser: argparse.ArgumentParser) -> None:
    """Where the evidence comes from and how it is treated: shared with ``collector answer``."""
    add_rm_root(parser)
    parser.add_argument("--attach", metavar="ARQUIVO", action="append", type=Path, default=[],
                        help="anexa um arquivo qualquer (pode repetir)")
    parser.add_argument("--intellitrace", action="store_true",
                        help="inclui arquivos IntelliTrace (*.itrace), que são muito grandes")
    parser.add_argument("--keep-names", action="store_true",
                        help="não troca o nome deste computador e do usuário do Windows por pseudônimos")
    parser.add_argument("--keep-personal-data", action="store_true",
                        help="não troca CPF, CNPJ e e-mails por pseudônimos (segredos continuam mascarados)")


def source_options(args: argparse.Namespace):
    """The :class:`CollectOptions` of :func:`add_source_options` (every kind, the default window)."""
    from collector.bundle.collect import CollectOptions

    for path in args.attach:
        if not path.exists():
            raise UsageError(f"--attach: arquivo não encontrado: {path}")
    return CollectOptions(rm_roots=rm_roots(args), attachments=list(args.attach),
                          personal_data_masked=not args.keep_personal_data,
                          keep_names=args.keep_names, include_intellitrace=args.intellitrace)


def configure(parser: argparse.ArgumentParser) -> None:
    add_source_options(parser)
    parser.add_argument("--since", metavar="QUANDO",
                        help="início da janela: data ISO (2026-11-20T14:00) ou duração (90m, 36h, 7d); "
                             "padrão: 2 dias")
    parser.add_argument("--request", metavar="ARQUIVO", type=Path,
                        help="pedido de diagnóstico do analista (*.collector-request.json)")
    parser.add_argument("--include", metavar="TIPO", action="append", choices=KIND_NAMES, default=[],
                        help="coleta só estes tipos (pode repetir): " + ", ".join(KIND_NAMES))
    parser.add_argument("--exclude", metavar="TIPO", action="append", choices=KIND_NAMES, default=[],
                        help="não coleta estes tipos (pode repetir)")
    parser.add_argument("--screenshot", action="store_true", help="inclui uma captura de cada monitor")
    parser.add_argument("--title", help="título do chamado (vai para ticket.md)")
    parser.add_argument("--estimate", action="store_true",
                        help="só mostra o que seria coletado e o tamanho, sem gravar o pacote")
    parser.add_argument("--out", metavar="CAMINHO", type=Path,
                        help="arquivo .zip (ou pasta) de saída; padrão: pasta atual")
    parser.add_argument("--json", action="store_true", help="resumo em JSON")


def _options(args: argparse.Namespace):
    from collector.core.timewindow import local_now, parse_when

    include = set(args.include) or set(KIND_NAMES)
    since = None
    ticket = None
    if args.request is not None:
        from collector.portal import request_doc

        request = request_doc.load_file(args.request)
        include = set(args.include) or set(request.items)
        since = request.window_start(local_now())
        ticket = request.ticket
    if args.since:
        since = parse_when(args.since, local_now())
    opts = source_options(args)
    opts.since, opts.include, opts.exclude = since, include, set(args.exclude)
    return opts, ticket


def _out_path(args: argparse.Namespace, bundle_id: str) -> Path:
    from collector.core.timewindow import local_now

    name = f"diagnostico-rm-{local_now():%Y%m%d-%H%M%S}-{bundle_id[:8]}.zip"
    if args.out is None:
        return Path.cwd() / name
    if args.out.is_dir():
        return args.out / name
    return args.out


def progress_line(p: Progress) -> None:
    if sys.stderr.isatty() and p.phase == "files" and p.total:
        sys.stderr.write(f"\r  {p.done * 100 // p.total:3d}%  {p.current[-60:]:<60}")
        sys.stderr.flush()


def clear_progress() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r" + " " * 70 + "\r")


def capture_screens(opts, folder: str | Path) -> None:
    """One screenshot of every monitor into ``folder``, added to ``opts`` with the monitors' layout."""
    from collector.capture.screens import capture_screenshots, layout_dict

    opts.screenshots = [shot.path for shot in capture_screenshots(folder)]
    opts.monitor_layout = layout_dict()


def run(args: argparse.Namespace) -> int:
    import tempfile

    from collector.bundle import collect as col
    from collector.bundle.summary import estimate_summary, summary_text
    from collector.core.checklist import Answers

    opts, ticket = _options(args)
    with tempfile.TemporaryDirectory(prefix="collector-shots-") as shots:
        if args.screenshot and not args.estimate:
            capture_screens(opts, shots)
        if args.estimate:
            doc = col.estimate(opts)
            if args.json:
                print_json(doc)
            else:
                print(estimate_summary(doc))
            return 0
        stage = col.collect_to_staging(opts, progress=progress_line)
    try:
        clear_progress()
        answers = Answers(title=args.title or "", ticket_id=ticket)
        out, manifest = col.finish_bundle(stage, _out_path(args, stage.bundle_id), answers)
    finally:
        stage.discard()
    if args.json:
        print_json({"bundle": str(out), "bundle_id": manifest["bundle_id"], "summary": manifest["summary"],
                    "redaction": manifest["redaction"]["rules"], "probes": manifest["probes"],
                    "skipped": len(manifest["skipped"])})
    else:
        print(summary_text(out, manifest))
    return 0
