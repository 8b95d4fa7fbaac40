"""Ticket operations of the local portal (run inside a ``Database.tx()``)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from collector.portal.local import forms, statuses
from collector.portal.local.accounts import User
from collector.portal.local.db import inserted_id, iso, parse_iso


class RecordInvalid(Exception):
    """A 422 RecordInvalid, with Zendesk's ``details.base[]`` entry."""

    def __init__(self, description: str, error: str = "InvalidValue", field_key: str = "base"):
        super().__init__(description)
        self.description = description
        self.error = error
        self.field_key = field_key


class UploadGone(Exception):
    """A comment names an upload token the portal does not have (any more): 404."""


def _usable_uploads(conn: sqlite3.Connection, user: User, tokens: list, now: datetime) -> list[str]:
    """The tokens a comment takes. Unattached after its 60 minutes, an upload is deleted and its token
    is "404 not found" (https://support.zendesk.com/hc/en-us/articles/4408887057946): so is a comment
    naming it (nothing is saved). A token already attached elsewhere is left out of this comment."""
    if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
        raise RecordInvalid("uploads deve ser uma lista de tokens.", "InvalidValue", "uploads")
    usable = []
    for token in dict.fromkeys(tokens):
        row = conn.execute("SELECT * FROM uploads WHERE token = ? AND user_id = ?", (token, user.id)).fetchone()
        if row is None or parse_iso(row["expires_at"]) <= now:
            raise UploadGone(token)
        if row["comment_id"] is None:
            usable.append(token)
    return usable


def add_comment(conn: sqlite3.Connection, ticket_id: int, author: User, body: str, public: bool,
                upload_tokens: list, now: datetime) -> int:
    tokens = _usable_uploads(conn, author, upload_tokens or [], now)
    if not (body or "").strip():
        raise RecordInvalid("O comentário não pode ficar em branco.", "BlankValue", "comment")
    cur = conn.execute(
        "INSERT INTO comments (ticket_id, author_id, body, public, created_at) VALUES (?, ?, ?, ?, ?)",
        (ticket_id, author.id, body, int(public), iso(now)))
    for token in tokens:
        conn.execute("UPDATE uploads SET comment_id = ? WHERE token = ?", (inserted_id(cur), token))
    conn.execute("UPDATE tickets SET last_comment_at = ?, updated_at = ? WHERE id = ?",
                 (iso(now), iso(now), ticket_id))
    return inserted_id(cur)


def _custom_fields(value) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(f, dict) and "id" in f for f in value):
        raise RecordInvalid("custom_fields deve ser uma lista de {id, value}.", "InvalidValue", "custom_fields")
    try:
        return forms.check_fields([{"id": f["id"], "value": f.get("value")} for f in value])
    except forms.FieldError as exc:
        raise RecordInvalid(str(exc), "InvalidValue", exc.field_key) from None


def _followup_source(conn: sqlite3.Connection, requester: User, source) -> int | None:
    """Zendesk: ``via_followup_source_id`` names a *closed* ticket; on any other it has no effect."""
    if source is None:
        return None
    if not isinstance(source, int) or isinstance(source, bool):
        raise RecordInvalid("via_followup_source_id deve ser um número.", "InvalidValue", "via_followup_source_id")
    row = get_ticket(conn, source)
    if row is None or (row["requester_id"] != requester.id and not requester.is_agent):
        raise RecordInvalid(f"Chamado {source} não encontrado.", "InvalidValue", "via_followup_source_id")
    return source if row["status"] == "closed" else None


def create_ticket(conn: sqlite3.Connection, requester: User, data: dict, now: datetime) -> int:
    """A new ticket from an end user's ``{"request": {...}}`` payload."""
    comment = data.get("comment") or {}
    if not isinstance(comment, dict):
        raise RecordInvalid("comment deve ser um objeto.", "InvalidValue", "comment")
    body = comment.get("body") or comment.get("html_body") or ""
    subject = (data.get("subject") or "").strip()
    if not body.strip():
        raise RecordInvalid("Descrição: não pode ficar em branco", "BlankValue", "description")
    if not subject:
        subject = body.strip().splitlines()[0][:80]
    fields = _custom_fields(data.get("custom_fields"))
    try:
        form = forms.check_form(data.get("ticket_form_id"))
    except forms.FieldError as exc:
        raise RecordInvalid(str(exc), "InvalidValue", exc.field_key) from None
    followup = _followup_source(conn, requester, data.get("via_followup_source_id"))
    stamp = iso(now)
    cur = conn.execute(
        "INSERT INTO tickets (subject, description, status, custom_status_id, requester_id, custom_fields,"
        " created_at, updated_at, status_changed_at, last_comment_at, ticket_form_id, followup_source_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (subject, body, "new", statuses.NEW_ID, requester.id, json.dumps(fields), stamp, stamp, stamp, stamp,
         form, followup))
    add_comment(conn, inserted_id(cur), requester, body, True, comment.get("uploads") or [], now)
    return inserted_id(cur)


