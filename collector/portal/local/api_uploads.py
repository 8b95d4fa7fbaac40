"""Uploads API: raw bodies streamed to disk, tokens that expire, attachments served back.

Like Zendesk: a token lives 60 minutes; unattached by then, its files are deleted and the token is
404 (https://support.zendesk.com/hc/en-us/articles/4408887057946); a file over 50 MB is refused with
413 (Zendesk's limit for ticket attachments, "Adding ticket attachments with the API",
https://developer.zendesk.com/documentation/ticketing/managing-tickets/adding-ticket-attachments-with-the-api).
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import secrets
import string
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from flask import Blueprint, g, jsonify, request, send_file

from collector.portal.local import shapes
from collector.portal.local.accounts import User
from collector.portal.local.db import Database, iso
from collector.portal.local.web import PortalState, bad_request, base_url, error, not_found, require, state

bp = Blueprint("uploads_api", __name__)

CHUNK = 1 << 20
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class TooLarge(Exception):
    """The body went over :data:`MAX_UPLOAD_BYTES`."""
_ALPHABET = string.ascii_lowercase + string.digits


def _new_token(length: int = 25) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def _content_type(filename: str) -> str:
    header = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if header and header not in ("application/x-www-form-urlencoded",):
        return header
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def receive(stream, tmp_dir: Path, limit: int | None = None) -> tuple[str, int, str]:
    """Streams a body to a temporary file: (path, size, sha256). Never holds it in memory; raises
    :class:`TooLarge` (and keeps nothing) past ``limit`` bytes."""
    tmp_dir.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, path = tempfile.mkstemp(dir=tmp_dir, prefix="upload-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
                if limit is not None and size > limit:
                    raise TooLarge()
    except BaseException:
        os.unlink(path)
        raise
    return path, size, digest.hexdigest()


def store_file(st: PortalState, user: User, filename: str, content_type: str, stream,
               token: str | None = None) -> str:
    """Saves one file as an upload (a new token, or added to ``token``); returns the token."""
    now = st.db.now()
    path, size, sha = receive(stream, st.files_dir / "tmp", MAX_UPLOAD_BYTES)
    content_token = secrets.token_urlsafe(24)
    os.replace(path, st.files_dir / content_token)
    with st.db.tx() as conn:
        if not token:
            token = _new_token()
            conn.execute("INSERT INTO uploads (token, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                         (token, user.id, iso(now), iso(now + timedelta(minutes=st.upload_ttl_minutes))))
        conn.execute(
            "INSERT INTO attachments (upload_token, file_name, content_type, size, sha256, content_token,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (token, filename, content_type, size, sha, content_token, iso(now)))
    return token


def _upload_rows(conn, token: str):
    return conn.execute("SELECT * FROM attachments WHERE upload_token = ? ORDER BY id", (token,)).fetchall()


@bp.post("/api/v2/uploads")
@require()
def create_upload():
    st, base = state(), base_url()
    filename = request.args.get("filename", "").strip()
    if not filename or "/" in filename or "\\" in filename:
        return bad_request("Informe filename (sem caminho) na URL.", "ParameterMissing")
    token = request.args.get("token")
    now = st.db.now()
    if (request.content_length or 0) > MAX_UPLOAD_BYTES:
        return _too_large()
    if token:
        sweep_expired_uploads(st.db, st.files_dir, now)
        with st.db.tx() as conn:
            existing = conn.execute("SELECT * FROM uploads WHERE token = ? AND user_id = ?",
                                    (token, g.user.id)).fetchone()
        if existing is None or existing["comment_id"] is not None:
            return not_found()
    try:
        token = store_file(st, g.user, filename, _content_type(filename), request.stream, token)
    except TooLarge:
        return _too_large()
    with st.db.tx() as conn:
        rows = _upload_rows(conn, token)
    response = jsonify({"upload": shapes.upload(token, rows, base)})
    response.status_code = 201
    return response


def _too_large():
    return error(413, {"error": "RequestEntityTooLarge",
                       "description": f"Attachments are limited to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."})


@bp.delete("/api/v2/uploads/<token>")
@require()
def delete_upload(token: str):
    st = state()
    with st.db.tx() as conn:
        upload = conn.execute("SELECT * FROM uploads WHERE token = ? AND user_id = ?",
                              (token, g.user.id)).fetchone()
        if upload is None or upload["comment_id"] is not None:
            return not_found()
        rows = _upload_rows(conn, token)
        conn.execute("DELETE FROM attachments WHERE upload_token = ?", (token,))
        conn.execute("DELETE FROM uploads WHERE token = ?", (token,))
    for row in rows:
        (st.files_dir / row["content_token"]).unlink(missing_ok=True)
    return "", 204


def _can_read(conn, attachment) -> bool:
    if g.user.is_agent:
        return True
    upload = conn.execute("SELECT * FROM uploads WHERE token = ?", (attachment["upload_token"],)).fetchone()
    if upload["user_id"] == g.user.id:
        return True
    if upload["comment_id"] is None:
        return False
    owner = conn.execute("SELECT tickets.requester_id FROM comments JOIN tickets ON tickets.id = comments.ticket_id"
                         " WHERE comments.id = ? AND comments.public = 1", (upload["comment_id"],)).fetchone()
    return owner is not None and owner["requester_id"] == g.user.id


@bp.get("/attachments/token/<content_token>/")
@require()
def download(content_token: str):
    st = state()
    with st.db.tx() as conn:
        row = conn.execute("SELECT * FROM attachments WHERE content_token = ?", (content_token,)).fetchone()
        allowed = row is not None and _can_read(conn, row)
    if not allowed:
        return not_found()
    return send_file(st.files_dir / content_token, mimetype=row["content_type"], as_attachment=True,
                     download_name=row["file_name"], conditional=True)


@bp.get("/api/v2/attachments/<int:attachment_id>")
@require()
def show_attachment(attachment_id: int):
    with state().db.tx() as conn:
        row = conn.execute("SELECT * FROM attachments WHERE id = ?", (attachment_id,)).fetchone()
        allowed = row is not None and _can_read(conn, row)
    if not allowed:
        return not_found()
    return jsonify({"attachment": shapes.attachment(row, base_url())})


def sweep_expired_uploads(db: Database, files_dir, now: datetime) -> int:
    """Deletes uploads never attached whose token expired (Zendesk drops them too). Returns how many."""
    with db.tx() as conn:
        expired = conn.execute("SELECT token FROM uploads WHERE comment_id IS NULL AND expires_at <= ?",
                               (iso(now),)).fetchall()
        files = []
        for upload in expired:
            files += [r["content_token"] for r in _upload_rows(conn, upload["token"])]
            conn.execute("DELETE FROM attachments WHERE upload_token = ?", (upload["token"],))
            conn.execute("DELETE FROM uploads WHERE token = ?", (upload["token"],))
    for name in files:
        (files_dir / name).unlink(missing_ok=True)
    return len(expired)
