"""``collector requests [--all] [--json]``: the analysts' diagnostic requests in my open and pending
tickets (SPEC §4.6) — ticket, what was asked, since when, by whom — and how to answer them."""

from __future__ import annotations

import argparse

HELP = "lista os pedidos de diagnóstico dos analistas nos seus chamados abertos e pendentes"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--all", action="store_true", help="mostra também os pedidos já respondidos")
    parser.add_argument("--json", action="store_true", help="saída em JSON")


def _local(moment) -> str:
    return moment.astimezone().strftime("%d/%m/%Y %H:%M") if moment else "—"


def describe(found) -> list[str]:
    """The lines that present one request (also what ``collector answer`` shows first)."""
    from collector.portal.statuses import STATUS_LABELS

    window = found.window()
    lines = [f"Chamado #{found.ticket_id} — {found.subject} ({STATUS_LABELS.get(found.status, found.status)})",
             f"  pedido {found.request_id}, de {found.asked_by} em {_local(found.asked_at)}",
             f"  pede: {found.items_text}",
             f"  período: {window.describe()}" + ("" if found.request.since else " (padrão: o analista não disse)")]
    if found.request.note:
        lines.append(f"  observação do analista: {found.request.note}")
    if found.answer is not None:
        lines.append(f"  {found.answer.describe()}")
    return lines


def run(args: argparse.Namespace) -> int:
    from collector.commands.common import portal_client, print_json
    from collector.portal import analyst_requests
    from collector.portal.outbox import Outbox

    client, _config = portal_client(args)
    with client:
        found = list(analyst_requests.my_requests(client, outbox=Outbox()))
    shown = found if args.all else [r for r in found if not r.answered]
    if args.json:
        print_json([r.to_json() for r in shown])
        return 0
    if not shown:
        print("Nenhum pedido de diagnóstico esperando resposta nos seus chamados abertos e pendentes."
              if not found or not args.all else "Nenhum pedido de diagnóstico nos seus chamados.")
        return 0
    for number, request in enumerate(shown):
        if number:
            print()
        print("\n".join(describe(request)))
        if not request.answered:
            print(f"  responda com: collector answer {request.ticket_id}")
    return 0
