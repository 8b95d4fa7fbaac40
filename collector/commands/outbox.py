"""``collector outbox [list|retry|drop] [ID] [--json]``: the queue of bundles not yet delivered."""

from __future__ import annotations

import argparse

from collector.core.words import count

HELP = "caixa de saída: pacotes ainda não entregues (list, retry, drop ID)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", nargs="?", choices=("list", "retry", "drop"), default="list",
                        metavar="AÇÃO", help="list (padrão), retry [ID] ou drop ID")
    parser.add_argument("id", nargs="?", metavar="ID", help="o id do pacote (bastam os primeiros caracteres)")
    parser.add_argument("--json", action="store_true", help="com list: saída em JSON")


def run(args: argparse.Namespace) -> int:
    from collector.core.errors import UsageError
    from collector.portal.outbox import Outbox

    outbox = Outbox()
    if args.action == "list":
        if args.id:
            raise UsageError("'outbox list' não recebe ID")
        return _list(outbox, args.json)
    if args.action == "drop":
        if not args.id:
            raise UsageError("informe o ID do pacote a descartar: collector outbox drop ID")
        return _drop(outbox, args.id)
    return _retry(outbox, args)


def _local(text: str | None) -> str:
    from collector.portal.outbox import parse_iso

    moment = parse_iso(text)
    return moment.astimezone().strftime("%d/%m/%Y %H:%M") if moment else "—"


def _progress(entry) -> str:
    attached = sum(1 for f in entry.files if f.attached)
    ticket = f"chamado #{entry.request_id}, " if entry.request_id else ""
    return f"{ticket}{attached}/{len(entry.files)} anexos"


def _list(outbox, as_json: bool) -> int:
    from collector.commands.common import print_json
    from collector.portal.outbox_view import STATE_LABELS

    outbox.prune()
    entries = outbox.entries()
    if as_json:
        print_json([{
            "id": e.id, "state": e.state, "state_label": STATE_LABELS.get(e.state, e.state),
            "subject": e.subject, "created_at": e.created_at, "target_ticket": e.target_ticket,
            "request_id": e.request_id, "attempts": e.attempts, "next_attempt_at": e.next_attempt_at,
            "last_error": e.last_error, "files": len(e.files),
            "attached": sum(1 for f in e.files if f.attached), "bytes": e.total_bytes,
            "receipt_only": e.receipt_only,
        } for e in entries])
        return 0
    if not entries:
        print("A caixa de saída está vazia.")
        return 0
    for e in entries:
        print(f"{e.short_id}  {STATE_LABELS.get(e.state, e.state):<11} {_local(e.created_at)}  {e.subject}")
        print(f"          {_progress(e)}; tentativas: {e.attempts}"
              + (f"; próxima: {_local(e.next_attempt_at)}" if e.next_attempt_at else ""))
        if e.last_error and e.state != "delivered":
            print(f"          último erro: {e.last_error.get('message')}")
    return 0


def _drop(outbox, entry_id: str) -> int:
    from collector.portal.outbox_view import drop

    print(drop(outbox, entry_id))
    return 0


def _retry(outbox, args: argparse.Namespace) -> int:
    from collector.commands.common import portal_client
    from collector.commands.submit import ProgressPrinter, sign_in_again
    from collector.core.errors import CollectorError, QueuedNotDelivered
    from collector.portal import errors
    from collector.portal.sender import Sender

    if args.id:
        targets = [outbox.find(args.id)]
    else:
        targets = [e for e in outbox.entries() if e.state != "delivered"]
    if not targets:
        print("Nada a reenviar: a caixa de saída está vazia.")
        return 0
    client, _config = portal_client(args)
    targets = [outbox.retry(e) for e in targets]
    printer = ProgressPrinter()
    with client:
        results = Sender(client, outbox).send_due(progress=printer, entries=targets)
    printer.done()
    transient = permanent = 0
    for entry, error in results:
        if error is None:
            where = f"chamado #{entry.request_id}"
            print(f"{entry.short_id}: entregue ({where}).")
        elif isinstance(error, errors.SignInRequired):
            print(f"{entry.short_id}: {sign_in_again(error, entry.short_id)}")
            transient += 1
        else:
            print(f"{entry.short_id}: {error}")
            if getattr(error, "transient", False):
                transient += 1
            else:
                permanent += 1
    if permanent:
        raise CollectorError(f"{count(permanent, 'pacote não pôde', 'pacotes não puderam')} ser entregues: corrija o erro acima e "
                             f"rode 'collector outbox retry' de novo.")
    if transient:
        raise QueuedNotDelivered(f"{count(transient, 'pacote continua', 'pacotes continuam')} na caixa de saída; nova tentativa mais tarde.")
    return 0
