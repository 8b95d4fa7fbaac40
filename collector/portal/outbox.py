"""The outbox (SPEC §4.7): nothing the user collected is lost when the network or the portal fails.

Layout, in the user data folder (``collector.core.paths.outbox_dir()``)::

    outbox/
      <bundle id>/            one entry per bundle: enqueueing a bundle twice returns the same entry
        state.json            the entry's state, rewritten atomically (temp file, fsync, rename)
        ticket.md             the comment body as it will be posted
        files/                what will be uploaded: screenshots, recordings, diagnostico*.zip
      .locks/<bundle id>.lock an OS file lock held while a process works on the entry
      .tmp-<...>/             an entry being built (renamed into place when complete)

``state`` moves ``queued`` → ``uploading`` → ``filing`` → ``delivered`` | ``failed``; a transient
failure puts the entry back to ``queued`` with ``next_attempt_at``; a sign-in the portal no longer
accepts puts it in ``signin`` ("entrar de novo": kept, not failed, waiting for the user to sign in). Per file the entry keeps its
upload token and when it was issued (tokens live 60 minutes), and per follow-up batch its marker and
whether it was posted, so a run killed at any point resumes without losing a file or posting twice
(see :mod:`collector.portal.sender`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

import filelock

from collector import __version__
from collector.bundle.reader import Bundle
from collector.bundle.split import PART_LIMIT, Member, write_parts
from collector.bundle.ticket import signature
from collector.core import atomic, paths
from collector.core.atomic import atomic_write_json, fsync_dir
from collector.core.errors import CollectorError, UsageError
from collector.portal.client import content_type_for

SCHEMA = "collector.outbox/1"
STATES = ("queued", "uploading", "filing", "delivered", "failed", "signin")
RECEIPT_AFTER = timedelta(days=7)
# Files that go with the ticket itself (SPEC §4.5: "the ticket first with its text and small files").
SMALL_FILE = 5 * 1024 * 1024
INITIAL_BUDGET = 10 * 1024 * 1024

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


EntryState = Literal["queued", "uploading", "filing", "signin", "delivered", "failed"]
FileRole = Literal["media", "archive"]


class OutboxBusy(CollectorError):
    """Another process is sending this entry right now."""


@dataclass
class FileItem:
    name: str  # attachment name on the portal
    path: str  # relative to the entry folder
    size: int
    sha256: str
    content_type: str
    role: FileRole
    initial: bool = False  # goes with the ticket itself
    token: str | None = None
    uploaded_at: str | None = None
    attachment_id: int | None = None
    batch: int | None = None  # follow-up batch number once assigned
    attached: bool = False  # its comment was posted

    @property
    def upload_token(self) -> str:
        """The token of the upload (``Sender`` uploads the file before it is attached)."""
        assert self.token is not None, f"{self.name} is not uploaded"
        return self.token


@dataclass
class Batch:
    index: int
    marker: str
    files: list[str]
    post_started: bool = False
    posted: bool = False


@dataclass
class Entry:
    id: str
    bundle_id: str
    subject: str
    created_at: str
    source: str = ""
    target_ticket: int | None = None
    custom_fields: list[dict] = field(default_factory=list)
    ticket_form_id: int | None = None
    followup_of: int | None = None  # the closed ticket this bundle follows up (via_followup_source_id)
    state: EntryState = "queued"
    attempts: int = 0
    next_attempt_at: str | None = None
    last_error: dict | None = None
    files: list[FileItem] = field(default_factory=list)
    batches: list[Batch] = field(default_factory=list)
    filing_started: bool = False
    request_id: int | None = None
    request_url: str | None = None
    delivered_at: str | None = None
    receipt_only: bool = False
    schema: str = SCHEMA
    collector_version: str = __version__
    folder: Path | None = field(default=None, repr=False, compare=False)

    # ------------------------------------------------------------------ persistence

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("folder")
        return data

    @classmethod
    def from_json(cls, data: dict, folder: Path) -> Entry:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known and k != "folder"}
        values["files"] = [FileItem(**{k: v for k, v in f.items() if k in FileItem.__dataclass_fields__})
                           for f in data.get("files") or []]
        values["batches"] = [Batch(**{k: v for k, v in b.items() if k in Batch.__dataclass_fields__})
                             for b in data.get("batches") or []]
        return cls(**values, folder=folder)

    @property
    def ticket(self) -> int:
        """The portal's request the bundle went to (set once it is filed)."""
        assert self.request_id is not None, f"{self.bundle_id} is not filed yet"
        return self.request_id

    @property
    def home(self) -> Path:
        """The entry's folder in the outbox (set when it is created or loaded)."""
        assert self.folder is not None, "an entry lives in an outbox folder"
        return self.folder

    def save(self) -> None:
        atomic_write_json(self.home / "state.json", self.to_json())

    # ------------------------------------------------------------------ facts

    @property
    def body_path(self) -> Path:
        return self.home / "ticket.md"

    def body(self) -> str:
        return self.body_path.read_text(encoding="utf-8")

    def file_path(self, item: FileItem) -> Path:
        return self.home / item.path

    def file(self, name: str) -> FileItem:
        return next(f for f in self.files if f.name == name)

    @property
    def short_id(self) -> str:
        return self.id[:8]

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    @property
    def delivered_bytes(self) -> int:
        return sum(f.size for f in self.files if f.attached)

    def due(self, now: datetime) -> bool:
        if self.state in ("delivered", "failed", "signin"):
            return False
        moment = parse_iso(self.next_attempt_at)
        return moment is None or moment <= now