def set_status(conn: sqlite3.Connection, ticket: sqlite3.Row, status: str | None,
               custom_status_id: int | None, now: datetime) -> None:
    """Moves a ticket; the custom status decides the category when both are given."""
    if custom_status_id is not None:
        custom = statuses.BY_ID.get(custom_status_id)
        if custom is None:
            raise RecordInvalid(f"Status personalizado {custom_status_id} não existe.", "InvalidValue",
                                "custom_status_id")
        category = "solved" if status == "closed" else status
        if category is not None and category != custom.status_category:
            raise RecordInvalid("status e custom_status_id não combinam.", "InvalidValue", "status")
        status = status or custom.status_category
    elif status is not None:
        if status not in statuses.STATUSES:
            raise RecordInvalid(f"Status inválido: {status}.", "InvalidValue", "status")
        if status == ticket["status"]:
            custom_status_id = ticket["custom_status_id"]
        else:
            custom_status_id = statuses.custom_status_for(status)
    else:
        return
    if status == "new" and ticket["status"] != "new":
        raise RecordInvalid("Um chamado não pode voltar a Novo.", "InvalidValue", "status")
    if status == ticket["status"] and custom_status_id == ticket["custom_status_id"]:
        return
    conn.execute("UPDATE tickets SET status = ?, custom_status_id = ?, status_changed_at = ?, updated_at = ?"
                 " WHERE id = ?", (status, custom_status_id, iso(now), iso(now), ticket["id"]))
    if status == "solved":  # a ticket solved once can be rated after it is reopened (legacy CSAT)
        conn.execute("UPDATE tickets SET solved_at = COALESCE(solved_at, ?) WHERE id = ?", (iso(now), ticket["id"]))


def get_ticket(conn: sqlite3.Connection, ticket_id: int) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)).fetchone()


def existing_ticket(conn: sqlite3.Connection, ticket_id: int) -> sqlite3.Row:
    """A ticket known to exist (read again after an update)."""
    row = get_ticket(conn, ticket_id)
    assert row is not None, f"ticket {ticket_id} vanished"
    return row


def ensure_not_closed(ticket: sqlite3.Row) -> None:
    if ticket["status"] == "closed":
        raise RecordInvalid("Status: closed prevents ticket update (um chamado fechado não pode ser "
                            "reaberto; abra um novo chamado de acompanhamento).", "ClosedTicket", "status")


def _comment(data: dict) -> dict | None:
    comment = data.get("comment")
    if comment is not None and not isinstance(comment, dict):
        raise RecordInvalid("comment deve ser um objeto.", "InvalidValue", "comment")
    return comment


def _body(comment: dict) -> str:
    return comment.get("body") or comment.get("html_body") or ""


def customer_update(conn: sqlite3.Connection, ticket: sqlite3.Row, user: User, data: dict,
                    now: datetime) -> None:
    """The requester's ``PUT /requests/{id}``: a reply (reopens) or marking it solved."""
    ensure_not_closed(ticket)
    comment = _comment(data)
    if comment is not None:
        add_comment(conn, ticket["id"], user, _body(comment), True, comment.get("uploads") or [], now)
        if ticket["status"] in ("pending", "solved"):  # also Validação Cliente (pending)
            set_status(conn, ticket, "open", None, now)
    if data.get("solved") is True:
        set_status(conn, existing_ticket(conn, ticket["id"]), "solved", None, now)
    if comment is None and data.get("solved") is not True:
        raise RecordInvalid("Nada para atualizar: envie comment ou solved.", "BlankValue", "comment")


def agent_update(conn: sqlite3.Connection, ticket: sqlite3.Row, agent: User, data: dict,
                 now: datetime) -> None:
    """The agent's ``PUT /tickets/{id}``: status, custom status, comment, assignee."""
    ensure_not_closed(ticket)
    comment = _comment(data)
    if comment is not None:
        add_comment(conn, ticket["id"], agent, _body(comment), comment.get("public", True) is not False,
                    comment.get("uploads") or [], now)
    custom_status_id = data.get("custom_status_id")
    if custom_status_id is not None and not isinstance(custom_status_id, int):
        raise RecordInvalid("custom_status_id deve ser um número.", "InvalidValue", "custom_status_id")
    set_status(conn, ticket, data.get("status"), custom_status_id, now)
    if "assignee_id" in data:
        conn.execute("UPDATE tickets SET assignee_id = ?, updated_at = ? WHERE id = ?",
                     (data["assignee_id"], iso(now), ticket["id"]))
    if comment is None and not {"status", "custom_status_id", "assignee_id"} & data.keys():
        raise RecordInvalid("Nada para atualizar.", "BlankValue", "base")
    if ticket["assignee_id"] is None and comment is not None:
        conn.execute("UPDATE tickets SET assignee_id = ? WHERE id = ?", (agent.id, ticket["id"]))
