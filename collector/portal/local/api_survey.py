"""CSAT survey responses (the "updated CSAT"), for a local portal started with ``csat="survey"``.

From Zendesk's reference "CSAT Survey Responses"
(developer.zendesk.com/api-reference/ticketing/ticket-management/csat_survey_responses):

- ``GET /api/v2/guide/survey_responses`` (``filter[subject_zrns]``, ``filter[responder_ids]``, comma
  separated) and ``GET /api/v2/guide/{locale}/survey_responses/{id}``: "Allowed for: Admins, End
  users (responders only)" — an agent who is not an admin gets 403, an end user sees only their own.
- A response: ``id`` (a string), ``responder_id``, ``subject_zrns`` (``zen:ticket:N``), ``subjects``
  (``{id, type, zrn}``), ``survey`` (``{id, version, state}``), ``answers`` (a ``skipped`` answer
  names the question not answered yet), ``expires_at`` ("when the responder can no longer edit").
- Rating links have the path ``/hc/{locale}/survey_responses/{id}?access_token=…&rating=N``: the
  customer answers on that help-center page (in Zendesk the link arrives by e-mail).
- "You can have only one CSAT option activated at a time": in this mode the legacy
  ``POST /tickets/{id}/satisfaction_rating`` is refused (403).

Local choices, not from the reference: the survey is offered when an agent solves the ticket (the
e-mail Zendesk would send is not sent; the request page of :mod:`collector.portal.local.pages` is
not involved); the scale has two options, 1 "Ruim" and 2 "Bom" (the legacy bad/good), plus an
open-ended comment; a rating answer is ``{"type": "rating_scale", "rating": N}`` and the comment
``{"type": "open_ended", "value": text}`` (the reference's exact answer shapes for these two were
not available); ``expires_at`` is when the support guide's rules close a solved ticket.
"""

from __future__ import annotations

import html
import secrets
import sqlite3
import time
from datetime import datetime

from flask import Blueprint, g, jsonify, request

from collector.portal.local.db import iso, parse_iso
from collector.portal.local.help_center import page
from collector.portal.local.web import forbidden, not_found, require, state
from collector.portal.statuses import SOLVED_TO_CLOSED

bp = Blueprint("survey_api", __name__)

SURVEY_ID = "01LOCALCSATSURVEY000000001"
SURVEY_VERSION = 1
RATINGS = {1: "Ruim", 2: "Bom"}
QUESTIONS = {"rating": "01LOCALCSATQUESTIONRATING1", "comment": "01LOCALCSATQUESTIONCOMMENT"}
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32, as Zendesk's ids look


def _new_id() -> str:
    stamp = int(time.time() * 1000)
    head = "".join(_ALPHABET[(stamp >> (5 * i)) & 31] for i in reversed(range(10)))
    return head + "".join(secrets.choice(_ALPHABET) for _ in range(16))


def offer(conn: sqlite3.Connection, ticket: sqlite3.Row, now: datetime) -> None:
    """The survey offered for a solved ticket (once per ticket)."""
    if conn.execute("SELECT 1 FROM survey_responses WHERE ticket_id = ?", (ticket["id"],)).fetchone():
        return
    conn.execute("INSERT INTO survey_responses (id, ticket_id, responder_id, access_token, created_at, updated_at,"
                 " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (_new_id(), ticket["id"], ticket["requester_id"], secrets.token_urlsafe(18), iso(now), iso(now),
                  iso(now + SOLVED_TO_CLOSED)))


def _question(kind: str) -> dict:
    headline = "Como foi o atendimento?" if kind == "rating" else "Quer contar algo mais?"
    return {"id": QUESTIONS[kind], "type": "rating_scale" if kind == "rating" else "open_ended",
            "alias": kind, "headline": {"type": "static", "value": headline}}


def shape(row: sqlite3.Row) -> dict:
    stamp = row["updated_at"]
    answers: list[dict] = []
    if row["rating"] is None:
        answers.append({"type": "skipped", "question": _question("rating"), "created_at": stamp, "updated_at": stamp})
    else:
        answers.append({"type": "rating_scale", "rating": row["rating"], "question": _question("rating"),
                        "created_at": stamp, "updated_at": stamp})
    if row["comment"]:
        answers.append({"type": "open_ended", "value": row["comment"], "question": _question("comment"),
                        "created_at": stamp, "updated_at": stamp})
    else:
        answers.append({"type": "skipped", "question": _question("comment"), "created_at": stamp, "updated_at": stamp})
    zrn = f"zen:ticket:{row['ticket_id']}"
    return {"id": row["id"], "responder_id": row["responder_id"], "subject_zrns": [zrn],
            "subjects": [{"id": str(row["ticket_id"]), "type": "ticket", "zrn": zrn}],
            "survey": {"id": SURVEY_ID, "version": SURVEY_VERSION, "state": "enabled"},
            "answers": answers, "expires_at": row["expires_at"]}


