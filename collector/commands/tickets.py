"""``collector tickets [--json]``: the dashboard as text — my tickets, their status in the portal's
words, the last interaction in local time and the next automatic change (a forecast)."""

from __future__ import annotations

import argparse

HELP = "lista seus chamados: status, última interação e a próxima mudança automática prevista"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="saída em JSON")
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="quantos chamados (padrão: 50)")


def _local(moment) -> str:
    return moment.astimezone().strftime("%d/%m/%Y %H:%M") if moment else "—"


def rows(client, limit: int) -> list[dict]:
    """The dashboard rows (also what ``--json`` prints); times in local time with their offset."""
    from collector.portal import errors, rules_preview
    from collector.portal.settings import request_page_url

    try:
        statuses = {s.get("id"): s for s in client.custom_statuses()}
    except (errors.NotFound, errors.Forbidden):  # a portal without custom statuses
        statuses = {}
    result = []
    for request in client.list_my_requests(limit=limit):
        label, preview = rules_preview.describe(request, statuses)
        updated = rules_preview.parse_time(request.get("updated_at"))
        result.append({
            "id": request.get("id"),
            "subject": request.get("subject") or "",
            "status": request.get("status"),
            "status_label": label,
            "updated_at": updated.astimezone().isoformat(timespec="seconds") if updated else None,
            "next_change": None if preview is None else {
                "status": preview.to_status, "label": preview.label,
                "due_at": preview.due_at.astimezone().isoformat(timespec="seconds"),
                "forecast": True,
            },
            "url": request_page_url(client.base_url, request.get("id")),
        })
    return result


def run(args: argparse.Namespace) -> int:
    from collector.commands.common import portal_client, print_json
    from collector.core.errors import UsageError
    from collector.portal.rules_preview import parse_time

    if args.limit < 1:
        raise UsageError("--limit deve ser maior que zero")
    client, _config = portal_client(args)
    with client:
        table = rows(client, args.limit)
    if args.json:
        print_json(table)
        return 0
    if not table:
        print("Você não tem chamados neste portal.")
        return 0
    print(f"{'Chamado':<9}{'Status':<20}{'Última interação':<18}{'Próxima mudança (previsão)':<40}Assunto")
    for row in table:
        change = row["next_change"]
        forecast = f"{change['label']} em {_local(parse_time(change['due_at']))}" if change else "—"
        print(f"#{row['id']:<8}{row['status_label']:<20}{_local(parse_time(row['updated_at'])):<18}"
              f"{forecast:<40}{row['subject']}")
    return 0