def body_with_marker(ticket_text: str, bundle_id: str) -> str:
    """The ticket text, ending with the line that names the bundle (SPEC §4.4); the sender finds an
    already-filed ticket by this id."""
    text = ticket_text.rstrip() or "Pacote de diagnóstico do Coletor de Diagnóstico RM."
    if bundle_id not in text:
        text += "\n\n" + signature(bundle_id)
    return text + "\n"


class Outbox:
    def __init__(self, root: Path | None = None, clock: Clock = utcnow, part_limit: int = PART_LIMIT):
        self.root = Path(root) if root else paths.outbox_dir()
        self.root.mkdir(parents=True, exist_ok=True)
        self.clock = clock
        self.part_limit = part_limit

    # ------------------------------------------------------------------ locking

    def lock(self, entry_id: str) -> filelock.BaseFileLock:
        """A non-blocking OS lock on one entry; released by the OS if the process dies."""
        folder = self.root / ".locks"
        folder.mkdir(exist_ok=True)
        return filelock.FileLock(folder / f"{entry_id}.lock", timeout=0)

    def acquire(self, entry_id: str) -> filelock.BaseFileLock:
        lock = self.lock(entry_id)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise OutboxBusy("este pacote está sendo enviado por outro processo do coletor") from None
        return lock

    # ------------------------------------------------------------------ entries

    def entries(self) -> list[Entry]:
        found = []
        for folder in sorted(self.root.iterdir()):
            if folder.name.startswith(".") or not (folder / "state.json").is_file():
                continue
            try:
                found.append(self.load(folder.name))
            except (ValueError, TypeError, OSError):
                continue  # a foreign or damaged folder is not ours to touch
        return sorted(found, key=lambda e: e.created_at)

    def load(self, entry_id: str) -> Entry:
        folder = self.root / entry_id
        data = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        return Entry.from_json(data, folder)

    def find(self, prefix: str) -> Entry:
        """An entry by its id or a unique prefix of it (``outbox retry 3f2a``)."""
        prefix = prefix.strip().lower()
        matches = [e for e in self.entries() if e.id.startswith(prefix)] if prefix else []
        if not matches:
            raise UsageError(f"nenhum pacote na caixa de saída com o id {prefix!r}")
        if len(matches) > 1:
            raise UsageError(f"o id {prefix!r} é ambíguo: use mais caracteres")
        return matches[0]

    def due(self) -> list[Entry]:
        now = self.clock()
        return [e for e in self.entries() if e.due(now)]

    def enqueue(self, bundle_path: str | Path, ticket_id: int | None = None, subject: str | None = None,
                custom_field_ids: dict[str, int] | None = None, profile=None) -> Entry:
        """Put a bundle in the outbox (or return the entry it already has). ``profile``
        (:class:`~collector.portal.profile.PortalProfile`) fills the form and the custom fields; a
        drop-down value it has no tag for raises ``MissingTag`` before anything is queued."""
        self._sweep_temporary()
        with Bundle(bundle_path) as bundle:
            entry_id = bundle.bundle_id
            lock = self.acquire(entry_id)
            try:
                if (self.root / entry_id / "state.json").is_file():
                    return self.load(entry_id)
                return self._build(bundle, entry_id, ticket_id, subject, custom_field_ids or {}, profile)
            finally:
                lock.release()

    def _build(self, bundle: Bundle, entry_id: str, ticket_id, subject, field_ids, profile) -> Entry:
        facts = bundle.facts()
        custom = [{"id": fid, "value": facts[key]} for key, fid in field_ids.items() if key in facts]
        if profile is not None:
            mapped = profile.custom_fields(facts)  # MissingTag: before anything is written
            taken = {f["id"] for f in mapped}
            custom = mapped + [f for f in custom if f["id"] not in taken]
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.root))
        try:
            items = stage_payload(bundle, tmp / "files", self.part_limit)
            _choose_initial(items)
            (tmp / "ticket.md").write_text(body_with_marker(bundle.ticket_text, entry_id), encoding="utf-8")
            entry = Entry(
                id=entry_id, bundle_id=entry_id, subject=bundle.subject(subject),
                created_at=iso(self.clock()), source=str(Path(bundle.source).resolve()),
                target_ticket=int(ticket_id) if ticket_id is not None else None,
                custom_fields=custom, ticket_form_id=getattr(profile, "ticket_form_id", None),
                files=items, folder=tmp)
            entry.save()
            final = self.root / entry_id
            atomic.replace(tmp, final)
            fsync_dir(self.root)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        entry.folder = final
        return entry

    def _sweep_temporary(self) -> None:
        """Remove half-built entries left by a crash (older than an hour: another process may be
        building one right now)."""
        limit = time.time() - 3600
        for folder in self.root.glob(".tmp-*"):
            try:
                if folder.stat().st_mtime < limit:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                pass

    def retry(self, entry: Entry) -> Entry:
        """Make an entry due now (a failed one too: the user says the cause is fixed)."""
        lock = self.acquire(entry.id)
        try:
            entry = self.load(entry.id)
            if entry.state != "delivered":
                entry.state = "queued"
                entry.next_attempt_at = None
                entry.save()
            return entry
        finally:
            lock.release()

    def drop(self, entry: Entry) -> None:
        lock = self.acquire(entry.id)
        try:
            shutil.rmtree(self.root / entry.id)
        finally:
            lock.release()
        try:
            os.unlink(lock.lock_file)
        except OSError:
            pass

    def prune(self) -> list[Entry]:
        """Delivered entries keep only their receipt (state.json) after 7 days (SPEC §4.3)."""
        now = self.clock()
        pruned = []
        for entry in self.entries():
            delivered = parse_iso(entry.delivered_at)
            if entry.state != "delivered" or entry.receipt_only or not delivered or now - delivered < RECEIPT_AFTER:
                continue
            try:
                lock = self.acquire(entry.id)
            except OutboxBusy:
                continue
            try:
                shutil.rmtree(entry.home / "files", ignore_errors=True)
                entry.receipt_only = True
                entry.save()
                pruned.append(entry)
            finally:
                lock.release()
        return pruned


