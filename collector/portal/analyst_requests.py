"""The analyst's diagnostic requests in the user's tickets (SPEC §4.6), shared by ``collector requests``,
``collector answer`` and the main window.

An analyst asks for a bundle by writing a request block (:mod:`collector.portal.request_doc`) in a
public comment — by hand, with ``collector request``, or with the macro of
:mod:`collector.portal.macro`. Here we:

- find the blocks in the public comments of the user's open and pending tickets, written by an agent
  (a block the customer quotes back in a reply is not a new request). Who is an agent: Zendesk's
  "List comments" of the Requests API (``GET /api/v2/requests/{id}/comments``) sideloads a ``users``
  list with ``id``, ``name``, ``photo``, ``agent`` and ``organization_id`` for every author (Zendesk
  community, "Feature request: Requests API endpoint for Show User", support.zendesk.com, 2025);
- give each one an id, ``<ticket>.<comment id>`` (unique on the portal, the same for every reader);
- know which are answered: an answer's text carries :func:`marker` of the request id, either as a
  comment on the same ticket or — the ticket was closed — as the description of a follow-up request;
  an answer still in the outbox counts as on its way, and is resumed rather than collected again;
- turn a request into collection options (exactly its kinds, its window) and the answer's text.

The collection, the bundle and the sending are the ones ``collect`` and ``submit`` use
(:mod:`collector.bundle.collect`, :mod:`collector.portal.outbox`, :mod:`collector.portal.sender`):
the sender replies on the ticket, or files the follow-up when the ticket is closed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal

from collector.bundle.collect import CollectOptions
from collector.core.kinds import label
from collector.core.timewindow import TimeWindow, local_now
from collector.portal import errors
from collector.portal.client import PortalClient
from collector.portal.outbox import Entry, Outbox
from collector.portal.request_doc import DiagnosticRequest, RequestError, find_in_text

#: statuses whose tickets are searched for requests ("open and pending": new and on-hold too, since
#: the analyst may write before taking the ticket or while it waits on a third party)
OPEN_STATUSES = ("new", "open", "pending", "hold")
RECENT_REQUESTS = 200  # how many of the user's requests are searched for a follow-up answer
_MARKER = re.compile(r"\[coletor resposta ao pedido (\d+\.\d+)\]")

Via = Literal["comment", "follow-up", "outbox"]


def marker(request_id: str) -> str:
    """The line an answer carries: how a second run knows the request was answered."""
    return f"[coletor resposta ao pedido {request_id}]"


def answered_ids(text: str | None) -> set[str]:
    return set(_MARKER.findall(text or ""))


@dataclass(frozen=True)
class Answer:
    at: datetime | None   # when the answer reached the portal (None: still in the outbox)
    ticket: int | None    # where it is: the same ticket, or the follow-up request
    via: Via
    outbox_id: str | None = None

    def describe(self) -> str:
        if self.via == "outbox":
            return f"resposta na caixa de saída ({self.outbox_id[:8] if self.outbox_id else '?'}), ainda não entregue"
        when = self.at.astimezone().strftime("%d/%m") if self.at else "?"
        if self.via == "follow-up":
            return f"já respondido em {when} no chamado de acompanhamento #{self.ticket}"
        return f"já respondido em {when}"


@dataclass(frozen=True)
class FoundRequest:
    """One request found in a comment: what was asked (ticket and window resolved), where, by whom."""

    request: DiagnosticRequest
    request_id: str
    ticket_id: int
    subject: str
    status: str
    comment_id: int
    asked_at: datetime
    asked_by: str
    answer: Answer | None = None

    @property
    def answered(self) -> bool:
        return self.answer is not None and self.answer.via != "outbox"

    @property
    def items_text(self) -> str:
        return ", ".join(label(k) for k in self.request.items)

    def window(self, now: datetime | None = None) -> TimeWindow:
        end = now or local_now()
        return TimeWindow(self.request.since, end) if self.request.since and self.request.since < end \
            else TimeWindow.default(end)

    def to_json(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id, "ticket": self.ticket_id, "subject": self.subject,
            "status": self.status, "items": list(self.request.items),
            "since": self.request.since.isoformat(timespec="seconds") if self.request.since else None,
            "note": self.request.note, "asked_at": self.asked_at.isoformat(timespec="seconds"),
            "asked_by": self.asked_by,
            "answer": None if self.answer is None else {
                "via": self.answer.via, "ticket": self.answer.ticket, "outbox_id": self.answer.outbox_id,
                "at": self.answer.at.isoformat(timespec="seconds") if self.answer.at else None},
        }


def _when(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def requests_in_ticket(client: PortalClient, ticket: dict, followups: dict[str, Answer] | None = None,
                       outbox: Outbox | None = None,
                       read: tuple[list[dict], dict[int, dict]] | None = None,
                       queued: dict[str, Answer] | None = None) -> list[FoundRequest]:
    """Every request written by an agent in ``ticket``'s public comments, oldest first, each with its
    answer when there is one. ``followups``: answers found as follow-up requests (:func:`followup_answers`).
    ``read``: the ticket's comments and their sideloaded authors when the caller already listed them.
    ``queued``: :func:`queued_answers` of ``outbox`` when the caller reads several tickets (the
    outbox is then read once, not once per ticket)."""
    ticket_id = int(ticket["id"])
    authors: dict[int, dict] = {}
    if read is not None:
        comments, authors = read
    else:
        comments = client.list_comments(ticket_id, authors=authors)
    answers: dict[str, Answer] = {}
    for comment in comments:
        for request_id in answered_ids(comment.get("body") or comment.get("plain_body")):
            answers.setdefault(request_id, Answer(_when(comment.get("created_at")), ticket_id, "comment"))
    pending = queued if queued is not None else queued_answers(outbox) if outbox is not None else {}
    found = []
    for comment in comments:
        if comment.get("public") is False:
            continue
        author_id = comment.get("author_id")
        author = (authors.get(author_id) if isinstance(author_id, int) else None) or {}
        if author.get("agent") is not True:
            continue  # the customer quoting the request back is not a new request
        body = comment.get("body") or comment.get("plain_body") or ""
        asked_at = _when(comment.get("created_at"))
        for block in find_in_text(body):
            try:
                request = block.for_comment(ticket_id, asked_at)
            except RequestError:
                continue
            request_id = f"{ticket_id}.{comment.get('id')}"
            answer = answers.get(request_id) or (followups or {}).get(request_id) or pending.get(request_id)
            found.append(FoundRequest(request, request_id, ticket_id, ticket.get("subject") or "",
                                      ticket.get("status") or "", int(comment.get("id") or 0), asked_at,
                                      author.get("name") or "analista", answer))
            break  # one request per comment
    return found


def followup_answers(client: PortalClient, limit: int = RECENT_REQUESTS,
                     rows: list[dict] | None = None) -> dict[str, Answer]:
    """Answers filed as follow-up requests (the ticket was closed): request id → answer. ``rows``: the
    user's requests when already listed."""
    found: dict[str, Answer] = {}
    for row in rows if rows is not None else client.list_my_requests(limit=limit):
        for request_id in answered_ids(row.get("description")):
            found.setdefault(request_id, Answer(_when(row.get("created_at")), int(row["id"]), "follow-up"))
    return found


