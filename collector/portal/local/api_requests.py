"""Requests API (end user), Tickets API (agent side), custom statuses and satisfaction ratings."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import timedelta
from typing import TypeGuard

from flask import Blueprint, g, jsonify, make_response, request

from collector.portal.local import api_survey, forms, shapes, statuses, tickets
from collector.portal.local.db import parse_iso
from collector.portal.local.pagination import PaginationError, paginate
from collector.portal.local.web import (
    bad_request,
    base_url,
    error,
    forbidden,
    json_body,
    not_found,
    require,
    state,
)

bp = Blueprint("requests_api", __name__)

IDEMPOTENCY_TTL = timedelta(hours=2)
STARTED = "2024-01-01T00:00:00Z"


def _attachments_by_comment(conn, comment_ids: list[int]) -> dict[int, list]:
    if not comment_ids:
        return {}
    marks = ",".join("?" * len(comment_ids))
    rows = conn.execute(
        f"SELECT attachments.*, uploads.comment_id FROM attachments JOIN uploads"
        f" ON uploads.token = attachments.upload_token WHERE uploads.comment_id IN ({marks})"
        f" ORDER BY attachments.id", comment_ids).fetchall()
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row["comment_id"], []).append(row)
    return grouped


def _visible(ticket_row: sqlite3.Row | None) -> TypeGuard[sqlite3.Row]:
    return ticket_row is not None and (g.user.is_agent or ticket_row["requester_id"] == g.user.id)


def _status_filter(where: list[str], params: list) -> None:
    raw = request.args.get("status")
    if raw:
        wanted = [s.strip() for s in raw.split(",") if s.strip()]
        where.append(f"status IN ({','.join('?' * len(wanted))})")
        params.extend(wanted)


@bp.get("/api/v2/requests")
@require()
def list_requests():
    base = base_url()
    where, params = ["requester_id = ?"], [g.user.id]
    _status_filter(where, params)
    try:
        with state().db.tx() as conn:
            rows, envelope = paginate(conn, "tickets", " AND ".join(where), params, f"{base}/api/v2/requests",
                                      cursor_ignores_sort=True)
    except PaginationError as exc:
        return bad_request(str(exc), "InvalidPaginationParameter")
    return jsonify({"requests": [shapes.request(r, base) for r in rows], **envelope})


def _body_hash() -> str:
    data = request.get_json(silent=True, force=True)
    raw = json.dumps(data, sort_keys=True).encode() if data is not None else request.get_data()
    return hashlib.sha256(raw).hexdigest()


@bp.post("/api/v2/requests")
@require()
def create_request():
    """New ticket from an end user. Zendesk documents ``Idempotency-Key`` only for ``POST /tickets``
    (https://developer.zendesk.com/api-reference/ticketing/introduction/#idempotency), so here the
    header is ignored, like on the real portal: a retried POST files a second ticket."""
    st, base = state(), base_url()
    data = json_body("request")
    with st.db.tx() as conn:
        ticket_id = tickets.create_ticket(conn, g.user, data, st.db.now())
        body = json.dumps({"request": shapes.request(tickets.get_ticket(conn, ticket_id), base)})
    response = make_response(body, 201)
    response.headers["Content-Type"] = "application/json; charset=utf-8"
    response.headers["Location"] = f"{base}/api/v2/requests/{ticket_id}.json"
    return response


@bp.get("/api/v2/ticket_fields")
@require()
def ticket_fields():
    base = base_url()
    return jsonify({"ticket_fields": [forms.field_json(f, base) for f in forms.FIELDS.values()],
                    "next_page": None, "previous_page": None, "count": len(forms.FIELDS)})


@bp.get("/api/v2/ticket_forms")
@require()
def ticket_forms():
    return jsonify({"ticket_forms": [forms.form_json(base_url())], "next_page": None, "previous_page": None,
                    "count": 1})


@bp.get("/api/v2/requests/<int:ticket_id>")
@require()
def show_request(ticket_id: int):
    with state().db.tx() as conn:
        row = tickets.get_ticket(conn, ticket_id)
    if not _visible(row):
        return not_found()
    return jsonify({"request": shapes.request(row, base_url())})


def _comments(ticket_id: int, public_only: bool, path: str):
    """A ticket's comments, oldest first, paginated like every Zendesk list (cursor or offset, 100 a
    page at most): a client that reads only the first page misses the rest."""
    base = base_url()
    where = "ticket_id = ?" + (" AND public = 1" if public_only else "")
    try:
        with state().db.tx() as conn:
            row = tickets.get_ticket(conn, ticket_id)
            if not _visible(row):
                return not_found()
            rows, envelope = paginate(conn, "comments", where, [ticket_id], f"{base}{path}")
            attachments = _attachments_by_comment(conn, [r["id"] for r in rows])
            author_ids = sorted({r["author_id"] for r in rows})
            authors = [state().accounts.get(a) for a in author_ids]
    except PaginationError as exc:
        return bad_request(str(exc), "InvalidPaginationParameter")
    comments = [shapes.comment(r, attachments.get(r["id"], []), base) for r in rows]
    users = [{"id": u.id, "name": u.name, "agent": u.is_agent, "organization_id": None, "photo": None}
             for u in authors if u]
    return jsonify({"comments": comments, "users": users, "organizations": [], **envelope})


@bp.get("/api/v2/requests/<int:ticket_id>/comments")
@require()
def request_comments(ticket_id: int):
    return _comments(ticket_id, True, f"/api/v2/requests/{ticket_id}/comments")


@bp.put("/api/v2/requests/<int:ticket_id>")
@require()
def update_request(ticket_id: int):
    st = state()
    data = json_body("request")
    with st.db.tx() as conn:
        row = tickets.get_ticket(conn, ticket_id)
        if not _visible(row):
            return not_found()
        tickets.customer_update(conn, row, g.user, data, st.db.now())
        row = tickets.existing_ticket(conn, ticket_id)
    return jsonify({"request": shapes.request(row, base_url())})


# ---- agent side -------------------------------------------------------------------------------

def _rating(conn, ticket_id: int):
    return conn.execute("SELECT * FROM satisfaction_ratings WHERE ticket_id = ?", (ticket_id,)).fetchone()


@bp.get("/api/v2/tickets")
@require("agent", "admin")
def list_tickets():
    base = base_url()
    where, params = ["1 = 1"], []
    _status_filter(where, params)
    try:
        with state().db.tx() as conn:
            rows, envelope = paginate(conn, "tickets", " AND ".join(where), params, f"{base}/api/v2/tickets",
                                      default_sort="id")
            shaped = [shapes.ticket(r, base, _rating(conn, r["id"])) for r in rows]
    except PaginationError as exc:
        return bad_request(str(exc), "InvalidPaginationParameter")
    return jsonify({"tickets": shaped, **envelope})


@bp.post("/api/v2/tickets")
@require("agent", "admin")
def create_ticket():
    """New ticket from an agent, with Zendesk's idempotency: the same ``Idempotency-Key`` within 2 hours
    answers the first response again (``x-idempotency-lookup: hit``); the same key with another body
    is 400 ``IdempotentRequestError``
    (https://developer.zendesk.com/api-reference/ticketing/introduction/#idempotency)."""
    st, base = state(), base_url()
    data = json_body("ticket")
    key = request.headers.get("Idempotency-Key")
    digest = _body_hash()
    now = st.db.now()
    with st.db.tx() as conn:
        if key:
            row = conn.execute("SELECT * FROM idempotency WHERE user_id = ? AND key = ?",
                               (g.user.id, key)).fetchone()
            if row is not None and parse_iso(row["created_at"]) + IDEMPOTENCY_TTL <= now:
                conn.execute("DELETE FROM idempotency WHERE user_id = ? AND key = ?", (g.user.id, key))
                row = None
            if row is not None:
                if row["body_hash"] != digest:
                    return error(400, {"error": "IdempotentRequestError",
                                       "description": "Idempotency-Key already used with another request body."})
                response = make_response(row["response"], row["status"])
                response.headers["Content-Type"] = "application/json; charset=utf-8"
                response.headers["x-idempotency-lookup"] = "hit"
                return response
        requester = g.user
        if isinstance(data.get("requester_id"), int):
            requester = st.accounts.get(data["requester_id"]) or g.user
        ticket_id = tickets.create_ticket(conn, requester, data, now)
        body = json.dumps({"ticket": shapes.ticket(tickets.get_ticket(conn, ticket_id), base)})
        if key:
            conn.execute("INSERT INTO idempotency (user_id, key, body_hash, status, response, created_at)"
                         " VALUES (?, ?, ?, ?, ?, ?)", (g.user.id, key, digest, 201, body, st.db.now_iso()))
    response = make_response(body, 201)
    response.headers["Content-Type"] = "application/json; charset=utf-8"
    response.headers["Location"] = f"{base}/api/v2/tickets/{ticket_id}.json"
    if key:
        response.headers["x-idempotency-lookup"] = "miss"
    return response


@bp.get("/api/v2/tickets/<int:ticket_id>")
@require("agent", "admin")
def show_ticket(ticket_id: int):
    with state().db.tx() as conn:
        row = tickets.get_ticket(conn, ticket_id)
        rating = _rating(conn, ticket_id)
    if row is None:
        return not_found()
    return jsonify({"ticket": shapes.ticket(row, base_url(), rating)})


@bp.get("/api/v2/tickets/<int:ticket_id>/comments")
@require("agent", "admin")
def ticket_comments(ticket_id: int):
    return _comments(ticket_id, False, f"/api/v2/tickets/{ticket_id}/comments")


@bp.put("/api/v2/tickets/<int:ticket_id>")
@require("agent", "admin")
def update_ticket(ticket_id: int):
    st = state()
    data = json_body("ticket")
    with st.db.tx() as conn:
        row = tickets.get_ticket(conn, ticket_id)
        if row is None:
            return not_found()
        tickets.agent_update(conn, row, g.user, data, st.db.now())
        row = tickets.existing_ticket(conn, ticket_id)
        if st.csat == "survey" and row["status"] == "solved":
            api_survey.offer(conn, row, st.db.now())
        rating = _rating(conn, ticket_id)
    return jsonify({"ticket": shapes.ticket(row, base_url(), rating),
                    "audit": {"ticket_id": ticket_id, "created_at": row["updated_at"], "author_id": g.user.id}})


# ---- satisfaction ratings, custom statuses --------------------------------------------------------

@bp.post("/api/v2/tickets/<int:ticket_id>/satisfaction_rating")
@require()
def rate_ticket(ticket_id: int):
    st = state()
    data = json_body("satisfaction_rating")
    score = data.get("score")
    comment = data.get("comment") or ""
    if score not in ("good", "bad"):
        raise tickets.RecordInvalid("score deve ser good ou bad.", "InvalidValue", "score")
    if not isinstance(comment, str):
        raise tickets.RecordInvalid("comment deve ser texto.", "InvalidValue", "comment")
    with st.db.tx() as conn:
        row = tickets.get_ticket(conn, ticket_id)
        if row is None or not _visible(row):
            return not_found()
        if row["requester_id"] != g.user.id or st.csat != "legacy":
            return forbidden()  # survey mode: "only one CSAT option activated at a time"
        reopened = row["status"] in ("open", "pending", "hold") and row["solved_at"] is not None
        if row["status"] != "solved" and not reopened:
            raise tickets.RecordInvalid("Só é possível avaliar um chamado Resolvido.", "InvalidValue", "status")
        stamp = st.db.now_iso()
        existing = _rating(conn, ticket_id)
        if existing:
            conn.execute("UPDATE satisfaction_ratings SET score = ?, comment = ?, updated_at = ? WHERE id = ?",
                         (score, comment, stamp, existing["id"]))
        else:
            conn.execute("INSERT INTO satisfaction_ratings (ticket_id, requester_id, score, comment, created_at,"
                         " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                         (ticket_id, g.user.id, score, comment, stamp, stamp))
        rating = _rating(conn, ticket_id)
    return jsonify({"satisfaction_rating": shapes.satisfaction(rating, base_url())})


@bp.get("/api/v2/custom_statuses")
@require()
def list_custom_statuses():
    wanted = request.args.get("status_categories")
    categories = {c.strip() for c in wanted.split(",")} if wanted else None
    active = request.args.get("active")
    found = [s for s in statuses.CUSTOM_STATUSES if categories is None or s.status_category in categories]
    if active == "false":
        found = []
    base = base_url()
    return jsonify({"custom_statuses": [shapes.custom_status(s, parse_iso(STARTED), base) for s in found]})


@bp.get("/api/v2/custom_statuses/<int:status_id>")
@require()
def show_custom_status(status_id: int):
    status = statuses.BY_ID.get(status_id)
    if status is None:
        return not_found()
    return jsonify({"custom_status": shapes.custom_status(status, parse_iso(STARTED), base_url())})
