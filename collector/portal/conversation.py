"""One ticket's detail in plain Python (SPEC §8, the main window's ticket view): the public
conversation oldest first — who wrote each message (an analyst or the user), when, its attachments
with their size and address — the portal's status words, the satisfaction survey and the analyst's
request still waiting for an answer.

Who is an agent comes from the comment list's sideloaded ``users[].agent`` (Zendesk's Requests API
"List Comments", the same source :mod:`collector.portal.analyst_requests` and
:mod:`collector.portal.dashboard` use). Cost on the portal: the request, the custom statuses, one
comment list (every page); for a closed ticket also the user's requests (an answer may be a
follow-up); in the profile's ``"survey"`` CSAT mode the user's survey responses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from collector.core.sizes import human_size
from collector.portal import analyst_requests, dashboard, rules_preview, satisfaction
from collector.portal.client import PortalClient
from collector.portal.outbox import Outbox
from collector.portal.retry import CancelToken, check_cancel
from collector.portal.settings import request_page_url


@dataclass(frozen=True)
class Attachment:
    name: str
    size: int
    content_type: str
    url: str  # the portal's download address (the browser signs in if needed)

    @property
    def size_text(self) -> str:
        return human_size(self.size)


@dataclass(frozen=True)
class Message:
    id: int
    author: str
    by_agent: bool  # written by an analyst (else the user or someone copied on the ticket)
    mine: bool
    created_at: datetime | None
    body: str
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Conversation:
    id: int
    subject: str
    status: str  # Zendesk's system status
    status_label: str  # the portal's words (Validação Cliente included)
    url: str  # the ticket's page in the portal
    updated_at: datetime | None
    messages: list[Message] = field(default_factory=list)
    request: analyst_requests.FoundRequest | None = None  # the analyst's request waiting for an answer
    survey: satisfaction.Survey | None = None
    followup_of: int | None = None

    @property
    def closed(self) -> bool:
        """A closed ticket takes no reply: what the user sends becomes a follow-up request."""
        return self.status == "closed"


def attachments(comment: dict) -> tuple[Attachment, ...]:
    found = []
    for raw in comment.get("attachments") or []:
        if not isinstance(raw, dict) or raw.get("deleted"):
            continue
        url = raw.get("content_url") or raw.get("mapped_content_url") or ""
        found.append(Attachment(str(raw.get("file_name") or "anexo"), int(raw.get("size") or 0),
                                str(raw.get("content_type") or ""), str(url)))
    return tuple(found)


def messages(comments: list[dict], authors: dict[int, dict], me: int | None) -> list[Message]:
    """The public comments as messages, oldest first."""
    out = []
    for comment in comments:
        if comment.get("public") is False:
            continue
        author_id = comment.get("author_id")
        author = (authors.get(author_id) if isinstance(author_id, int) else None) or {}
        out.append(Message(int(comment.get("id") or 0), str(author.get("name") or "—"), author.get("agent") is True,
                           me is not None and author_id == me, rules_preview.parse_time(comment.get("created_at")),
                           str(comment.get("plain_body") or comment.get("body") or ""), attachments(comment)))
    out.sort(key=lambda m: (m.created_at is None, m.created_at or datetime.min, m.id))
    return out


def load(client: PortalClient, ticket_id: int, me: int | None = None, outbox: Outbox | None = None,
         csat: str = "legacy", cancel: CancelToken = None) -> Conversation:
    """The ticket's conversation and what the user can do on it (worker thread)."""
    ticket = client.get_request(ticket_id)
    check_cancel(cancel)
    label, _preview = rules_preview.describe(ticket, dashboard.custom_statuses(client, [ticket.get("custom_status_id")]))
    authors: dict[int, dict] = {}
    comments = client.list_comments(ticket_id, cancel=cancel, authors=authors)
    check_cancel(cancel)
    followups = analyst_requests.followup_answers(client) if ticket.get("status") == "closed" else {}
    found = analyst_requests.requests_in_ticket(client, ticket, followups, outbox, read=(comments, authors))
    waiting = [r for r in found if not r.answered]
    return Conversation(int(ticket["id"]), str(ticket.get("subject") or ""), str(ticket.get("status") or ""), label,
                        request_page_url(client.base_url, ticket_id),
                        rules_preview.parse_time(ticket.get("updated_at")), messages(comments, authors, me),
                        waiting[-1] if waiting else None, satisfaction.survey_for(client, ticket, csat),
                        ticket.get("followup_source_id"))
