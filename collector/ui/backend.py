"""The wizard's services: every call into inspect, capture, collection, the portal and the outbox.

Plain Python (no Qt): each method is blocking and runs on a worker thread (``collector.ui.tasks``);
the pages never call these on the GUI thread. Keeping every dependency on the other packages in
this one module makes the wizard easy to adapt and easy to test (tests pass their own ``Services``).

The module itself imports almost nothing: the main window ("Meus chamados") builds a ``Services``
before its first paint, and the cold-start bar (issue 18: <= 1.5x a bare PySide6 window,
``tests/benchmarks/bench_main_window.py``) leaves no room for the HTTP stack, the keyring, the probes
or the wizard's model. Every method imports what it uses (it runs on a worker anyway); the saved
sign-in is read on first use (:meth:`PortalConfig.load_saved`). Measured with ``-X importtime``:
``import collector.ui.backend`` went from ~0.58 s (requests via ``portal.auth``, ``probes.inspect``,
``probes.installation``, ``portal.outbox``) to ~0.03 s. ``tests/ui/test_cold_start.py`` guards it.
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from collector.core import kinds, paths
from collector.core.errors import Cancelled, CollectorError
from collector.core.kinds import KINDS, Kind
from collector.portal import settings as portal_settings
from collector.portal.settings import PortalSettings

if TYPE_CHECKING:
    from datetime import datetime

    from collector.core.wizard import EvidenceFile, SendOutcome, WizardState
    from collector.portal import auth
    from collector.portal.auth import Credentials
    from collector.portal.local import LocalPortal

log = logging.getLogger(__name__)
_SAVED_LOCK = threading.Lock()


def _now(fmt: str) -> str:
    """The local time as ``fmt`` (file and folder names; ``%f``: microseconds). The main window builds
    its Services before the first paint: ``time`` is loaded already, datetime only when ``%f`` is asked."""
    if "%f" not in fmt:
        return time.strftime(fmt)
    from datetime import datetime

    return datetime.now().strftime(fmt)

#: The kinds the wizard finds by itself for the time window (the user unticks what should not go).
FOUND_KINDS = (Kind.RMERROR, Kind.LOGS, Kind.PORTAL_LOGS)
PREVIEW_LIMIT = 256 * 1024  # characters of a text file shown in the preview
TEXT_SUFFIXES = {".txt", ".log", ".md", ".json", ".xml", ".config", ".csv", ".ini", ".dat", ".sql", ".html",
                 ".htm", ".yaml", ".yml"}
# what the redactor leaves in place of a secret or a personal datum (see collector.redact)
_REDACTED = re.compile(
    r"\*{8}|\b(?:CPF|CNPJ|MAC)-\d{4}\b|\bemail-\d{4}@pseudonimo\.invalid\b|\b(?:ip|host|user)-\d{4}\b")
_RULE_OF = {"*": "segredo", "C": "dado pessoal", "e": "dado pessoal", "M": "rede", "i": "rede", "h": "host",
            "u": "usuário"}


@dataclass
class PortalConfig:
    """Where tickets go (:class:`~collector.portal.settings.PortalSettings`) and this session's
    sign-in: ``credentials``, and in ``demo`` mode the local portal running in this process."""

    settings: PortalSettings = field(default_factory=PortalSettings)
    demo: bool = False
    credentials: Credentials | auth.OAuthCredentials | None = None
    local: LocalPortal | None = None
    saved_pending: bool = False  # the saved sign-in (OS keyring) not read yet: :meth:`load_saved`

    @property
    def url(self) -> str | None:
        return self.settings.url

    @url.setter
    def url(self, url: str | None) -> None:
        self.settings = replace(self.settings, url=url)

    @property
    def signed_in(self) -> bool:
        self.load_saved()
        return bool(self.url and self.credentials)

    def load_saved(self) -> None:
        """Reads the saved sign-in from the OS keyring, once. Deferred by :func:`load_portal_config`
        (``deferred=True``) so that the keyring's import and lookup are not paid before the main
        window paints: the first refresh (a worker) or the first question that needs it pays."""
        with _SAVED_LOCK:
            if not self.saved_pending:
                return
            self.saved_pending = False
            if self.url and self.credentials is None:
                from collector.portal import auth

                self.credentials = auth.load(self.url, self.settings.profile.oauth)

    def ticket_url(self, ticket_id: int) -> str | None:
        return self.settings.ticket_url(ticket_id)


def demo_dir() -> Path:
    return paths.data_dir() / "demo-portal"


def load_portal_config(cli_url: str | None = None, deferred: bool = False) -> PortalConfig:
    """The configured portal (``--portal``, environment, settings file) and its saved credentials
    (``deferred``: read on first use, see :meth:`PortalConfig.load_saved`)."""
    config = PortalConfig(settings=portal_settings.load(cli_url), saved_pending=True)
    if not deferred:
        config.load_saved()
    return config


#: Validates and stores the portal address in the settings file.
save_portal_url = portal_settings.save_url


def start_demo_portal(data: Path | None = None) -> PortalConfig:
    """Starts the local portal in this process on an ephemeral port, with its own profile (form,
    fields, OAuth client). Nobody is signed in: the demo signs in through the browser like the real
    portal, with the demo account's password (:func:`demo_account`)."""
    # imported here: start-up (module docstring); only demo mode needs the local portal
    from collector.portal.local import LocalPortal
    from collector.portal.local.demo import demo_account

    portal = LocalPortal(data or demo_dir())
    url = portal.start(host="127.0.0.1", port=0)
    demo_account(portal)  # an older data folder gets its password now
    return PortalConfig(PortalSettings(url=url, profile=portal.profile()), demo=True, local=portal)


