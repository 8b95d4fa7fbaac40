"""The outbox as the main window and ``collector outbox`` show it: one row per entry in the user's
words — na fila, aguardando entrar de novo (no portal), enviando, verificando, falhou (with the reason) — and
what the user may do with it (retry, drop). Reuses :mod:`collector.portal.outbox`; plain Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from collector.portal.outbox import Entry, Outbox, parse_iso

STATE_LABELS = {
    "queued": "na fila",
    "uploading": "enviando",
    "filing": "registrando",
    "verifying": "verificando se o chamado já foi aberto",
    "delivered": "entregue",
    "failed": "falhou",
    "signin": "aguardando entrar de novo",
}


@dataclass(frozen=True)
class OutboxRow:
    id: str
    subject: str
    phase: str  # a key of STATE_LABELS
    created_at: datetime | None
    next_attempt_at: datetime | None
    attempts: int
    reason: str  # the last error, in the user's words ("" when none)
    ticket: int | None  # the ticket it goes to / was filed as
    files: int
    attached: int
    total_bytes: int

    @property
    def label(self) -> str:
        return STATE_LABELS.get(self.phase, self.phase)

    @property
    def can_retry(self) -> bool:
        return self.phase in ("queued", "failed", "signin", "verifying")

    @property
    def can_drop(self) -> bool:
        return self.phase not in ("uploading", "filing", "verifying")

    def describe(self) -> str:
        """One line: state, the reason of a failure, when the next attempt is."""
        text = self.label
        if self.phase == "failed" and self.reason:
            text += f": {self.reason}"
        elif self.phase == "queued" and self.next_attempt_at is not None:
            text += f" (nova tentativa em {self.next_attempt_at.astimezone().strftime('%d/%m/%Y %H:%M')})"
        elif self.phase == "signin":
            text += " (entre de novo no portal para enviar)"
        return text


def phase(entry: Entry) -> str:
    """The entry's state, with *verificando*: every file posted, the portal being checked."""
    if entry.state in ("uploading", "filing") and entry.request_id and entry.files \
            and all(f.attached for f in entry.files):
        return "verifying"
    return entry.state


def row(entry: Entry) -> OutboxRow:
    error = entry.last_error or {}
    return OutboxRow(
        id=entry.id, subject=entry.subject, phase=phase(entry), created_at=parse_iso(entry.created_at),
        next_attempt_at=parse_iso(entry.next_attempt_at), attempts=entry.attempts,
        reason=str(error.get("message") or "") if entry.state != "delivered" else "",
        ticket=entry.request_id or entry.target_ticket, files=len(entry.files),
        attached=sum(1 for f in entry.files if f.attached), total_bytes=entry.total_bytes)


def outbox_rows(outbox: Outbox, include_delivered: bool = False) -> list[OutboxRow]:
    """What is still on its way (delivered receipts only when asked), oldest first."""
    return [row(e) for e in outbox.entries() if include_delivered or e.state != "delivered"]


def retry(outbox: Outbox, entry_id: str) -> OutboxRow:
    """Due now (a failed entry too: the user says the cause is fixed); the caller then sends."""
    return row(outbox.retry(outbox.find(entry_id)))


def drop(outbox: Outbox, entry_id: str) -> str:
    """Removes the entry; returns the line to show (a ticket already filed keeps existing)."""
    entry = outbox.find(entry_id)
    outbox.drop(entry)
    note = ""
    if entry.request_id and entry.state != "delivered":
        note = f" O chamado #{entry.request_id} já existe no portal, sem os anexos que faltavam."
    return f"Pacote {entry.short_id} descartado da caixa de saída.{note}"
