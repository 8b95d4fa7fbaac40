"""Zendesk JSON shapes of the local portal's records."""

from __future__ import annotations

import html
import json
import sqlite3
from datetime import datetime

from collector.portal.local import rules, statuses
from collector.portal.local.accounts import User
from collector.portal.local.db import iso, parse_iso


def user(u: User, base: str) -> dict:
    return {
        "id": u.id, "url": f"{base}/api/v2/users/{u.id}.json", "name": u.name, "email": u.email,
        "role": u.role, "active": u.active, "verified": True, "locale": "pt-BR", "locale_id": 19,
        "time_zone": "Brasilia", "iana_time_zone": "America/Sao_Paulo", "created_at": u.created_at,
        "updated_at": u.updated_at, "suspended": False, "restricted_agent": False,
        "ticket_restriction": "requested" if u.role == "end-user" else None,
    }


def attachment(row: sqlite3.Row, base: str) -> dict:
    return {
        "id": row["id"], "url": f"{base}/api/v2/attachments/{row['id']}.json", "file_name": row["file_name"],
        "content_url": f"{base}/attachments/token/{row['content_token']}/?name={_q(row['file_name'])}",
        "mapped_content_url": f"{base}/attachments/token/{row['content_token']}/?name={_q(row['file_name'])}",
        "content_type": row["content_type"], "size": row["size"], "width": None, "height": None,
        "inline": False, "deleted": False, "malware_access_override": False,
        "malware_scan_result": "malware_not_found", "thumbnails": [],
    }


def _q(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def upload(token: str, expires_at: str, rows: list[sqlite3.Row], base: str) -> dict:
    shaped = [attachment(r, base) for r in rows]
    return {"token": token, "expires_at": expires_at, "attachment": shaped[-1] if shaped else None,
            "attachments": shaped}


def comment(row: sqlite3.Row, attachments: list[sqlite3.Row], base: str) -> dict:
    body = row["body"]
    return {
        "id": row["id"], "type": "Comment", "request_id": row["ticket_id"], "ticket_id": row["ticket_id"],
        "url": f"{base}/api/v2/requests/{row['ticket_id']}/comments/{row['id']}.json",
        "body": body, "plain_body": body,
        "html_body": "<div class=\"zd-comment\"><p>" + html.escape(body).replace("\n", "<br>") + "</p></div>",
        "public": bool(row["public"]), "author_id": row["author_id"],
        "attachments": [attachment(a, base) for a in attachments], "created_at": row["created_at"],
    }


def _next_rule(row: sqlite3.Row) -> dict | None:
    rule = rules.next_rule(row["status"], row["custom_status_id"], parse_iso(row["status_changed_at"]),
                           parse_iso(row["last_comment_at"]))
    if rule is None:
        return None
    return {"status": rule.to_status, "custom_status_id": rule.to_custom_status_id, "due_at": iso(rule.due)}


def request(row: sqlite3.Row, base: str) -> dict:
    """A ticket as the end user's Requests API shows it."""
    custom = statuses.BY_ID[row["custom_status_id"]]
    return {
        "id": row["id"], "url": f"{base}/api/v2/requests/{row['id']}.json", "subject": row["subject"],
        "description": row["description"], "status": row["status"], "custom_status_id": row["custom_status_id"],
        "priority": None, "type": None, "organization_id": None, "requester_id": row["requester_id"],
        "assignee_id": row["assignee_id"], "group_id": None, "collaborator_ids": [], "email_cc_ids": [],
        "is_public": True, "due_at": None, "can_be_solved_by_me": row["status"] not in ("solved", "closed"),
        "solved": row["status"] in ("solved", "closed"), "ticket_form_id": row["ticket_form_id"],
        "recipient": None, "followup_source_id": row["followup_source_id"], "via": {"channel": "api", "source": {"from": {}, "to": {}, "rel": None}},
        "custom_fields": json.loads(row["custom_fields"]), "fields": json.loads(row["custom_fields"]),
        "created_at": row["created_at"], "updated_at": row["updated_at"],
        # Local portal extras (Zendesk hides automations from end users): the label and the next rule.
        "status_label": statuses.STATUS_LABELS["closed"] if row["status"] == "closed" else custom.end_user_label,
        "next_automatic_update": _next_rule(row),
    }


def ticket(row: sqlite3.Row, base: str, rating: sqlite3.Row | None = None) -> dict:
    """A ticket as the agent's Tickets API shows it."""
    shaped = request(row, base)
    shaped["url"] = f"{base}/api/v2/tickets/{row['id']}.json"
    shaped["raw_subject"] = row["subject"]
    shaped["submitter_id"] = row["requester_id"]
    shaped["tags"] = []
    shaped["satisfaction_rating"] = satisfaction(rating, base) if rating else None
    for key in ("can_be_solved_by_me", "solved", "status_label"):
        shaped.pop(key)
    return shaped


def satisfaction(row: sqlite3.Row, base: str) -> dict:
    return {
        "id": row["id"], "url": f"{base}/api/v2/satisfaction_ratings/{row['id']}.json",
        "assignee_id": None, "group_id": None, "requester_id": row["requester_id"],
        "ticket_id": row["ticket_id"], "score": row["score"], "comment": row["comment"],
        "created_at": row["created_at"], "updated_at": row["updated_at"],
    }


def custom_status(status: statuses.CustomStatus, created: datetime, base: str) -> dict:
    stamp = iso(created)
    return {
        "id": status.id, "url": f"{base}/api/v2/custom_statuses/{status.id}.json",
        "status_category": status.status_category, "agent_label": status.agent_label,
        "raw_agent_label": status.agent_label, "end_user_label": status.end_user_label,
        "raw_end_user_label": status.end_user_label, "description": status.description,
        "raw_description": status.description, "end_user_description": status.end_user_description,
        "raw_end_user_description": status.end_user_description, "active": True, "default": status.default,
        "created_at": stamp, "updated_at": stamp,
    }