def demo_account(config: PortalConfig) -> dict[str, str]:
    """The demo end user's e-mail and password (the banner's tooltip), {} outside demo mode."""
    if config.local is None:
        return {}
    entry = config.local.accounts.get("end-user") or {}
    return {"email": entry.get("email", ""), "password": entry.get("password", "")}


@dataclass
class Dashboard:
    """What one refresh of the main window found."""

    outbox: list = field(default_factory=list)  # collector.portal.outbox_view.OutboxRow
    tickets: list = field(default_factory=list)  # collector.portal.dashboard.TicketRow
    signed_in: bool = False
    seen: Any = None  # collector.portal.seen.SeenStore of the signed-in user
    error: str = ""
    exception: BaseException | None = None


class Services:
    """Everything the wizard asks of the rest of the collector. Tests replace pieces of it."""

    def __init__(self, portal: PortalConfig | None = None, rm_roots: list[Path] | None = None,
                 session_dir: Path | None = None, scan_defaults: bool | None = None,
                 monitors_layout: list | None = None, screenshot_delay: float = 0.25,
                 rmerror_dirs: list[tuple[str, str]] | None = None):
        self.portal = portal or PortalConfig()
        self.rm_roots = [Path(r) for r in (rm_roots or [])]
        self.scan_defaults = (not self.rm_roots) if scan_defaults is None else scan_defaults
        stamp = _now("%Y%m%d-%H%M%S")
        self.session_dir = Path(session_dir) if session_dir else paths.data_dir() / "sessions" / stamp
        self.monitors_layout = monitors_layout
        self.screenshot_delay = screenshot_delay
        self.rmerror_dirs = rmerror_dirs  # None: the user's Desktop, Documents, Downloads, temp (the OS's)
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ folders

    def folder(self, name: str) -> Path:
        path = self.session_dir / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def discard_session(self) -> None:
        shutil.rmtree(self.session_dir, ignore_errors=True)

    # ------------------------------------------------------------------ environment

    def inspect(self, extra_roots: list[Path] | None = None) -> dict[str, Any]:
        roots = [*self.rm_roots, *(extra_roots or [])]
        scan = self.scan_defaults and not extra_roots
        from collector.probes.inspect import InspectContext, build_document

        doc, _results = build_document(InspectContext(rm_roots=roots, scan_defaults=scan))
        return doc

    # ------------------------------------------------------------------ capture

    def list_monitors(self) -> list:
        if self.monitors_layout is not None:
            return list(self.monitors_layout)
        from collector.capture.screens import list_monitors

        return list_monitors()

    def capture(self, monitors: list[int] | None) -> list[EvidenceFile]:
        """Screenshots of the chosen monitors (all when None), after a short delay for the wizard
        to be gone from the screen."""
        from collector.capture.screens import capture_screenshots
        from collector.core.wizard import EvidenceFile

        shots = capture_screenshots(self.folder(KINDS[Kind.SCREENSHOTS].folder), monitors or None,
                                    delay=self.screenshot_delay, layout=self.monitors_layout)
        return [EvidenceFile(path=s.path, kind=Kind.SCREENSHOTS, origin="capture", size=s.size) for s in shots]

    def new_recording_path(self) -> Path:
        return self.folder(KINDS[Kind.RECORDING].folder) / ("gravacao-" + _now("%Y%m%d-%H%M%S") + ".mp4")

    def recorder(self, monitor: int | None, on_progress: Callable, on_error: Callable,
                 on_finished: Callable):
        from collector.capture.recorder import Recorder  # start-up: see the module docstring

        return Recorder(self.new_recording_path(), monitor=monitor, on_progress=on_progress,
                        on_error=on_error, on_finished=on_finished, layout=self.monitors_layout)

    # ------------------------------------------------------------------ found files

    def discover(self, state: WizardState) -> list[EvidenceFile]:
        """RMError files and logs of the time window: what the collection will take of them."""
        from collector.core.plan import CollectContext
        from collector.core.runner import run_probes
        from collector.core.timewindow import TimeWindow, local_now
        from collector.core.wizard import EvidenceFile
        from collector.probes.logs import LogsProbe, PortalLogsProbe
        from collector.probes.rmerror import RmErrorProbe

        ctx = CollectContext(window=TimeWindow(state.log_window_start(), local_now()),
                             rm_roots=[str(r) for r in self.roots_for(state)],
                             installations=(state.inspect_doc or {}).get("installations") or [],
                             include=frozenset(FOUND_KINDS), search_dirs=self.rmerror_dirs)
        found = []
        for result in run_probes([RmErrorProbe(), LogsProbe(), PortalLogsProbe()], ctx):
            if not result.ok or result.value is None:
                continue
            for item in result.value.included:
                if item.kind in FOUND_KINDS and item.source is not None:
                    found.append(EvidenceFile(path=Path(item.source), kind=item.kind, origin="found",
                                              size=item.size, mtime=item.mtime))
        return found

    def roots_for(self, state: WizardState) -> list[Path]:
        roots = list(self.rm_roots)
        if state.root and Path(state.root) not in roots:
            roots.append(Path(state.root))
        return roots

    # ------------------------------------------------------------------ staging

    def stage(self, state: WizardState, progress: Callable | None = None,
              cancel: threading.Event | None = None):
        """Collects into a stage (redacted copies) for review; unticked found files start excluded."""
        from collector.bundle.collect import (  # start-up: see the module docstring
            CollectOptions,
            collect_to_staging,
        )

        selected = [e for e in state.evidence if e.selected]
        doc = dict(state.inspect_doc or {})
        if state.root:  # the installation the user chose comes first: the ticket's detected facts are its own
            installs = list(doc.get("installations") or [])
            installs.sort(key=lambda i: i.get("root") != state.root)
            doc["installations"] = installs
        opts = CollectOptions(
            rm_roots=self.roots_for(state), since=state.log_window_start(),
            attachments=[e.path for e in selected if e.kind == Kind.ATTACHMENTS],
            screenshots=[e.path for e in selected if e.kind == Kind.SCREENSHOTS],
            recordings=[e.path for e in selected if e.kind == Kind.RECORDING],
            personal_data_masked=state.mask_personal_data, keep_names=not state.pseudonymize_names, inspect_doc=doc if state.inspect_doc else None,
            scan_defaults=self.scan_defaults, rmerror_dirs=self.rmerror_dirs)
        stage = collect_to_staging(opts, self.folder("stages") / _now("%H%M%S%f"),
                                   progress=progress, cancel=cancel)
        unticked = {str(e.path) for e in state.evidence if e.origin == "found" and not e.selected}
        for item in stage.items:
            if item.source in unticked:
                item.excluded = True
        stage.save()
        return stage

    @staticmethod
    def preview(stage, arcname: str) -> tuple[str, list[tuple[int, int, str]], bool]:
        """(text, redacted spans (start, end, rule), truncated) of a staged text file."""
        path = stage.file_path(arcname)
        with open(path, "rb") as fh:
            raw = fh.read(PREVIEW_LIMIT * 4 + 1)
        truncated = len(raw) > PREVIEW_LIMIT * 4
        text = _decode(raw, getattr(stage.item(arcname), "encoding", None))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if len(text) > PREVIEW_LIMIT:
            text, truncated = text[:PREVIEW_LIMIT], True
        spans = [(m.start(), m.end(), _RULE_OF.get(m.group(0)[0], "redigido")) for m in _REDACTED.finditer(text)]
        return text, spans, truncated

    @staticmethod
    def recording_stills(path: Path, count: int = 4) -> list:
        """A few pictures spread over a recording (``collector.capture.frames.Still``), for the review."""
        from collector.capture.frames import stills  # start-up: see the module docstring (PyAV)

        return stills(path, count=count, max_width=200, max_height=120)

    @staticmethod
    def is_text(arcname: str, kind: str) -> bool:
        found = kinds.info(kind)
        content = found.content if found else "by_suffix"
        if content == "by_suffix":
            return Path(arcname).suffix.lower() in TEXT_SUFFIXES
        return content == "text"

    @staticmethod
    def replace_content(stage, arcname: str, data: bytes) -> None:
        stage.replace_content(arcname, data)

    # ------------------------------------------------------------------ portal

    def client(self, timeout: tuple[float, float] = (5.0, 60.0), attempts: int = 2):
        if not self.portal.url:
            raise CollectorError("Nenhum portal configurado.")
        from collector.portal.client import PortalClient

        self.portal.load_saved()
        return PortalClient(self.portal.url, self.portal.credentials, timeout=timeout, attempts=attempts)

    def search_articles(self, query: str) -> list[dict]:
        with self.client(timeout=(3.0, 8.0), attempts=1) as client:
            return client.search_articles(query)[:5]

    def sign_in(self, url: str, email: str, token: str, remember: bool = True) -> dict:
        """Checks the credentials against the portal (``users/me``); keeps them in the OS keyring."""
        from collector.portal import auth
        from collector.portal.client import PortalClient

        url = portal_settings.normalize_url(url)
        email = email.strip()
        creds = auth.Credentials(email, token.strip(), source="wizard")
        with PortalClient(url, creds, timeout=(5.0, 20.0), attempts=1) as client:
            user = client.me()
        self.portal.url = url
        self.portal.credentials = creds
        stored = auth.save(url, email, token.strip()) if remember else False
        if not self.portal.demo and remember:
            try:
                save_portal_url(url)
            except OSError as exc:
                log.warning("cannot save the portal address: %s", exc)
        return {"user": user, "stored": stored}

    def sign_in_browser(self, cancel: threading.Event | None = None) -> dict:
        """The portal's own sign-in in the system browser (OAuth + PKCE); kept in the keyring (not in
        demo mode: its port changes every run). Returns {"user", "stored"}."""
        from collector.portal import signin

        if not self.portal.url:
            raise CollectorError("Nenhum portal configurado: informe o endereço do portal em Avançado.")
        done = signin.sign_in(self.portal.url, self.portal.settings.profile, browser=True, cancel=cancel,
                              say=lambda text: log.info("%s", text.splitlines()[0]), keep=not self.portal.demo)
        self.portal.credentials = done.credentials
        return {"user": done.user, "stored": done.stored}

    def sign_out(self) -> None:
        """Revokes the sign-in where the portal allows and forgets it on this computer."""
        from collector.portal import signin

        if self.portal.url and not self.portal.demo:
            signin.sign_out(self.portal.url, self.portal.settings.profile)
        self.portal.credentials = None

    def outbox(self):
        from collector.portal.outbox import Outbox

        # demo tickets never leave this computer: their outbox is the demo portal's
        root = demo_dir() / "outbox" if self.portal.demo else None
        return Outbox(root)

    def build_bundle(self, stage, state: WizardState, progress: Callable | None = None,
                     cancel: threading.Event | None = None):
        """Writes the zip (manifest + ticket.md) and puts it in the outbox: from here nothing is lost."""
        from collector.bundle.collect import finish_bundle  # start-up: see the module docstring

        for item in stage.items:  # the review's choices
            item.excluded = item.path in state.review.excluded
        stage.save()
        folder = self.folder("bundles")
        out = folder / f"diagnostico-{stage.bundle_id}.zip"
        path, _manifest = finish_bundle(stage, out, state.answers, state.review.consent_record(),
                                        progress=progress, cancel=cancel)
        entry = self.outbox().enqueue(path, ticket_id=state.answers.ticket_id, subject=state.subject(),
                                      custom_field_ids=self.portal.settings.custom_fields,
                                      profile=self.portal.settings.profile)
        return entry

    def send(self, entry, progress: Callable | None = None, cancel: threading.Event | None = None) -> SendOutcome:
        """Delivers an outbox entry; a portal that cannot be reached leaves it queued (nothing lost)."""
        from collector.core.wizard import SendOutcome
        from collector.portal import errors, signin
        from collector.portal.sender import Sender

        if not self.portal.signed_in:
            return SendOutcome("signin", reason="entre no portal para enviar: o pacote espera na fila de envio",
                               outbox_id=entry.id)
        outbox = self.outbox()
        with self.client(attempts=2) as client:
            sender = Sender(client, outbox)
            try:
                problems = signin.check_fields(client, self.portal.settings.profile)
                if problems:
                    return SendOutcome("failed", outbox_id=entry.id, reason=(
                        "o perfil do portal não confere com o portal: " + "; ".join(problems)
                        + " — nada foi enviado; avise o administrador do portal"))
                done = sender.send(outbox.load(entry.id), progress=progress, cancel=cancel)
            except Cancelled:
                return SendOutcome("cancelled", reason="envio cancelado: o pacote continua na fila de envio",
                                   outbox_id=entry.id)
            except errors.SignInRequired as exc:
                self.portal.credentials = None
                return SendOutcome("signin", reason=str(exc), outbox_id=entry.id)
            except errors.TransientPortalError as exc:
                return SendOutcome("queued", reason=str(exc), outbox_id=entry.id)
            except CollectorError as exc:
                return SendOutcome("failed", reason=str(exc), outbox_id=entry.id)
        ticket = done.request_id
        return SendOutcome("delivered", ticket_id=ticket,
                           ticket_url=self.portal.ticket_url(ticket) if ticket else None, outbox_id=done.id)

    def dashboard(self, limit: int = 50, cancel: threading.Event | None = None) -> Dashboard:
        """The main window's data (worker thread): the outbox always (it is local), the tickets when
        signed in. A portal failure is kept in ``error`` (the outbox still shows)."""
        from collector.portal import dashboard, errors
        from collector.portal.outbox_view import outbox_rows
        from collector.portal.seen import SeenStore

        result = Dashboard(outbox=outbox_rows(self.outbox()))
        self.portal.load_saved()
        if not self.portal.signed_in:
            return result
        result.signed_in = True  # the window reads it here, never the keyring on its own thread
        try:
            with self.client(attempts=2) as client:
                me = client.me_id()
                result.seen = SeenStore.for_user(client.base_url, me)
                result.tickets = dashboard.ticket_rows(client, limit=limit, seen=result.seen, me=me, cancel=cancel)
        except errors.SignInRequired as exc:
            self.portal.credentials = None
            result.signed_in = False
            result.error, result.exception = str(exc), exc
        except CollectorError as exc:
            result.error, result.exception = str(exc), exc
        return result

    def watch_tickets(self) -> list:
        """One poll of the tray's notifications (worker thread; :mod:`collector.portal.watch`):
        [] while nobody is signed in."""
        from collector.portal import errors, watch

        if not self.portal.signed_in:
            return []
        try:
            with self.client(attempts=1) as client:
                return watch.poll(client, self.outbox())
        except errors.SignInRequired:
            self.portal.credentials = None
            raise

    def ticket_detail(self, ticket_id: int, seen=None, cancel: threading.Event | None = None):
        """One ticket's conversation (:mod:`collector.portal.conversation`), worker thread; with
        ``seen`` (the dashboard's :class:`~collector.portal.seen.SeenStore`) the ticket is marked read."""
        from collector.portal import conversation

        with self.client(attempts=2) as client:
            me = client.me_id()
            found = conversation.load(client, ticket_id, me, self.outbox(), csat=self.portal.settings.profile.csat,
                                      cancel=cancel)
        if seen is not None:
            seen.mark_seen(ticket_id, found.updated_at)
        return found

    def rate_ticket(self, ticket_id: int, score: str, comment: str = "") -> dict:
        """The satisfaction survey's answer (legacy CSAT: :mod:`collector.portal.satisfaction`)."""
        from collector.portal import satisfaction

        with self.client(attempts=2) as client:
            return satisfaction.rate(client, ticket_id, score, comment)  # type: ignore[arg-type]

    def stage_answer(self, found, progress: Callable | None = None, cancel: threading.Event | None = None):
        """Collects exactly what the analyst asked for (its kinds, its window) into a stage for review:
        the same collection, redaction and review as ``collector answer``."""
        from collector.bundle.collect import CollectOptions, collect_to_staging
        from collector.portal import analyst_requests

        base = CollectOptions(rm_roots=list(self.rm_roots), scan_defaults=self.scan_defaults,
                              rmerror_dirs=self.rmerror_dirs)
        opts = analyst_requests.collect_options(found, base)
        if Kind.SCREENSHOTS in found.request.items:
            try:
                opts.screenshots = [e.path for e in self.capture(None)]
            except CollectorError as exc:
                log.warning("screenshots for the analyst's request: %s", exc)
        return collect_to_staging(opts, self.folder("stages") / _now("%H%M%S%f"),
                                  progress=progress, cancel=cancel)

    @staticmethod
    def stage_text(stage, found) -> str:
        """What the answer would send, redactions included (what ``collector answer`` shows)."""
        from collector.bundle.summary import stage_summary

        return stage_summary(stage, found.window().describe())

    def send_answer(self, stage, found, progress: Callable | None = None,
                    cancel: threading.Event | None = None) -> SendOutcome:
        """After the user's review and consent: the answer's bundle (its ticket.md quotes the request
        id), queued as a reply on the ticket (a follow-up when it is closed), then sent."""
        from collector.core.consent import Consent
        from collector.core.timewindow import local_now
        from collector.portal import analyst_requests

        out = self.folder("bundles") / f"diagnostico-{stage.bundle_id}.zip"
        try:
            path, _manifest = analyst_requests.finish_answer(stage, found, out, Consent.given("wizard", local_now()),
                                                             progress=progress, cancel=cancel)
        finally:
            stage.discard()
        entry = analyst_requests.enqueue_answer(self.outbox(), path, found, profile=self.portal.settings.profile,
                                                custom_field_ids=self.portal.settings.custom_fields)
        return self.send(entry, progress=progress, cancel=cancel)

    def resume_answer(self, found, progress: Callable | None = None,
                      cancel: threading.Event | None = None) -> SendOutcome | None:
        """The answer already in the outbox, sent again (None: there is none, collect it)."""
        from collector.portal import analyst_requests

        entry = analyst_requests.outbox_entry(self.outbox(), found)
        return None if entry is None else self.send(entry, progress=progress, cancel=cancel)

    def next_attempt(self, entry_id: str) -> datetime | None:
        from collector.portal.outbox import parse_iso

        try:
            entry = self.outbox().load(entry_id)
        except (OSError, ValueError):
            return None
        return parse_iso(entry.next_attempt_at)

    def retry_now(self, entry_id: str):
        outbox = self.outbox()
        return outbox.retry(outbox.load(entry_id))

    # ------------------------------------------------------------------ manual hand-off

    def prepare_manual(self, entry_id: str) -> dict[str, Any]:
        """Writes the files to drag into the portal's form, the ticket text and an .eml for the e-mail
        channel (``collector.portal.manual``). Returns {"folder", "text", "subject", "url", "eml"};
        the wizard puts the text on the clipboard and opens the folder and the form."""
        from collector.portal import manual  # start-up: see the module docstring

        entry = self.outbox().load(entry_id)
        done = manual.prepare(Path(entry.source), self.portal.settings, subject=entry.subject, clipboard=False)
        return {"folder": done.folder, "text": done.text, "subject": done.subject, "url": done.form_url,
                "eml": done.eml_file, "files": done.files}


def draft_masker(roots: list[str]) -> Callable[[str], str]:
    """The wizard's draft (``collector.core.draft``) masks what the user typed with the redactor's
    secret rules only (no pseudonyms: the text stays the user's), and the literal passwords of the
    installations at ``roots`` and of the environment. Runs on the drafts' own thread."""
    from collector.bundle.outgoing import environment_secrets, known_secrets
    from collector.redact import RedactOptions, Redactor

    known = [*environment_secrets(), *known_secrets([{"root": r} for r in roots if r])]
    redactor = Redactor(RedactOptions(personal_data=False), known_secrets=known)
    return lambda text: redactor.preview_text(text, kind="system").text if text else text


def _decode(raw: bytes, encoding: str | None) -> str:
    """The staged text as the redactor wrote it (it keeps the file's encoding)."""
    for codec in filter(None, (encoding, "utf-8-sig")):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError as exc:
            if exc.start >= len(raw) - 4:  # the preview cut a character in half
                return raw[:exc.start].decode(codec, errors="replace")
        except LookupError:
            continue
    return raw.decode("cp1252", errors="replace")
