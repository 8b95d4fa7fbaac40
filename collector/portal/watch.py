"""Notifications of the user's tickets (issue 18, the tray): a ticket whose status changed, a new
request from the analyst. Plain Python; :mod:`collector.ui.tray` polls it on a worker thread and
shows what it returns.

Per user: what was last seen is kept per (portal, user id) in the data folder
(``watch/<hash>.json``, owner-only), so a restart still announces what changed while the collector was
closed, and two users of a shared server never see each other's tickets. The very first poll only
remembers (the main window shows the current state); it announces nothing.

Cost on the portal per poll: one page of the user's requests, and a comment list only for an open
ticket whose ``updated_at`` changed (that is where an analyst's request block is,
:mod:`collector.portal.analyst_requests`); the custom statuses and who signed in are asked once per
sign-in (:meth:`collector.portal.client.PortalClient.remembered`).

Pacing (:class:`Schedule`): every ``interval`` (the tray passes the portal profile's ``poll_minutes``, 15
by default: every collector counts against the portal account's rate limit) with ±10 % jitter, so that
the sessions of a Terminal Server started together at 8:00 do not poll together; after a failure the
delay doubles up to one hour, with jitter; a 429 waits at least its ``Retry-After``; a refused sign-in
stops polling until the user signs in again.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from collector.core.atomic import atomic_write_json
from collector.portal import errors
from collector.portal.seen import user_state_file

if TYPE_CHECKING:
    from collector.portal.client import PortalClient
    from collector.portal.outbox import Outbox

LIMIT = 50  # tickets compared per poll (the main window's page)

Kind = Literal["status", "request"]


@dataclass(frozen=True)
class Notice:
    """One thing to tell the user. ``status``: ``old`` → ``new`` are the portal's status words;
    ``request``: ``asked`` is what the analyst asked for, ``new`` the ticket's status now."""

    kind: Kind
    ticket_id: int
    subject: str
    url: str
    old: str = ""
    new: str = ""
    asked: str = ""
    request_id: str = ""


def store_path(base_url: str, user_id: object, root: Path | None = None) -> Path:
    return user_state_file("watch", base_url, user_id, root)


@dataclass
class _State:
    tickets: dict[str, dict] = field(default_factory=dict)  # id -> {"label", "updated"}
    announced: list[str] = field(default_factory=list)  # request ids already told
    polled_at: float = 0.0  # when the last poll started (POSIX seconds)


def _load(path: Path) -> _State | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _State(tickets=dict(data["tickets"]), announced=list(data["announced"]),
                      polled_at=float(data.get("polled_at") or 0.0))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):  # damaged: start again, quietly
        return None


def poll(client: PortalClient, outbox: Outbox | None = None, root: Path | None = None,
         limit: int = LIMIT) -> list[Notice]:
    """What changed in the signed-in user's tickets since the last poll (nothing on the first)."""
    from collector.portal import analyst_requests, dashboard, rules_preview
    from collector.portal.settings import request_page_url

    started = time.time()
    me = client.me_id()
    path = store_path(client.base_url, me, root)
    before = _load(path)
    first = before is None
    state = before or _State()
    requests = list(client.list_my_requests(limit=limit))
    statuses = dashboard.custom_statuses(client, [r.get("custom_status_id") for r in requests])
    announced = set(state.announced)
    tickets: dict[str, dict] = {}
    notices: list[Notice] = []
    queued: dict | None = None  # the outbox's answers, read once and only when a ticket needs them
    for request in requests:
        ticket_id = int(request["id"])
        label, _preview = rules_preview.describe(request, statuses)
        updated = request.get("updated_at") or ""
        seen = state.tickets.get(str(ticket_id))
        tickets[str(ticket_id)] = {"label": label, "updated": updated}
        subject = request.get("subject") or ""
        url = request_page_url(client.base_url, ticket_id)
        asked: list[Notice] = []
        if request.get("status") in analyst_requests.OPEN_STATUSES and _may_have_news(seen, updated, state.polled_at):
            if queued is None:
                queued = analyst_requests.queued_answers(outbox) if outbox is not None else {}
            for found in analyst_requests.requests_in_ticket(client, request, {}, queued=queued):
                if found.answered or found.request_id in announced:
                    continue
                announced.add(found.request_id)
                asked.append(Notice("request", ticket_id, subject, url, old=(seen or {}).get("label", ""),
                                    new=label, asked=found.items_text, request_id=found.request_id))
        if asked:  # the analyst asked and (usually) set Pendente: one notice, the request
            notices.extend(asked)
        elif seen is not None and seen.get("label") != label:
            notices.append(Notice("status", ticket_id, subject, url, old=seen.get("label", ""), new=label))
    atomic_write_json(path, {"tickets": tickets, "announced": sorted(announced)[-500:], "polled_at": started},
                      private=True)
    return [] if first else notices


def _may_have_news(seen: dict | None, updated: str, polled_at: float) -> bool:
    """Whether a ticket's comments must be read: it is new to us, its ``updated_at`` moved, or it was
    updated in the second of the last poll (Zendesk's times have whole seconds: a comment written
    just after that poll may carry the same ``updated_at``)."""
    from collector.portal.rules_preview import parse_time

    if seen is None or seen.get("updated") != updated:
        return True
    when = parse_time(updated)
    return when is None or when.timestamp() >= int(polled_at)


@dataclass
class Schedule:
    """When to poll next. ``next_delay(error)``: seconds, or None when the sign-in was refused — the loop
    then only looks again after ``max_delay`` (by then the user may have signed in again).

    Failures wait U(b/2, b) with b doubling from ``first_retry`` ("equal jitter", not the sender's full
    jitter of :class:`collector.portal.retry.Backoff`): a tray has no reason to come back within
    seconds, and half the step is a floor that keeps a failed portal quiet."""

    interval: float = 300.0
    first_retry: float = 60.0
    max_delay: float = 3600.0
    jitter: float = 0.1
    failures: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def next_delay(self, error: BaseException | None = None) -> float | None:
        if error is None:
            self.failures = 0
            return self.interval * (1 + self.rng.uniform(-self.jitter, self.jitter))
        if isinstance(error, errors.AuthenticationFailed):
            return None
        self.failures += 1
        backoff = min(self.max_delay, self.first_retry * 2 ** (self.failures - 1))
        delay = self.rng.uniform(backoff / 2, backoff)  # jittered: sessions that failed together spread out
        retry_after = getattr(error, "retry_after", None)
        if retry_after:
            delay = max(delay, float(retry_after) * (1 + self.rng.uniform(0, self.jitter)))
        return delay


def run(poll_once: Callable[[], list[Notice]], on_notice: Callable[[Notice], None], stop: threading.Event,
        schedule: Schedule | None = None, first_delay: float = 15.0,
        on_error: Callable[[BaseException], None] | None = None) -> None:
    """Polls until ``stop`` is set (a worker thread's loop): ``poll_once`` (it returns [] when nobody
    is signed in), each notice to ``on_notice``, then waits what :class:`Schedule` says. The first
    poll waits ``first_delay`` (the start-up is not the moment for the portal's round trips)."""
    schedule = schedule or Schedule()
    delay = first_delay
    while not stop.wait(delay):
        error: BaseException | None = None
        try:
            for notice in poll_once():
                on_notice(notice)
        except Exception as exc:  # the watch never dies of a portal failure
            error = exc
            if on_error is not None:
                on_error(exc)
        next_delay = schedule.next_delay(error)
        delay = schedule.max_delay if next_delay is None else next_delay
