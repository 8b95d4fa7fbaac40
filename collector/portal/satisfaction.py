"""The satisfaction survey after *Resolvido* (SPEC §4.5, §8): good/bad and a comment, from the ticket's
detail in the main window.

What Zendesk's reference says today (developer.zendesk.com, read 2026-12):

- "Satisfaction Ratings" (api-reference/ticketing/ticket-management/satisfaction_ratings): the
  endpoints on that page "are for the legacy CSAT feature"; Zendesk recommends CSAT survey responses
  and "You can have only one CSAT option activated at a time". Its ``POST
  /api/v2/tickets/{ticket_id}/satisfaction_rating`` ``{"satisfaction_rating": {"score": "good"|"bad",
  "comment"}}`` is the one an **end user** calls: only the ticket's requester may rate, and only a
  solved ticket (or one solved before and reopened).
- "CSAT Survey Responses" (api-reference/ticketing/ticket-management/csat_survey_responses; Support
  Professional / Suite Growth and above): an end user may **read** their own responses — ``GET
  /api/v2/guide/survey_responses`` with ``filter[subject_zrns]=zen:ticket:N`` and ``GET
  /api/v2/guide/{locale}/survey_responses/{id}``, "Allowed for: Admins, End users (responders only)".
  ``POST /api/v2/guide/survey_responses`` creates a response and answers its *rating links*
  (``/hc/{locale}/survey_responses/{id}?access_token=…&rating=N``): the customer answers on the help
  center's survey page those links open, not through an end-user API write.

So the portal profile's ``csat`` chooses: ``"legacy"`` (the default: the collector sends the rating),
or ``"survey"`` (the collector shows whether the user already answered and opens the ticket's page in
the portal, where the survey is; a response whose answers are all ``skipped`` is offered, not
answered). The legacy reference also lets the requester rate a ticket "previously solved and then
reopened"; the collector offers the survey on a solved ticket only (the Requests API does not say
whether an open ticket was solved before), the local portal accepts both. *Validação Cliente* is a custom status of the *pending* category:
Zendesk does not let a pending ticket be rated, so the survey is offered on *Resolvido* only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from collector.portal import errors
from collector.portal.client import PortalClient

Score = Literal["good", "bad"]
RATABLE = ("solved",)


@dataclass(frozen=True)
class Survey:
    """What the detail offers for one ticket."""

    mode: str  # the profile's "legacy" or "survey"
    offered: bool  # the ticket can be rated now
    answered: bool = False  # (survey mode) the user's response was found
    score: str | None = None  # the rating given in this session or found


def offered(status: str) -> bool:
    return status in RATABLE


def rate(client: PortalClient, ticket_id: int, score: Score, comment: str = "") -> dict:
    """The legacy rating, as the ticket's requester (``POST /tickets/{id}/satisfaction_rating``)."""
    if score not in ("good", "bad"):
        raise ValueError("score must be 'good' or 'bad'")
    try:
        return client.rate_satisfaction(ticket_id, score, comment.strip())
    except errors.InvalidRecord as exc:
        raise errors.InvalidRecord(f"O portal não aceitou a avaliação do chamado #{ticket_id}: só é possível "
                                   f"avaliar um chamado Resolvido ({exc}).", fields=exc.fields,
                                   details=exc.details) from exc


def my_responses(client: PortalClient, ticket_id: int) -> list[dict]:
    """(survey mode) The user's CSAT survey responses about ``ticket_id`` (end users see only theirs)."""
    data = client.call("GET", "guide/survey_responses",
                       params={"filter[subject_zrns]": f"zen:ticket:{int(ticket_id)}"})
    return list((data or {}).get("survey_responses") or [])


def survey_for(client: PortalClient, ticket: dict, mode: str) -> Survey:
    """The survey state of a ticket (a request object of the Requests API)."""
    status = ticket.get("status") or ""
    if mode != "survey":
        return Survey("legacy", offered(status))
    try:
        found = my_responses(client, int(ticket["id"]))
    except (errors.NotFound, errors.Forbidden):  # a plan without survey responses
        found = []
    answered = any(isinstance(a, dict) and a.get("type") not in (None, "skipped")
                   for response in found for a in response.get("answers") or [])
    return Survey("survey", offered(status), answered=answered)