def queued_answers(outbox: Outbox) -> dict[str, Answer]:
    """Answers queued in this machine's outbox and not failed: request id → the entry on its way."""
    found: dict[str, Answer] = {}
    for entry in outbox.entries():
        if entry.state == "failed":
            continue
        try:
            body = entry.body()
        except OSError:
            continue
        for request_id in answered_ids(body):
            at = _when(entry.delivered_at) if entry.state == "delivered" else None
            via: Via = "outbox" if entry.state != "delivered" else ("follow-up" if entry.followup_of else "comment")
            found.setdefault(request_id, Answer(at, entry.request_id, via, entry.id))
    return found


def outbox_entry(outbox: Outbox, found: FoundRequest) -> Entry | None:
    """The outbox entry already answering ``found`` and not delivered yet (resume it, don't collect again)."""
    answer = queued_answers(outbox).get(found.request_id)
    if answer is None or answer.via != "outbox" or answer.outbox_id is None:
        return None
    return outbox.load(answer.outbox_id)


def my_requests(client: PortalClient, statuses: tuple[str, ...] = OPEN_STATUSES, limit: int = 100,
                outbox: Outbox | None = None) -> Iterator[FoundRequest]:
    """The requests in my tickets of ``statuses`` (newest tickets first), answered or not."""
    rows = list(client.list_my_requests(limit=max(limit, RECENT_REQUESTS)))
    tickets = [t for t in rows[:limit] if t.get("status") in statuses]
    if not tickets:
        return
    followups = followup_answers(client, rows=rows)
    queued = queued_answers(outbox) if outbox is not None else {}
    for ticket in tickets:
        yield from requests_in_ticket(client, ticket, followups, queued=queued)


