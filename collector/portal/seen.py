"""What the user has already read, per ticket, per user and portal (the main window's "não lidas").

One JSON file per (portal, user) in the user's data folder, rewritten atomically::

    seen/<sha256 of portal URL + user id, 16 hex>.json
    {"started_at": ISO, "tickets": {"<id>": {"seen_at": ISO, "checked": ISO, "checked_at": ISO, "unread": N}}}

``started_at`` is when this user first opened the dashboard: replies older than that are not
announced as news (the user read them in the portal or by e-mail before the collector existed).
``checked``/``unread`` cache the last count against the ticket's ``updated_at``, so a refresh only
reads the comments of tickets that changed since (one call each; the rest costs nothing).
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from collector.core import paths
from collector.core.atomic import atomic_write_json
from collector.portal.rules_preview import parse_time


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def user_state_file(kind: str, base_url: str, user_id: object, root: Path | None = None) -> Path:
    """``<data>/<kind>/<key>.json``: one file per (portal, user) — a shared Terminal Server keeps each
    user's state apart, and one user's two portals too. The folder is made; the file is not."""
    import hashlib  # here, not at the top: the main window imports this module before its first paint

    key = hashlib.sha256(f"{base_url.rstrip('/')}\n{user_id}".encode()).hexdigest()[:16]
    folder = Path(root) if root else paths.data_dir() / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{key}.json"


class SeenStore:
    """Last seen per ticket for one user of one portal. Thread-safe (refresh runs on a worker)."""

    def __init__(self, path: Path, clock=lambda: datetime.now(UTC)):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._clock = clock
        self._data = self._read()

    @classmethod
    def for_user(cls, base_url: str, user_id: int | str, root: Path | None = None, **kwargs) -> SeenStore:
        return cls(user_state_file("seen", base_url, user_id, root), **kwargs)

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None  # missing or damaged: start again (it only decides what is marked new)
        if not isinstance(data, dict) or not isinstance(data.get("tickets"), dict) \
                or parse_time(data.get("started_at")) is None:
            # a second early: the portal's times have whole seconds, a reply in the same second is news
            data = {"started_at": _iso(self._clock() - timedelta(seconds=1)), "tickets": {}}
            self._write(data)
        return data

    def _write(self, data: dict) -> None:
        atomic_write_json(self.path, data, private=True)

    @property
    def started_at(self) -> datetime:
        moment = parse_time(self._data["started_at"])
        assert moment is not None  # checked when read
        return moment

    def _record(self, ticket_id: int) -> dict:
        record = self._data["tickets"].get(str(int(ticket_id)))
        return record if isinstance(record, dict) else {}

    def seen_at(self, ticket_id: int) -> datetime:
        """Replies after this moment are unread (never earlier than the first use)."""
        with self._lock:
            moment = parse_time(self._record(ticket_id).get("seen_at"))
        return max(moment, self.started_at) if moment else self.started_at

    def cached(self, ticket_id: int, updated_at: datetime | None) -> int | None:
        """The unread count last computed for this ``updated_at`` (None: count again). The portal's
        times have whole seconds: a count made in the same second as the change it saw may have
        missed a second change in that second, so it is not trusted."""
        with self._lock:
            record = self._record(ticket_id)
        checked, checked_at = parse_time(record.get("checked")), parse_time(record.get("checked_at"))
        if updated_at is not None and checked == updated_at and checked_at is not None \
                and checked_at - updated_at >= timedelta(seconds=1) and isinstance(record.get("unread"), int):
            return record["unread"]
        if updated_at is not None and updated_at < self.seen_at(ticket_id):
            return 0
        return None

    def remember(self, ticket_id: int, updated_at: datetime | None, unread: int) -> None:
        with self._lock:
            record = dict(self._record(ticket_id))
            if updated_at is not None:
                record["checked"] = _iso(updated_at)
                record["checked_at"] = self._clock().astimezone(UTC).isoformat()
            record["unread"] = int(unread)
            self._data["tickets"][str(int(ticket_id))] = record
            self._write(self._data)

    def mark_seen(self, ticket_id: int, at: datetime | None = None) -> None:
        """The user opened the ticket: what it holds up to ``at`` (default now) is read."""
        moment = at or self._clock()
        with self._lock:
            record = dict(self._record(ticket_id))
            previous = parse_time(record.get("seen_at"))
            record["seen_at"] = _iso(max(moment, previous) if previous else moment)
            record["unread"] = 0
            self._data["tickets"][str(int(ticket_id))] = record
            self._write(self._data)