def _readable() -> bool:
    """Admins see every response, end users only theirs; other agents none."""
    return g.user.role in ("admin", "end-user")


def _split(name: str) -> list[str]:
    raw = request.args.get(f"filter[{name}]") or ""
    return [part.strip() for part in raw.split(",") if part.strip()]


@bp.get("/api/v2/guide/survey_responses")
@require()
def list_responses():
    if not _readable():
        return forbidden()
    where, params = ["1 = 1"], []
    if g.user.role != "admin":
        where.append("responder_id = ?")
        params.append(g.user.id)
    tickets = [z.rsplit(":", 1)[-1] for z in _split("subject_zrns") if z.startswith("zen:ticket:")]
    if _split("subject_zrns"):
        ids = [int(t) for t in tickets if t.isdigit()] or [0]
        where.append(f"ticket_id IN ({','.join('?' * len(ids))})")
        params.extend(ids)
    responders = [int(r) for r in _split("responder_ids") if r.isdigit()]
    if _split("responder_ids"):
        responders = responders or [0]
        where.append(f"responder_id IN ({','.join('?' * len(responders))})")
        params.extend(responders)
    with state().db.tx() as conn:
        rows = conn.execute(f"SELECT * FROM survey_responses WHERE {' AND '.join(where)} ORDER BY created_at, id",
                            params).fetchall()
    return jsonify({"survey_responses": [shape(r) for r in rows], "meta": {"has_more": False}})


@bp.get("/api/v2/guide/<locale>/survey_responses/<response_id>")
@require()
def show_response(locale: str, response_id: str):
    if not _readable():
        return forbidden()
    with state().db.tx() as conn:
        row = conn.execute("SELECT * FROM survey_responses WHERE id = ?", (response_id,)).fetchone()
    if row is None or (g.user.role != "admin" and row["responder_id"] != g.user.id):
        return not_found()
    return jsonify({"survey_response": shape(row)})


def _answer_page(message: str, status: int = 200, form: str = ""):
    return page("Pesquisa de satisfação", f"<p>{html.escape(message)}</p>{form}", status)


@bp.route("/hc/<locale>/survey_responses/<response_id>", methods=["GET", "POST"])
def answer_page(locale: str, response_id: str):
    """The rating link's page: records the rating (and, posted, the comment) while not expired."""
    st = state()
    token = request.values.get("access_token", "")
    with st.db.tx() as conn:
        row = conn.execute("SELECT * FROM survey_responses WHERE id = ?", (response_id,)).fetchone()
        if row is None or not secrets.compare_digest(str(row["access_token"]), token):
            return _answer_page("Link de pesquisa inválido.", 404)
        if parse_iso(row["expires_at"]) <= st.db.now():
            return _answer_page("Esta pesquisa expirou.", 410)
        rating = request.values.get("rating", "")
        comment = request.form.get("comment") if request.method == "POST" else None
        if rating and (not rating.isdigit() or int(rating) not in RATINGS):
            return _answer_page("Avaliação inválida.", 400)
        stamp = st.db.now_iso()
        if rating:
            conn.execute("UPDATE survey_responses SET rating = ?, updated_at = ? WHERE id = ?",
                         (int(rating), stamp, response_id))
        if comment is not None:
            conn.execute("UPDATE survey_responses SET comment = ?, updated_at = ? WHERE id = ?",
                         (comment.strip()[:2000], stamp, response_id))
        row = conn.execute("SELECT * FROM survey_responses WHERE id = ?", (response_id,)).fetchone()
    given = RATINGS.get(row["rating"]) if row["rating"] is not None else None
    form = (f'<form method="post"><input type="hidden" name="access_token" value="{html.escape(token)}">'
            f'<label>Comentário <textarea name="comment" rows="4">{html.escape(row["comment"] or "")}</textarea>'
            f'</label><button type="submit">Enviar</button></form>')
    text = f"Obrigado! Sua avaliação: {given}." if given else "Escolha uma avaliação no link recebido."
    return _answer_page(text, 200, form)
