"""Deliver an outbox entry: exactly one ticket per bundle, every file attached once (SPEC §4.5, §4.7).

Order, made for slow links:

1. upload the small files chosen at enqueue (one token per file) and file the ticket with the text
   (``POST /requests`` with ``Idempotency-Key: <bundle id>``) — or, for ``--ticket ID``, post the
   text as a reply (``PUT /requests/{id}``);
2. upload the rest one file at a time and attach them in follow-up comments ("lotes"): a batch
   closes before its first token gets old (tokens live 60 minutes), and each batch comment carries a
   marker ``[coletor <bundle id> lote N]``;
3. check that the portal shows every file (name and size) on our comments; what is missing goes again.

Every step is written to ``state.json`` before and after it happens, so a run killed anywhere
resumes: a file without a token is uploaded again (an unused token on the portal is harmless and
expires); tokens older than :data:`TOKEN_FRESH` are uploaded again before use, and a 404 on a post
that names tokens (Zendesk deletes unattached uploads after 60 minutes,
https://support.zendesk.com/hc/en-us/articles/4408887057946) makes its files upload again.

Exactly one ticket without an idempotency key. Zendesk ignores ``Idempotency-Key`` on
``POST /requests`` (it documents it for ``POST /tickets`` only), so after any failure where the portal
may have filed the ticket (read timeout, connection reset after the body was sent, 5xx) — or a
restart that finds a filing started and not finished — the entry goes to ``verifying`` ("verificando
se o chamado já foi aberto", kept in ``state.json`` across restarts and kills) and the ticket is
looked for, never filed again at once: the bundle id is searched in *every* request of the user,
reading every page (the list's order is not to be trusted: Zendesk ignores ``sort_by`` with cursor
pagination), on the same brand host as the POST (a multibrand account lists a request on its own
brand), again and again with a growing pause for :data:`VERIFY_WINDOW` — a slow portal may commit the
ticket after the client gave up. Found: adopted. Still absent when the window has passed: certainly
not filed, so filed again. Batch comments and replies are verified the same way by their marker in
every page of the ticket's comments. When the wait outlasts :data:`VERIFY_INLINE` the entry goes
back to the outbox (still ``verifying``) with its next check time.

Test hooks: with ``COLLECTOR_TEST_CRASH_AT`` set to one of :data:`CRASH_POINTS` the process kills
itself (SIGKILL) at that point — used by the crash tests, inert otherwise; ``COLLECTOR_VERIFY_WINDOW``
(seconds) shortens the verification window so those tests do not wait five minutes.
"""

from __future__ import annotations

import logging
import os
import random
import signal
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, cast

from collector.core.errors import Cancelled
from collector.core.progress import Progress
from collector.core.sizes import human_size
from collector.core.words import count
from collector.portal import errors
from collector.portal.client import PortalClient
from collector.portal.outbox import Batch, Entry, FileItem, Outbox, iso, new_marker, parse_iso
from collector.portal.retry import OUTBOX_BACKOFF, CancelToken, check_cancel, pace_delay, sleep
from collector.portal.settings import request_page_url

log = logging.getLogger(__name__)

TOKEN_FRESH = timedelta(minutes=45)  # the portal keeps a token 60 minutes; keep a margin
BATCH_WINDOW = timedelta(minutes=30)  # a batch is posted before its first token is this old
BATCH_MAX_BYTES = 200 * 1024 * 1024
BATCH_MAX_FILES = 20
VERIFY_WINDOW = timedelta(minutes=5)  # look this long for a ticket that may exist before filing again
VERIFY_INLINE = 30.0  # seconds one run keeps looking before the outbox takes over
VERIFY_ENV = "COLLECTOR_VERIFY_WINDOW"
VERIFYING_LABEL = "verificando se o chamado já foi aberto"
CRASH_ENV = "COLLECTOR_TEST_CRASH_AT"
CRASH_POINTS = ("mid_upload", "after_upload", "before_filing", "verifying", "after_filing", "after_batch")


SendPhase = Literal["uploading", "filing", "verifying", "posting", "checking", "delivered"]


@dataclass(frozen=True)
class SendProgress(Progress):
    """Bytes overall (``done`` of ``total``) and of the file at hand (``current``)."""

    file_sent: int = 0
    file_size: int = 0

    @property
    def file(self) -> str | None:
        return self.current or None

    @property
    def sent(self) -> int:
        return self.done


def _report(phase: SendPhase, sent: int, total: int, file: str | None = None, file_sent: int = 0,
            file_size: int = 0) -> SendProgress:
    return SendProgress(phase, sent, total, file or "", file_sent, file_size)


