"""The support guide's automatic rules (SPEC §4.5), applied with an injected clock.

- *Pendente* 7 days without a customer reply → *Validação Cliente*;
- *Validação Cliente* 5 more days without interaction → *Fechado*;
- *Resolvido* 5 days → *Fechado*.

A customer reply reopens the ticket (see ``tickets.customer_update``), which stops these clocks; an
analyst's comment restarts them (the clocks count from the last interaction, which is what the end
user sees as ``updated_at``, so the dashboard's *previsão* matches what the portal does).
A rule fires at the moment it became due (as if the scheduler had been running all along), so a
clock that jumps 12 days moves a pending ticket through *Validação Cliente* to *Fechado* at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from collector.portal.local import statuses
from collector.portal.local.db import Database, iso, parse_iso
from collector.portal.statuses import (
    PENDING_TO_VALIDATION,
    SOLVED_TO_CLOSED,
    VALIDATION_TO_CLOSED,
)


@dataclass(frozen=True)
class Transition:
    ticket_id: int
    from_status: str
    to_status: str
    at: str


@dataclass(frozen=True)
class NextRule:
    """The next automatic move of a ticket: what it becomes and when (the dashboard's *previsão*)."""

    to_status: str
    to_custom_status_id: int
    due: datetime


def next_rule(status: str, custom_status_id: int, status_changed_at: datetime,
              last_comment_at: datetime) -> NextRule | None:
    """Which rule will move a ticket next, or None (pure: no clock, no database)."""
    if status == "pending" and custom_status_id == statuses.VALIDATION_ID:
        since = max(status_changed_at, last_comment_at)
        return NextRule("closed", statuses.SOLVED_ID, since + VALIDATION_TO_CLOSED)
    if status == "pending":
        since = max(status_changed_at, last_comment_at)
        return NextRule("pending", statuses.VALIDATION_ID, since + PENDING_TO_VALIDATION)
    if status == "solved":
        since = max(status_changed_at, last_comment_at)
        return NextRule("closed", statuses.SOLVED_ID, since + SOLVED_TO_CLOSED)
    return None


def _label(status: str, custom_status_id: int) -> str:
    if status == "closed":
        return "closed"
    return "validation" if custom_status_id == statuses.VALIDATION_ID else status


def run_rules(db: Database, now: datetime) -> list[Transition]:
    """Applies every due rule once (and again while a ticket keeps being due). Returns the moves."""
    moves: list[Transition] = []
    with db.tx() as conn:
        rows = conn.execute("SELECT * FROM tickets WHERE status IN ('pending', 'solved')").fetchall()
        for row in rows:
            status, custom = row["status"], row["custom_status_id"]
            changed, last_comment = parse_iso(row["status_changed_at"]), parse_iso(row["last_comment_at"])
            while (rule := next_rule(status, custom, changed, last_comment)) and rule.due <= now:
                stamp = iso(rule.due)
                conn.execute(
                    "UPDATE tickets SET status = ?, custom_status_id = ?, status_changed_at = ?, updated_at = ?"
                    " WHERE id = ?", (rule.to_status, rule.to_custom_status_id, stamp, stamp, row["id"]))
                moves.append(Transition(row["id"], _label(status, custom),
                                        _label(rule.to_status, rule.to_custom_status_id), stamp))
                status, custom, changed = rule.to_status, rule.to_custom_status_id, rule.due
    return moves