def stage_payload(bundle: Bundle, files_dir: Path, part_limit: int = PART_LIMIT) -> list[FileItem]:
    """Write what will be attached: each screenshot and recording as itself, the rest as
    ``diagnostico.zip`` (or ≤ ``part_limit`` parts). A picture or video over the limit (the portal's
    attachment size) goes, cut, into the zip parts (see :mod:`collector.bundle.split`)."""
    items: list[FileItem] = []
    used: set[str] = set()
    big = [m for m in bundle.media() if m.size > part_limit]
    for media in bundle.media():
        if media in big:
            continue
        name = _unique(media.name, used)
        sha = bundle.extract(media, files_dir / name)
        items.append(FileItem(name, f"files/{name}", media.size, sha, content_type_for(name), "media"))
    members = [Member(e.path, e.size) for e in bundle.archive_members() + big]
    for part in write_parts(members, bundle.open, files_dir, limit=part_limit):
        name = _unique(part.name, used)
        if name != part.name:
            target = part.with_name(name)
            atomic.rename(part, target)
            part = target
        items.append(FileItem(name, f"files/{name}", part.stat().st_size, _sha256(part),
                              "application/zip", "archive"))
    return items


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    stem, dot, suffix = name.rpartition(".")
    while candidate.lower() in used:
        n += 1
        candidate = f"{stem}-{n}.{suffix}" if dot else f"{name}-{n}"
    used.add(candidate.lower())
    return candidate


def _choose_initial(items: list[FileItem]) -> None:
    """The small files that go with the ticket itself; the rest follows in batches."""
    budget = INITIAL_BUDGET
    for item in sorted(items, key=lambda i: (i.size, i.name)):
        if item.size <= SMALL_FILE and item.size <= budget:
            item.initial = True
            budget -= item.size


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def new_marker(bundle_id: str, index: int) -> str:
    return f"[coletor {bundle_id} lote {index}]"