def pending_requests(client: PortalClient, outbox: Outbox | None = None) -> list[FoundRequest]:
    """What the analysts asked and nobody answered yet (an answer in the outbox still counts as pending)."""
    return [r for r in my_requests(client, outbox=outbox) if not r.answered]


def request_for_ticket(client: PortalClient, ticket_id: int, outbox: Outbox | None = None) -> FoundRequest:
    """The request to answer on ``ticket_id`` (any status: a closed ticket gets a follow-up): the newest
    one not answered yet, else the newest one (answered: the caller says so and sends nothing)."""
    ticket = client.get_request(ticket_id)
    followups = followup_answers(client) if ticket.get("status") == "closed" else {}
    found = requests_in_ticket(client, ticket, followups, outbox)
    if not found:
        raise errors.NotFound(f"O chamado #{ticket_id} não tem pedido de diagnóstico do analista.", status=404)
    waiting = [r for r in found if not r.answered]
    return (waiting or found)[-1]


def collect_options(found: FoundRequest, base: CollectOptions) -> CollectOptions:
    """``base`` (the user's sources: installations, attachments, personal data...) restricted to exactly
    the kinds the analyst asked for, over the window the analyst asked for. Files the user adds himself
    (``--attach``, dropped files) go too, asked for or not: the user chose them."""
    kinds = set(found.request.items) | ({"attachments"} if base.attachments else set())
    return replace(base, include=kinds, exclude=set(), since=found.request.since)


def subject(found: FoundRequest) -> str:
    return f"Pacote de diagnóstico pedido no chamado #{found.ticket_id}"


def preface(found: FoundRequest, manifest_kinds: set[str] | None = None) -> str:
    """The first lines of the answer: which request it answers (with :func:`marker`), what was asked,
    and — when known — what could not be sent."""
    asked = found.asked_at.astimezone().strftime("%d/%m/%Y %H:%M")
    lines = [f"Resposta ao pedido de diagnóstico {found.request_id} de {found.asked_by} ({asked}).",
             f"Itens pedidos: {found.items_text}."]
    if manifest_kinds is not None:
        missing = [label(k) for k in found.request.items if k not in manifest_kinds]
        if missing:
            lines.append(f"Não encontrados nesta máquina: {', '.join(missing)} (o motivo está no manifest.json).")
    lines.append(marker(found.request_id))
    return "\n".join(lines)


def request_record(found: FoundRequest) -> dict[str, Any]:
    """The request as the bundle's manifest records it."""
    return {"request_id": found.request_id, "ticket": found.ticket_id, **found.request.to_json(),
            "asked_at": found.asked_at.isoformat(timespec="seconds"), "asked_by": found.asked_by}


def finish_answer(stage, found: FoundRequest, out_path, consent=None, progress=None, cancel=None):
    """The answer's bundle from a reviewed stage: its ticket.md opens with :func:`preface` (the request
    id the next run looks for), its manifest records the request. Returns (zip path, manifest)."""
    from collector.bundle.collect import finish_bundle
    from collector.core.checklist import Answers

    kinds = {str(i.kind) for i in stage.included}
    return finish_bundle(stage, out_path, Answers(title=subject(found), ticket_id=found.ticket_id), consent,
                         progress, cancel, preface=preface(found, kinds), request=request_record(found))


def enqueue_answer(outbox: Outbox, bundle_path, found: FoundRequest, profile=None,
                   custom_field_ids: dict[str, int] | None = None) -> Entry:
    """Queue the answer as a reply on the request's ticket; the sender turns it into a follow-up
    request when the ticket is closed."""
    return outbox.enqueue(bundle_path, ticket_id=found.ticket_id, subject=subject(found),
                          custom_field_ids=custom_field_ids, profile=profile)
