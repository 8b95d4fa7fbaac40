"""Zendesk pagination over SQL: cursor (``page[size]``/``page[after]``) and offset (``page``/``per_page``).

Lists are in ascending order unless ``sort_order=desc`` is asked. The end user's request list with
cursor pagination comes in creation order whatever ``sort_by``/``sort_order`` say: that is what the
real portal does (reported on Zendesk's community, "Lists Requests API with Cursor Pagination not
sorting", 2024, https://support.zendesk.com/hc/en-us/community/posts/8403358233882), so a client must
not stop reading early on the strength of the order it asked for.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from urllib.parse import urlencode

from flask import request


class PaginationError(ValueError):
    pass


SORT_COLUMNS = {"updated_at": "updated_at", "created_at": "created_at", "id": "id"}


def _encode(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _decode(cursor: str) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except ValueError as exc:
        raise PaginationError("page[after] inválido.") from exc
    if not isinstance(values, list) or len(values) != 2:
        raise PaginationError("page[after] inválido.")
    return values


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise PaginationError(f"{name} deve ser um número.") from exc
    if not low <= value <= high:
        raise PaginationError(f"{name} deve estar entre {low} e {high}.")
    return value


def paginate(conn: sqlite3.Connection, table: str, where: str, params: list, base_path: str,
             default_sort: str = "created_at", default_order: str = "asc",
             cursor_ignores_sort: bool = False) -> tuple[list[sqlite3.Row], dict]:
    """Rows of one page and the Zendesk envelope keys (``meta``/``links`` or ``next_page``/``count``)."""
    sort_by = request.args.get("sort_by", default_sort)
    if sort_by not in SORT_COLUMNS:
        raise PaginationError("sort_by deve ser updated_at ou created_at.")
    order = request.args.get("sort_order", default_order).lower()
    if order not in ("asc", "desc"):
        raise PaginationError("sort_order deve ser asc ou desc.")
    column = SORT_COLUMNS[sort_by]
    if cursor_ignores_sort and ("page[size]" in request.args or "page[after]" in request.args):
        column, order = "id", "asc"
    order_sql = f"ORDER BY {column} {order.upper()}, id {order.upper()}"
    keep = {k: v for k, v in request.args.items() if not k.startswith("page") and k != "per_page"}
    if "page[size]" in request.args or "page[after]" in request.args:
        size = _int("page[size]", 100, 1, 100)
        clauses, args = [where], list(params)
        after = request.args.get("page[after]")
        if after:
            value, last_id = _decode(after)
            op = "<" if order == "desc" else ">"
            clauses.append(f"({column}, id) {op} (?, ?)")
            args += [value, last_id]
        rows = conn.execute(f"SELECT * FROM {table} WHERE {' AND '.join(clauses)} {order_sql} LIMIT ?",
                            [*args, size + 1]).fetchall()
        has_more = len(rows) > size
        rows = rows[:size]
        after_cursor = _encode([rows[-1][column], rows[-1]["id"]]) if rows else None
        before_cursor = _encode([rows[0][column], rows[0]["id"]]) if rows else None
        next_link = None
        if has_more:
            next_link = f"{base_path}?{urlencode({**keep, 'page[size]': size, 'page[after]': after_cursor})}"
        envelope = {"meta": {"has_more": has_more, "after_cursor": after_cursor, "before_cursor": before_cursor},
                    "links": {"next": next_link, "prev": None}}
        return rows, envelope
    page = _int("page", 1, 1, 10**6)
    per_page = _int("per_page", 100, 1, 100)
    count = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}", params).fetchone()[0]
    rows = conn.execute(f"SELECT * FROM {table} WHERE {where} {order_sql} LIMIT ? OFFSET ?",
                        [*params, per_page, (page - 1) * per_page]).fetchall()

    def link(number: int) -> str:
        return f"{base_path}?{urlencode({**keep, 'page': number, 'per_page': per_page})}"

    return rows, {"next_page": link(page + 1) if page * per_page < count else None,
                  "previous_page": link(page - 1) if page > 1 else None, "count": count}
