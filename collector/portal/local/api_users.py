"""Users API: ``users/me``; the admin adds authorized contacts, sets passwords and issues API tokens."""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from collector.portal.local import shapes
from collector.portal.local.accounts import AccountError
from collector.portal.local.web import base_url, json_body, not_found, record_invalid, require, state

bp = Blueprint("users_api", __name__)


@bp.get("/api/v2/users/me")
@require()
def me():
    return jsonify({"user": shapes.user(g.user, base_url())})


@bp.get("/api/v2/users/<int:user_id>")
@require("agent", "admin")
def show_user(user_id: int):
    user = state().accounts.get(user_id)
    if user is None:
        return not_found()
    return jsonify({"user": shapes.user(user, base_url())})


@bp.post("/api/v2/users")
@require("admin")
def create_user():
    data = json_body("user")
    role = data.get("role", "end-user")
    try:
        user = state().accounts.create_user(data.get("email") or "", role, name=data.get("name"),
                                            password=data.get("password"))
    except AccountError as exc:
        return record_invalid(str(exc), "InvalidValue", exc.field)
    response = jsonify({"user": shapes.user(user, base_url())})
    response.status_code = 201
    return response


@bp.post("/api/v2/users/<int:user_id>/password")
@require("admin")
def set_password(user_id: int):
    data = request.get_json(silent=True, force=True) or {}
    if state().accounts.get(user_id) is None:
        return not_found()
    try:
        state().accounts.set_password(user_id, str(data.get("password") or ""))
    except AccountError as exc:
        return record_invalid(str(exc), "InvalidValue", exc.field)
    return jsonify({})


@bp.post("/api/v2/api_tokens")
@require("admin")
def create_token():
    """Zendesk's shape; ``user_id`` (ours: each local account has its own tokens) defaults to the admin."""
    data = json_body("token")
    user_id = data.get("user_id", g.user.id)
    if not isinstance(user_id, int) or state().accounts.get(user_id) is None:
        return record_invalid("user_id não existe.", "InvalidValue", "user_id")
    token_id, token = state().accounts.new_token(user_id, str(data.get("description") or ""))
    response = jsonify({"api_token": {"id": token_id, "token": token, "full_token": token,
                                      "description": data.get("description") or "", "user_id": user_id,
                                      "url": f"{base_url()}/api/v2/api_tokens/{token_id}.json",
                                      "created_at": state().db.now_iso()}})
    response.status_code = 201
    return response
