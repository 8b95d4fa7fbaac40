"""The dashboard's *previsão*: when the support guide's rules will move a ticket next (SPEC §4.5).

An end user cannot read the real portal's automations, so the collector predicts them from what it
can see (status, custom status, ``updated_at``):

- *Pendente* 7 days without a customer reply → *Validação Cliente*;
- *Validação Cliente* 5 more days without interaction → *Fechado*;
- *Resolvido* 5 days → *Fechado*.

Any interaction moves ``updated_at``, so the prediction is "7 days after the last change". It is a
forecast, not a promise: an analyst may act first.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from collector.portal.statuses import (
    PENDING_TO_VALIDATION,
    SOLVED_TO_CLOSED,
    STATUS_LABELS,
    VALIDATION_LABEL,
    VALIDATION_TO_CLOSED,
)


@dataclass(frozen=True)
class Preview:
    to_status: str  # "pending" (as Validação Cliente) or "closed"
    label: str  # the label the ticket will show
    due_at: datetime

    def to_json(self) -> dict:
        return {"status": self.to_status, "label": self.label, "due_at": self.due_at.isoformat()}


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def parse_time(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_validation(custom_status: dict | None) -> bool:
    """Whether a custom status (``GET /custom_statuses`` item) is *Validação Cliente*."""
    if not custom_status or custom_status.get("status_category") != "pending":
        return False
    labels = (custom_status.get("end_user_label"), custom_status.get("agent_label"))
    return any(isinstance(label, str) and _fold(label) == _fold(VALIDATION_LABEL) for label in labels)


def status_label(status: str, custom_status: dict | None = None) -> str:
    """The portal's Portuguese words for a status (a custom status' end-user label wins)."""
    if status != "closed" and custom_status and custom_status.get("status_category") == status:
        label = custom_status.get("end_user_label")
        if isinstance(label, str) and label.strip():
            return label.strip()
    return STATUS_LABELS.get(status, status)


def next_change(status: str, updated_at: str | datetime | None, *, validation: bool = False) -> Preview | None:
    """The next automatic move, or None when no rule applies (new, open, hold, closed)."""
    since = parse_time(updated_at)
    if since is None:
        return None
    if status == "pending" and validation:
        return Preview("closed", STATUS_LABELS["closed"], since + VALIDATION_TO_CLOSED)
    if status == "pending":
        return Preview("pending", VALIDATION_LABEL, since + PENDING_TO_VALIDATION)
    if status == "solved":
        return Preview("closed", STATUS_LABELS["closed"], since + SOLVED_TO_CLOSED)
    return None


def describe(request: dict, custom_statuses: dict[int, dict] | None = None) -> tuple[str, Preview | None]:
    """(label, next change) for a request object of the Requests API."""
    status = request.get("status") or ""
    custom_id = request.get("custom_status_id")
    custom = (custom_statuses or {}).get(custom_id) if isinstance(custom_id, int) else None
    return status_label(status, custom), next_change(status, request.get("updated_at"),
                                                     validation=is_validation(custom))