ProgressCallback = Callable[[SendProgress], None]


class StillVerifying(errors.TransientPortalError):
    """The ticket (or comment) may exist and was not found yet: the entry stays ``verifying`` and is
    looked at again after ``retry_after`` seconds. Nothing is filed meanwhile."""

    def __init__(self, wait: float):
        super().__init__(f"{VERIFYING_LABEL[0].upper()}{VERIFYING_LABEL[1:]}: o portal não respondeu ao "
                         f"registro e ele ainda não aparece; nova verificação em {max(1, round(wait))} s",
                         retry_after=wait, maybe_processed=False)


def _verify_window() -> timedelta:
    try:
        seconds = float(os.environ.get(VERIFY_ENV, ""))
    except ValueError:
        return VERIFY_WINDOW
    return timedelta(seconds=seconds) if seconds >= 0 else VERIFY_WINDOW


def _check_delay(checks: int) -> float:
    """Pause after the n-th look: 1, 2, 4 ... 60 s, jittered so many agents do not look together."""
    return min(60.0, 2.0 ** max(0, checks - 1)) * random.uniform(0.75, 1.0)


def _uploaded(item: FileItem) -> datetime:
    when = parse_iso(item.uploaded_at)
    assert when is not None, f"{item.name} is not uploaded"
    return when


def _crash_point(name: str) -> None:
    if os.environ.get(CRASH_ENV) == name:
        log.warning("test crash point %s reached: killing this process", name)
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(137)


