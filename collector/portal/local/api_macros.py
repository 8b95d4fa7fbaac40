"""Macros API of the local portal (agents and admins): ``GET/POST /api/v2/macros``,
``GET/PUT /api/v2/macros/{id}`` — the subset ``collector portal macro install`` uses.

Like Zendesk (developer.zendesk.com, "Macros" and "Actions reference"): ``title`` and ``actions`` are
mandatory, each action is ``{"field", "value"}``, a macro's ``status`` action takes neither ``new``
nor ``closed``, and the list is cursor-paginated. Applying a macro is the agent workspace's job:
here an agent posts the macro's comment with ``PUT /api/v2/tickets/{id}``.
"""

from __future__ import annotations

import json

from flask import Blueprint, jsonify

from collector.portal.local.pagination import PaginationError, paginate
from collector.portal.local.tickets import RecordInvalid
from collector.portal.local.web import bad_request, base_url, json_body, not_found, require, state

bp = Blueprint("macros_api", __name__)

# the macro actions the local portal knows (shared actions plus the macro-only ones)
FIELDS = {"status", "type", "priority", "group_id", "assignee_id", "set_tags", "current_tags", "remove_tags",
          "custom_status_id", "ticket_form_id", "subject", "comment_value", "comment_value_html",
          "comment_mode_is_public"}
MACRO_STATUSES = {"open", "pending", "hold", "solved"}


def _shape(row, base: str) -> dict:
    return {"id": row["id"], "url": f"{base}/api/v2/macros/{row['id']}.json", "title": row["title"],
            "raw_title": row["title"], "description": row["description"], "active": bool(row["active"]),
            "actions": json.loads(row["actions"]), "restriction": None, "default": False,
            "position": row["id"], "created_at": row["created_at"], "updated_at": row["updated_at"]}


def _checked(data: dict, partial: bool = False) -> dict:
    values: dict = {}
    if "title" in data or not partial:
        title = data.get("title")
        if not isinstance(title, str) or not title.strip():
            raise RecordInvalid("Title: não pode ficar em branco.", "BlankValue", "title")
        values["title"] = title.strip()
    if "actions" in data or not partial:
        actions = data.get("actions")
        if not isinstance(actions, list) or not actions:
            raise RecordInvalid("Actions: informe ao menos uma ação.", "BlankValue", "actions")
        for action in actions:
            if not isinstance(action, dict) or action.get("field") not in FIELDS or "value" not in action:
                raise RecordInvalid(f"Ação inválida: {action!r}.", "InvalidValue", "actions")
            if action["field"] == "status" and action["value"] not in MACRO_STATUSES:
                raise RecordInvalid("Uma macro não põe o chamado em Novo nem em Fechado.", "InvalidValue", "actions")
        values["actions"] = json.dumps(actions, ensure_ascii=False)
    if "description" in data:
        values["description"] = data["description"] if isinstance(data["description"], str) else None
    if "active" in data:
        values["active"] = 0 if data["active"] is False else 1
    return values


@bp.get("/api/v2/macros")
@require("agent", "admin")
def list_macros():
    base = base_url()
    try:
        with state().db.tx() as conn:
            rows, envelope = paginate(conn, "macros", "1 = 1", [], f"{base}/api/v2/macros",
                                      default_sort="id", default_order="asc")
    except PaginationError as exc:
        return bad_request(str(exc), "InvalidPaginationParameter")
    return jsonify({"macros": [_shape(r, base) for r in rows], **envelope})


@bp.post("/api/v2/macros")
@require("agent", "admin")
def create_macro():
    st = state()
    values = _checked(json_body("macro"))
    stamp = st.db.now_iso()
    with st.db.tx() as conn:
        cur = conn.execute(
            "INSERT INTO macros (title, description, active, actions, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (values["title"], values.get("description"), values.get("active", 1), values["actions"], stamp, stamp))
        row = conn.execute("SELECT * FROM macros WHERE id = ?", (cur.lastrowid,)).fetchone()
    response = jsonify({"macro": _shape(row, base_url())})
    response.status_code = 201
    return response


@bp.get("/api/v2/macros/<int:macro_id>")
@require("agent", "admin")
def show_macro(macro_id: int):
    with state().db.tx() as conn:
        row = conn.execute("SELECT * FROM macros WHERE id = ?", (macro_id,)).fetchone()
    if row is None:
        return not_found()
    return jsonify({"macro": _shape(row, base_url())})


@bp.put("/api/v2/macros/<int:macro_id>")
@require("agent", "admin")
def update_macro(macro_id: int):
    st = state()
    values = _checked(json_body("macro"), partial=True)
    with st.db.tx() as conn:
        if conn.execute("SELECT id FROM macros WHERE id = ?", (macro_id,)).fetchone() is None:
            return not_found()
        values["updated_at"] = st.db.now_iso()
        columns = ", ".join(f"{name} = ?" for name in values)
        conn.execute(f"UPDATE macros SET {columns} WHERE id = ?", [*values.values(), macro_id])
        row = conn.execute("SELECT * FROM macros WHERE id = ?", (macro_id,)).fetchone()
    return jsonify({"macro": _shape(row, base_url())})
