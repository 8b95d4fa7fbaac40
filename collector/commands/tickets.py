"""``collector tickets [--json]``: the dashboard as text — my tickets, their status in the portal's
words, the last interaction in local time and the next automatic change (a forecast)."""

from __future__ import annotations

import argparse

HELP = "lista seus chamados: status, última interação e a próxima mudança automática prevista"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="saída em JSON")
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="quantos chamados (padrão: 50)")


def run(args: argparse.Namespace) -> int:
    from collector.commands.common import portal_client, print_json
    from collector.core.errors import UsageError
    from collector.portal.dashboard import forecast_text, local_time, ticket_rows

    if args.limit < 1:
        raise UsageError("--limit deve ser maior que zero")
    client, _config = portal_client(args)
    with client:
        table = ticket_rows(client, limit=args.limit)
    if args.json:
        print_json([row.to_json() for row in table])
        return 0
    if not table:
        print("Você não tem chamados neste portal.")
        return 0
    print(f"{'Chamado':<9}{'Status':<20}{'Última interação':<18}{'Próxima mudança (previsão)':<40}Assunto")
    for row in table:
        forecast = forecast_text(row).removesuffix(" (previsão)")
        print(f"#{row.id:<8}{row.status_label:<20}{local_time(row.updated_at):<18}{forecast:<40}{row.subject}")
    return 0
