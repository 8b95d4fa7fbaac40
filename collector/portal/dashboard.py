"""The main window's ticket list in plain Python (SPEC §1 "a dashboard", §8), shared with
``collector tickets``: each of the user's tickets with the portal's own status words (a custom
status such as *Validação Cliente* included), the last interaction, the next automatic change as a
*previsão* (:mod:`collector.portal.rules_preview`) and how many agent replies the user has not read
(:mod:`collector.portal.seen`).

Cost on the portal, for the rate limit: one call per page of tickets, one comment list per ticket that
changed since the last refresh (only when unread replies are counted), and the custom statuses once an
hour (:func:`custom_statuses`). The client paces itself when ``X-Rate-Limit-Remaining`` runs low and raises
``RateLimited`` on a long ``Retry-After``; :func:`refresh_delay` tells a caller how long to wait.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from collector.portal import errors, rules_preview
from collector.portal.seen import SeenStore
from collector.portal.settings import request_page_url

if TYPE_CHECKING:  # the main window imports this module before its first paint: no HTTP stack here
    from collector.portal.client import PortalClient
    from collector.portal.retry import CancelToken

REFRESH_INTERVAL = 300.0  # seconds between automatic refreshes of the main window
MIN_REFRESH = 30.0  # never sooner, whatever the user clicks
STATUSES_MAX_AGE = 3600.0  # seconds a sign-in keeps the custom statuses it read


@dataclass(frozen=True)
class TicketRow:
    id: int
    subject: str
    status: str  # Zendesk's system status
    status_label: str  # the portal's words (custom status label when there is one)
    updated_at: datetime | None  # last interaction
    next_change: rules_preview.Preview | None  # a forecast, not a promise
    unread: int  # public agent replies after the user last opened the ticket
    url: str

    @property
    def closed(self) -> bool:
        return self.status == "closed"

    def to_json(self) -> dict:
        """Times in local time with their offset (what ``collector tickets --json`` prints)."""
        change = self.next_change
        return {
            "id": self.id, "subject": self.subject, "status": self.status, "status_label": self.status_label,
            "updated_at": self.updated_at.astimezone().isoformat(timespec="seconds") if self.updated_at else None,
            "next_change": None if change is None else {
                "status": change.to_status, "label": change.label,
                "due_at": change.due_at.astimezone().isoformat(timespec="seconds"), "forecast": True},
            "unread": self.unread, "url": self.url,
        }


def local_time(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%d/%m/%Y %H:%M") if moment else "—"


def forecast_text(row: TicketRow) -> str:
    """"Validação Cliente em 09/03/2026 12:00 (previsão)" or "—"."""
    change = row.next_change
    return f"{change.label} em {local_time(change.due_at)} (previsão)" if change else "—"


def custom_statuses(client: PortalClient, needed: Iterable[object] = ()) -> dict[int, dict]:
    """The portal's custom statuses by id, asked at most once per ``STATUSES_MAX_AGE`` for a sign-in
    (an admin edits them rarely; every refresh and tray poll asked them) — and at once again when a
    ticket carries an id not known yet (``needed``: the tickets' ``custom_status_id``)."""
    def fetch() -> dict[int, dict]:
        try:
            return {int(s["id"]): s for s in client.custom_statuses() if isinstance(s.get("id"), int)}
        except (errors.NotFound, errors.Forbidden):  # a portal without custom statuses
            return {}

    statuses = client.remembered("custom_statuses", fetch, STATUSES_MAX_AGE)
    missing = {i for i in needed if isinstance(i, int) and i not in statuses}
    # an id the portal does not list even after asking again (a deleted or inactive status) is not a
    # reason to ask on every refresh: it waits for the hour like the rest
    if missing - client.remembered("custom_statuses_missing", set, STATUSES_MAX_AGE):
        statuses = fetch()
        client.remember("custom_statuses", statuses)
        client.remember("custom_statuses_missing", {i for i in missing if i not in statuses})
    return statuses


def unread_replies(client: PortalClient, ticket_id: int, since: datetime, me: int | None,
                   cancel: CancelToken = None) -> int:
    """Public comments written by an agent (the sideloaded author's ``agent`` flag) after ``since``."""
    authors: dict[int, dict] = {}
    count = 0
    for comment in client.list_comments(ticket_id, cancel=cancel, authors=authors):
        created = rules_preview.parse_time(comment.get("created_at"))
        if comment.get("public") is False or created is None or created <= since:
            continue
        author = comment.get("author_id")
        if author != me and isinstance(author, int) and (authors.get(author) or {}).get("agent") is True:
            count += 1
    return count


def ticket_rows(client: PortalClient, limit: int = 50, seen: SeenStore | None = None,
                me: int | None = None, cancel: CancelToken = None) -> list[TicketRow]:
    """The user's tickets, most recently updated first. With ``seen``, unread agent replies are
    counted (``me``: the user's id, whose own comments never count)."""
    from collector.portal.retry import check_cancel

    requests = list(client.list_my_requests(limit=limit, cancel=cancel))
    statuses = custom_statuses(client, [r.get("custom_status_id") for r in requests])
    rows = []
    for request in requests:
        check_cancel(cancel)
        label, preview = rules_preview.describe(request, statuses)
        ticket_id = int(request["id"])
        updated = rules_preview.parse_time(request.get("updated_at"))
        unread = 0
        if seen is not None:
            cached = seen.cached(ticket_id, updated)
            if cached is None:
                cached = unread_replies(client, ticket_id, seen.seen_at(ticket_id), me, cancel)
                seen.remember(ticket_id, updated, cached)
            unread = cached
        rows.append(TicketRow(ticket_id, request.get("subject") or "", request.get("status") or "", label,
                              updated, preview, unread, request_page_url(client.base_url, ticket_id)))
    return rows


def refresh_delay(error: BaseException | None, interval: float = REFRESH_INTERVAL) -> float:
    """Seconds until the next automatic refresh: the portal's ``Retry-After`` when it asked to wait
    (429), otherwise the usual interval."""
    retry_after = getattr(error, "retry_after", None)
    if isinstance(error, errors.RateLimited) and retry_after:
        return max(MIN_REFRESH, float(retry_after))
    return max(MIN_REFRESH, interval)
