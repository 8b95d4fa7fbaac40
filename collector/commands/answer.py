"""``collector answer TICKET [--yes]``: collects exactly what the analyst asked for in the ticket (its
kinds, its window) and attaches it with a reply that quotes the request id (SPEC §4.6). A closed
ticket gets a follow-up request. Same source options as ``collect``; without ``--yes`` it shows the
kinds, the files and the redactions and asks. A request already answered is not answered twice."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from collector.commands.collect import add_source_options

HELP = "responde ao pedido de diagnóstico do analista num chamado: coleta o que foi pedido e anexa"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ticket", metavar="CHAMADO", help="número do chamado com o pedido do analista")
    add_source_options(parser)
    parser.add_argument("--recording", metavar="ARQUIVO", action="append", type=Path, default=[],
                        help="gravação de tela (de 'collector record') quando o analista pediu uma")
    parser.add_argument("--yes", "-y", action="store_true",
                        help="envia sem perguntar (revisei o conteúdo e estou autorizado a enviá-lo)")
    parser.add_argument("--out", metavar="ARQUIVO", type=Path,
                        help="grava também o pacote neste .zip (padrão: só na pasta de dados do coletor)")


def _ticket(value: str) -> int:
    from collector.core.errors import UsageError

    try:
        number = int(str(value).lstrip("#"))
    except ValueError:
        number = 0
    if number <= 0:
        raise UsageError(f"número de chamado inválido: {value!r}")
    return number


def _confirm(ticket: int) -> bool:
    from collector.core.errors import UsageError

    if not sys.stdin.isatty():
        raise UsageError("sem terminal para confirmar: revise com 'collector answer' num terminal ou use --yes")
    try:
        reply = input(f"Revisei o conteúdo e estou autorizado a enviá-lo ao chamado #{ticket}. Enviar? [s/N] ")
    except EOFError:
        return False
    return reply.strip().lower() in ("s", "sim", "y", "yes")


def _out_path(args: argparse.Namespace, bundle_id: str) -> Path:
    from collector.core import paths

    name = f"diagnostico-{bundle_id}.zip"
    if args.out is not None:
        return args.out / name if args.out.is_dir() else args.out
    folder = paths.data_dir() / "bundles"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def run(args: argparse.Namespace) -> int:
    import tempfile

    from collector.bundle.collect import collect_to_staging
    from collector.bundle.summary import stage_summary
    from collector.commands.collect import capture_screens, clear_progress, progress_line, source_options
    from collector.commands.common import portal_client
    from collector.commands.requests import describe
    from collector.commands.submit import delivery_text, send_entry
    from collector.core.consent import Consent
    from collector.core.errors import CollectorError, UsageError
    from collector.core.kinds import Kind
    from collector.core.timewindow import local_now
    from collector.portal import analyst_requests as ar
    from collector.portal.outbox import Outbox

    ticket = _ticket(args.ticket)
    base = source_options(args)
    for path in args.recording:
        if not path.is_file():
            raise UsageError(f"--recording: arquivo não encontrado: {path}")
    client, config = portal_client(args)
    outbox = Outbox()
    try:
        found = ar.request_for_ticket(client, ticket, outbox)
    except BaseException:
        client.close()
        raise
    if found.answered and found.answer is not None:
        client.close()
        print(f"Chamado #{ticket}: pedido {found.request_id} {found.answer.describe()}; nada foi enviado de novo.")
        return 0
    queued = ar.outbox_entry(outbox, found)
    if queued is not None:
        print(f"A resposta ao pedido {found.request_id} já está na caixa de saída ({queued.short_id}); "
              f"continuando esse envio.", file=sys.stderr)
        print(delivery_text(send_entry(client, outbox, queued)))
        return 0

    print("\n".join(describe(found)), file=sys.stderr)
    opts = ar.collect_options(found, base)
    opts.recordings = list(args.recording)
    if Kind.RECORDING in found.request.items and not opts.recordings:
        print("collector: o analista pediu uma gravação de tela: grave com 'collector record --out ARQUIVO' "
              "e rode de novo com --recording ARQUIVO (seguindo sem ela).", file=sys.stderr)
    try:
        with tempfile.TemporaryDirectory(prefix="collector-shots-") as shots:
            if Kind.SCREENSHOTS in found.request.items:
                try:
                    capture_screens(opts, shots)
                except CollectorError as exc:
                    print(f"collector: capturas de tela: {exc} (seguindo sem elas).", file=sys.stderr)
            stage = collect_to_staging(opts, progress=progress_line)
    except BaseException:
        client.close()
        raise
    try:
        clear_progress()
        print(stage_summary(stage, found.window().describe()))
        if not args.yes and not _confirm(ticket):
            client.close()
            print("Nada foi enviado.")
            return 1
        out, _manifest = ar.finish_answer(stage, found, _out_path(args, stage.bundle_id),
                                          consent=Consent.given("cli", local_now()))
        entry = ar.enqueue_answer(outbox, out, found, profile=config.profile,
                                  custom_field_ids=config.custom_fields)
    except BaseException:
        client.close()
        raise
    finally:
        stage.discard()
    entry = send_entry(client, outbox, entry)
    print(f"Resposta ao pedido {found.request_id}: " + delivery_text(entry))
    return 0