class Sender:
    def __init__(self, client: PortalClient, outbox: Outbox, *, clock: Callable[[], datetime] | None = None,
                 verify_window: timedelta | None = None, verify_inline: float = VERIFY_INLINE,
                 sleeper: Callable[[float, CancelToken], None] = sleep):
        self.client = client
        self.outbox = outbox
        self.clock = clock or outbox.clock
        self.verify_window = verify_window if verify_window is not None else _verify_window()
        self.verify_inline = verify_inline
        self._sleep = sleeper
        self._rate: float | None = None  # measured upload throughput, bytes/s

    # ------------------------------------------------------------------ public

    def send(self, entry: Entry, progress: ProgressCallback | None = None, cancel: CancelToken = None) -> Entry:
        """Deliver one entry now. Returns it delivered, or raises the portal error after recording it
        in the entry (transient: ``queued`` with ``next_attempt_at``; permanent: ``failed``)."""
        lock = self.outbox.acquire(entry.id)
        try:
            entry = self.outbox.load(entry.id)
            if entry.state == "delivered":
                return entry
            entry.attempts += 1
            entry.state = "verifying" if entry.verifying else "uploading"
            entry.save()
            try:
                self._deliver(entry, progress or (lambda p: None), cancel)
            except (Cancelled, KeyboardInterrupt):
                entry.state, entry.next_attempt_at = ("verifying" if entry.verifying else "queued"), None
                entry.save()
                raise
            except errors.TransientPortalError as exc:
                self._schedule(entry, exc)
                raise
            except errors.SignInRequired as exc:
                self._wait_for_sign_in(entry, exc)
                raise
            except errors.PortalError as exc:
                self._fail(entry, exc)
                raise
            except OSError as exc:
                failure = errors.PermanentPortalError(
                    f"arquivo da caixa de saída ilegível ou ausente ({exc.__class__.__name__}): descarte o "
                    f"pacote e envie-o de novo")
                self._fail(entry, failure)
                raise failure from exc
            return entry
        finally:
            lock.release()

    def send_due(self, progress: ProgressCallback | None = None, cancel: CancelToken = None,
                 entries: list[Entry] | None = None) -> list[tuple[Entry, errors.CollectorError | None]]:
        """Send every entry that is due (or the given ones); one failure does not stop the others."""
        results: list[tuple[Entry, errors.CollectorError | None]] = []
        for entry in entries if entries is not None else self.outbox.due():
            check_cancel(cancel)
            try:
                results.append((self.send(entry, progress, cancel), None))
            except Cancelled:
                raise
            except errors.CollectorError as exc:
                results.append((self.outbox.load(entry.id), exc))
        return results

    # ------------------------------------------------------------------ the steps

    def _deliver(self, entry: Entry, progress: ProgressCallback, cancel: CancelToken) -> None:
        if entry.request_id is None:
            initial = [f for f in entry.files if f.initial]
            for item in initial:
                self._ensure_token(entry, item, progress, cancel)
            self._file(entry, initial, progress, cancel)
        for verification in range(2):
            while True:
                check_cancel(cancel)
                batch = next((b for b in entry.batches if not b.posted), None)
                if batch is None:
                    pending = [f for f in entry.files if not f.attached and f.batch is None]
                    if not pending:
                        break
                    batch = self._fill_batch(entry, pending, progress, cancel)
                self._post_batch(entry, batch, progress, cancel)
            missing = self._verify(entry, progress)
            if not missing:
                break
            if verification:
                raise errors.TransientPortalError(
                    f"o portal não mostra {count(len(missing), 'anexo enviado', 'anexos enviados')} ({', '.join(missing[:3])}); "
                    f"nova tentativa mais tarde")
            for item in entry.files:
                if item.name in missing:
                    item.attached, item.batch, item.token = False, None, None
            entry.save()
        entry.state = "delivered"
        entry.delivered_at = iso(self.clock())
        entry.next_attempt_at = None
        entry.last_error = None
        entry.save()
        progress(_report("delivered", entry.total_bytes, entry.total_bytes))

    def _fresh(self, item: FileItem) -> bool:
        uploaded = parse_iso(item.uploaded_at)
        return bool(item.token) and uploaded is not None and self.clock() - uploaded < TOKEN_FRESH

    def _ensure_token(self, entry: Entry, item: FileItem, progress: ProgressCallback, cancel: CancelToken) -> None:
        if self._fresh(item):
            return
        entry.state = "uploading"
        base = sum(f.size for f in entry.files if f.attached or (f is not item and self._fresh(f)))
        total = entry.total_bytes
        crash_mid = os.environ.get(CRASH_ENV) == "mid_upload"

        def on_bytes(report: Progress) -> None:
            sent, size = report.done, report.total
            if crash_mid and size > 2 * 1024 * 1024 and sent >= size // 2:
                _crash_point("mid_upload")
            progress(_report("uploading", base + sent, total, item.name, sent, size))

        started = time.monotonic()
        upload = self.client.upload(entry.file_path(item), filename=item.name, content_type=item.content_type,
                                    progress=on_bytes, cancel=cancel,
                                    idempotency_key=f"{entry.bundle_id}-{item.sha256[:16]}-{uuid.uuid4().hex[:12]}")
        elapsed = time.monotonic() - started
        if elapsed > 0.5:
            self._rate = item.size / elapsed
        size = upload.attachment.get("size")
        if isinstance(size, int) and size != item.size:
            raise errors.TransientPortalError(
                f"o portal recebeu {item.name} incompleto ({size} de {item.size} bytes); nova tentativa")
        item.token, item.uploaded_at, item.attachment_id = upload.token, iso(self.clock()), upload.attachment_id
        entry.save()
        _crash_point("after_upload")

    def _reupload(self, entry: Entry, items: list[FileItem], progress, cancel) -> None:
        for item in items:
            item.token = None
            self._ensure_token(entry, item, progress, cancel)

    def _file(self, entry: Entry, initial: list[FileItem], progress: ProgressCallback, cancel: CancelToken) -> None:
        """Create the ticket (or the reply on ``--ticket``) with the text and the small files."""
        if entry.target_ticket is not None and not entry.filing_started:
            self._follow_up_if_closed(entry)
        what = "reply" if entry.target_ticket is not None else "ticket"
        if entry.filing_started and not entry.verifying:
            # a run stopped after the filing began: the POST may have reached the portal
            self._start_verifying(entry, what)
        reuploaded = False
        while True:
            if entry.verifying:
                found = self._resolve(entry, lambda: self._find_filed(entry), progress, cancel)
                if found is not None:
                    log.info("bundle %s was already filed as %s", entry.bundle_id, found)
                    self._adopt(entry, cast(int, found), initial)
                    return
            entry.filing_started = True
            entry.filing_started_at = entry.filing_started_at or iso(self.clock())
            entry.filing_host = self.client.base_url
            entry.state = "filing"
            entry.save()
            progress(_report("filing", sum(f.size for f in initial), entry.total_bytes))
            _crash_point("before_filing")
            for item in initial:  # tokens may have aged while we waited
                self._ensure_token(entry, item, progress, cancel)
            try:
                request_id = self._post_initial(entry, [f.upload_token for f in initial], cancel)
            except errors.NotFound:
                if reuploaded or not initial:
                    raise
                log.info("the portal no longer has the upload tokens (404): uploading the small files again")
                reuploaded = True
                entry.filing_started = False  # a 404 was an answer: nothing was filed
                self._reupload(entry, initial, progress, cancel)
                continue
            except errors.TransientPortalError as exc:
                if not exc.maybe_processed:
                    raise
                log.info("filing %s may have reached the portal (%s): verifying before filing again",
                         entry.bundle_id, type(exc).__name__)
                self._start_verifying(entry, what)
                continue
            break
        _crash_point("after_filing")
        self._adopt(entry, request_id, initial)

    def _follow_up_if_closed(self, entry: Entry) -> None:
        """A closed ticket cannot take a reply: the bundle becomes a follow-up request instead."""
        target = entry.target_ticket
        assert target is not None  # only a complement follows up
        if self.client.get_request(target).get("status") != "closed":
            return
        log.info("ticket %s is closed: filing a follow-up request", entry.target_ticket)
        entry.followup_of, entry.target_ticket = entry.target_ticket, None
        entry.save()

    def _post_initial(self, entry: Entry, tokens: list[str], cancel: CancelToken) -> int:
        if entry.target_ticket is not None:
            self.client.add_comment(entry.target_ticket, entry.body(), tokens, cancel=cancel)
            return entry.target_ticket
        request = self.client.create_request(
            entry.subject, entry.body(), tokens, custom_fields=entry.custom_fields or None,
            ticket_form_id=entry.ticket_form_id, followup_of=entry.followup_of,
            idempotency_key=entry.bundle_id, cancel=cancel)
        return int(request["id"])

    def _adopt(self, entry: Entry, request_id: int, initial: list[FileItem]) -> None:
        entry.request_id = int(request_id)
        entry.request_url = request_page_url(entry.filing_host or self.client.base_url, entry.request_id)
        for item in initial:
            item.attached = True
        entry.save()

    # ------------------------------------------------------------------ verifying

    def _start_verifying(self, entry: Entry, what: str, batch: int | None = None) -> None:
        now = self.clock()
        entry.verifying = {"what": what, "batch": batch, "since": entry.filing_started_at or iso(now),
                           "until": (now + self.verify_window).isoformat(), "checks": 0}
        entry.state = "verifying"
        entry.save()
        _crash_point("verifying")

    def _resolve(self, entry: Entry, probe: Callable[[], object], progress: ProgressCallback,
                 cancel: CancelToken) -> object | None:
        """Look with ``probe`` until it finds something (returned), or until the window is over (None:
        certainly absent). Raises :class:`StillVerifying` when this run's share of looking is spent."""
        inline_end = time.monotonic() + self.verify_inline
        verifying = entry.verifying
        assert verifying is not None, "only an entry being verified is resolved"
        while True:
            check_cancel(cancel)
            progress(_report("verifying", entry.delivered_bytes, entry.total_bytes))
            found = probe()
            verifying["checks"] = int(verifying.get("checks") or 0) + 1
            if found:
                entry.verifying = None
                entry.save()
                return found
            now = self.clock()
            until = parse_iso(verifying["until"]) or now
            if now >= until:
                log.info("%s of %s not found after %d look(s): certainly absent", verifying["what"],
                         entry.bundle_id, verifying["checks"])
                entry.verifying = None
                entry.save()
                return None
            entry.save()
            wait = min(_check_delay(verifying["checks"]), (until - now).total_seconds() + 0.05)
            if time.monotonic() + wait > inline_end:
                raise StillVerifying(wait)
            self._sleep(wait, cancel)

    def _find_filed(self, entry: Entry) -> int | None:
        if entry.target_ticket is not None:
            return entry.target_ticket if self._comment_with(entry, entry.target_ticket, entry.bundle_id) else None
        found = self._find_filed_request(entry)
        return int(found["id"]) if found else None

    def _find_filed_request(self, entry: Entry) -> dict | None:
        """Our ticket among *all* the user's requests (every page; the order is not trusted), on the
        brand host the POST went to: its text carries the bundle id."""
        for request in self.client.list_my_requests(base_url=entry.filing_host):
            if entry.bundle_id in (request.get("description") or ""):
                return request
        return None

    def _comment_with(self, entry: Entry, request_id: int, marker: str) -> dict | None:
        for comment in self.client.list_comments(request_id, base_url=entry.filing_host):
            if marker in (comment.get("body") or comment.get("plain_body") or ""):
                return comment
        return None

    def _fill_batch(self, entry: Entry, pending: list[FileItem], progress, cancel) -> Batch:
        """Upload files for the next batch until it is full or its first token would get old."""
        chosen: list[FileItem] = []
        size = 0
        for item in pending:
            if chosen and (len(chosen) >= BATCH_MAX_FILES or size + item.size > BATCH_MAX_BYTES):
                break
            if chosen and not self._fits_window(chosen, item):
                break
            self._ensure_token(entry, item, progress, cancel)
            chosen.append(item)
            size += item.size
        index = len(entry.batches) + 1
        batch = Batch(index, new_marker(entry.bundle_id, index), [f.name for f in chosen])
        for item in chosen:
            item.batch = index
        entry.batches.append(batch)
        entry.save()
        return batch

    def _fits_window(self, chosen: list[FileItem], item: FileItem) -> bool:
        if self._fresh(item):
            return True
        first = min(_uploaded(f) for f in chosen)
        estimate = timedelta(seconds=item.size / self._rate) if self._rate else timedelta(0)
        return self.clock() - first + estimate < BATCH_WINDOW

    def _post_batch(self, entry: Entry, batch: Batch, progress: ProgressCallback, cancel: CancelToken) -> None:
        items = [entry.file(name) for name in batch.files]
        if batch.post_started and not self._verifying(entry, batch):
            self._start_verifying(entry, "batch", batch.index)  # a run stopped while posting it
        reuploaded = False
        while True:
            if self._verifying(entry, batch):
                found = self._resolve(entry, lambda: self._comment_with(entry, entry.ticket, batch.marker),
                                      progress, cancel)
                if found:
                    log.info("batch %d of %s was already posted", batch.index, entry.bundle_id)
                    break
            for item in items:
                self._ensure_token(entry, item, progress, cancel)
            batch.post_started = True
            entry.state = "filing"
            entry.save()
            progress(_report("posting", entry.delivered_bytes + sum(f.size for f in items), entry.total_bytes))
            try:
                self.client.add_comment(entry.ticket, _batch_body(batch, items), [f.upload_token for f in items],
                                        cancel=cancel)
            except errors.NotFound:
                if reuploaded:
                    raise
                reuploaded = True
                batch.post_started = False
                self._reupload(entry, items, progress, cancel)
                continue
            except errors.TransientPortalError as exc:
                if not exc.maybe_processed:
                    raise
                self._start_verifying(entry, "batch", batch.index)
                continue
            _crash_point("after_batch")
            break
        batch.posted = True
        for item in items:
            item.attached = True
        entry.save()

    @staticmethod
    def _verifying(entry: Entry, batch: Batch) -> bool:
        v = entry.verifying
        return v is not None and v.get("what") == "batch" and v.get("batch") == batch.index

    def _verify(self, entry: Entry, progress: ProgressCallback) -> list[str]:
        """Names of our files the portal does not show on our comments (name and size)."""
        progress(_report("checking", entry.delivered_bytes, entry.total_bytes))
        markers = [entry.bundle_id] + [b.marker for b in entry.batches]
        shown: set[tuple[str, int]] = set()
        for comment in self.client.list_comments(entry.ticket, base_url=entry.filing_host):
            body = comment.get("body") or comment.get("plain_body") or ""
            if any(marker in body for marker in markers):
                shown |= {(a.get("file_name"), a.get("size")) for a in comment.get("attachments") or []}
        return [f.name for f in entry.files if (f.name, f.size) not in shown]

    # ------------------------------------------------------------------ bookkeeping

    def _schedule(self, entry: Entry, exc: errors.PortalError) -> None:
        if isinstance(exc, StillVerifying):
            wait = exc.retry_after or 1.0
        else:
            wait = OUTBOX_BACKOFF.delay(min(entry.attempts - 1, 12), exc.retry_after)
        wait = max(wait, pace_delay(self.client.rate_remaining, self.client.rate_limit))
        entry.state = "verifying" if entry.verifying else "queued"
        due = self.clock() + timedelta(seconds=wait)
        entry.next_attempt_at = iso(due.replace(microsecond=0) + timedelta(seconds=1))  # iso() drops the fraction
        entry.last_error = _error_record(exc, self.clock())
        entry.save()

    def _wait_for_sign_in(self, entry: Entry, exc: errors.PortalError) -> None:
        """Kept, not failed: the entry goes again once the user signs in ("entrar de novo")."""
        entry.state = "signin"
        entry.next_attempt_at = None
        entry.last_error = _error_record(exc, self.clock())
        entry.save()

    def _fail(self, entry: Entry, exc: errors.CollectorError) -> None:
        entry.state = "failed"
        entry.next_attempt_at = None
        entry.last_error = _error_record(exc, self.clock())
        entry.save()


def _error_record(exc: errors.CollectorError, now: datetime) -> dict:
    return {"message": str(exc), "kind": "transient" if getattr(exc, "transient", False) else "permanent",
            "status": getattr(exc, "status", None), "at": iso(now)}


def _batch_body(batch: Batch, items: list[FileItem]) -> str:
    lines = [f"Anexos do pacote de diagnóstico (lote {batch.index}):"]
    lines += [f"- {item.name} ({human_size(item.size)})" for item in items]
    lines += ["", batch.marker]
    return "\n".join(lines) + "\n"
