"""``collector submit BUNDLE [--ticket ID] [--subject TEXT] [--manual [--out DIR]]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from collector.core.words import count

if TYPE_CHECKING:
    from collector.portal.sender import SendProgress

HELP = "coloca o pacote na caixa de saída e o envia ao portal (ou prepara o envio manual)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bundle", metavar="PACOTE", type=Path, help="o .zip gerado por 'collector collect'")
    parser.add_argument("--ticket", type=int, metavar="ID",
                        help="anexa o pacote a um chamado existente em vez de abrir um novo")
    parser.add_argument("--subject", metavar="TEXTO", help="assunto do chamado (padrão: o título do checklist)")
    parser.add_argument("--manual", action="store_true",
                        help="não usa a API: prepara uma pasta com os arquivos, o texto e um .eml para "
                             "enviar pelo formulário do portal ou por e-mail")
    parser.add_argument("--out", metavar="PASTA", type=Path, help="com --manual: pasta onde preparar o envio")


def run(args: argparse.Namespace) -> int:
    from collector.core.errors import UsageError

    if not args.bundle.exists():
        raise UsageError(f"pacote não encontrado: {args.bundle}")
    if args.ticket is not None and args.ticket <= 0:
        raise UsageError("--ticket: número de chamado inválido")
    if args.out and not args.manual:
        raise UsageError("--out só vale com --manual")
    if args.manual:
        return _manual(args)
    return _send(args)


def _manual(args: argparse.Namespace) -> int:
    from collector.commands.common import portal_args
    from collector.portal import manual
    from collector.portal import settings as portal_settings

    handoff = manual.prepare(args.bundle, portal_settings.load(*portal_args(args)),
                             out_dir=args.out, subject=args.subject)
    print(f"Envio manual preparado em: {handoff.folder}")
    print(f"  Arraste para o formulário do portal os arquivos de: {handoff.folder / manual.FILES_DIR}")
    for file in handoff.files:
        print(f"    {file.name}")
    print(f"  Texto do chamado: {handoff.text_file}"
          + (" (também copiado para a área de transferência)" if handoff.clipboard else ""))
    print(f"  E-mail pronto: {handoff.eml_file}"
          + ("" if handoff.eml_has_attachments else " (sem anexos: grandes demais para e-mail)"))
    if handoff.form_url:
        print(f"  Abra um novo chamado em: {handoff.form_url}")
    else:
        print("  Nenhum portal configurado: abra o formulário de novo chamado do portal de suporte.")
    return 0


def _send(args: argparse.Namespace) -> int:
    from collector.commands.common import portal_client
    from collector.core.errors import CollectorError
    from collector.portal import errors, signin
    from collector.portal.outbox import Outbox

    client, config = portal_client(args)
    try:
        problems = signin.check_fields(client, config.profile)
    except errors.PortalError:
        problems = []  # the portal answers when the ticket is filed; the outbox keeps the bundle
    if problems:
        client.close()
        raise CollectorError(f"o perfil do portal ({config.profile.source}) não confere com o portal: "
                             + "; ".join(problems) + ". Nada foi enviado: corrija o perfil.")
    outbox = Outbox()
    try:
        entry = outbox.enqueue(args.bundle, ticket_id=args.ticket, subject=args.subject,
                               custom_field_ids=config.custom_fields, profile=config.profile)
    except CollectorError:
        client.close()
        raise
    if entry.target_ticket != args.ticket and entry.state != "delivered":
        print(f"collector: este pacote já está na caixa de saída ({entry.short_id}) para "
              f"{_target(entry.target_ticket)}; continuando esse envio.", file=sys.stderr)
    if entry.state == "delivered":
        print(f"Este pacote já foi entregue: chamado #{entry.request_id}.")
        return 0
    entry = send_entry(client, outbox, entry)
    print(delivery_text(entry))
    return 0


def send_entry(client, outbox, entry):
    """Sends one outbox entry with progress on stderr (closing ``client``); what went wrong becomes one
    line that says where the bundle is and what to run (exit 3 when it waits in the outbox)."""
    from collector.core.errors import Cancelled, CollectorError, QueuedNotDelivered
    from collector.portal import errors
    from collector.portal.sender import Sender

    printer = ProgressPrinter()
    try:
        with client:
            entry = Sender(client, outbox).send(entry, progress=printer)
    except errors.SignInRequired as exc:
        printer.done()
        raise QueuedNotDelivered(sign_in_again(exc, entry.short_id)) from exc
    except errors.TransientPortalError as exc:
        printer.done()
        entry = outbox.load(entry.id)
        raise QueuedNotDelivered(
            f"{_sentence(exc)} O pacote ficou na caixa de saída ({entry.short_id}); tente de novo com "
            f"'collector outbox retry {entry.short_id}'.") from exc
    except Cancelled:
        printer.done()
        raise
    except CollectorError as exc:
        printer.done()
        if isinstance(exc, errors.PortalError):
            raise CollectorError(
                f"{_sentence(exc)} O pacote continua na caixa de saída ({entry.short_id}): corrija e rode "
                f"'collector outbox retry {entry.short_id}'.") from exc
        raise
    printer.done()
    return entry


def delivery_text(entry) -> str:
    """Where a delivered entry went: a new ticket, a reply, or the follow-up of a closed ticket."""
    if entry.followup_of is not None:
        return (f"O chamado #{entry.followup_of} está fechado: aberto o chamado de acompanhamento "
                f"#{entry.request_id} com {count(len(entry.files), 'anexo', 'anexos')}: {entry.request_url}")
    if entry.target_ticket is not None:
        return f"Pacote anexado ao chamado #{entry.request_id} ({count(len(entry.files), 'arquivo', 'arquivos')})."
    return f"Chamado #{entry.request_id} aberto com {count(len(entry.files), 'anexo', 'anexos')}: {entry.request_url}"


def sign_in_again(exc: Exception, short_id: str) -> str:
    """The "entrar de novo" message: kept, not delivered, and what to run."""
    return (f"{_sentence(exc)} O pacote ficou na caixa de saída ({short_id}) esperando você entrar de novo: "
            f"rode 'collector login' e depois 'collector outbox retry {short_id}'.")


def _target(ticket: int | None) -> str:
    return f"o chamado #{ticket}" if ticket else "um chamado novo"


def _sentence(exc: Exception) -> str:
    text = str(exc).strip()
    return text if text.endswith((".", "!", "?")) else text + "."


class ProgressPrinter:
    """Progress on stderr: a live line on a terminal, one line per finished file otherwise."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last_file: str | None = None
        self._last_pct = -1
        self._dirty = False

    def __call__(self, progress: SendProgress) -> None:
        if progress.phase != "uploading" or not progress.file:
            return
        pct = int(progress.file_sent * 100 / progress.file_size) if progress.file_size else 100
        if self.live:
            if pct != self._last_pct or progress.file != self._last_file:
                total = int(progress.fraction * 100)
                self.stream.write(f"\rEnviando {progress.file}: {pct:3d}%  (total {total:3d}%)   ")
                self.stream.flush()
                self._dirty = True
        elif progress.file_sent >= progress.file_size and progress.file != self._last_file:
            self.stream.write(f"Enviado: {progress.file}\n")
        self._last_file, self._last_pct = progress.file, pct

    def done(self) -> None:
        if self._dirty:
            self.stream.write("\n")
            self._dirty = False
