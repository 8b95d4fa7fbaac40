"""The wizard's flow and state as plain Python (no Qt): the Qt pages only show and edit this.

Pages, in order: environment (Ambiente), description (Descrição), evidence (Evidências), review
(Revisão), send (Envio). A user in the middle of an incident may go straight to the evidence: only
the review page enforces the checklist (SPEC §2) — missing required items block the way to sending,
with their names. Branching: a *new ticket* needs the whole checklist; a *complement* to an existing
ticket needs only the ticket number (the ticket already carries the description).

``WizardState`` holds the user's :class:`~collector.core.checklist.Answers`, what inspect detected
and the evidence gathered; its :class:`ReviewState` the staged copies and the review's choices
(excluded files, covered rectangles, consent), its :class:`SendState` the bundle in the outbox and
the outcome of sending. Nothing here touches the disk except :func:`evidence_from_path` (a ``stat``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Any, Literal, Protocol

from collector.core.checklist import (
    DB_LABELS,
    TOPOLOGY_LABELS,
    UNKNOWN,
    UNKNOWN_LABEL,
    Answers,
    Completeness,
    Detected,
    Evidence,
    ItemState,
    ItemStatus,
    TracklogNote,
    alias_origin,
    app_servers_text,
    evaluate,
)
from collector.core.consent import WIZARD_STATEMENT, Consent
from collector.core.kinds import Kind

CONSENT_TEXT = WIZARD_STATEMENT
DEFAULT_LOG_SPAN = timedelta(days=2)


class Page(IntEnum):
    ENVIRONMENT = 0
    DESCRIPTION = 1
    EVIDENCE = 2
    REVIEW = 3
    SEND = 4


class Mode(StrEnum):
    NEW = "new"
    COMPLEMENT = "complement"


Origin = Literal["capture", "recording", "found", "drop", "paste", "picker"]
SendStatus = Literal["delivered", "queued", "failed", "cancelled", "manual", "signin"]


@dataclass(frozen=True)
class Blocker:
    """Why the user cannot leave a page yet. ``code`` is stable (the UI translates it);
    ``message`` is the Portuguese default."""

    code: str
    message: str


@dataclass(frozen=True)
class EnvFact:
    """One line of the environment page: its value and where it came from."""

    key: str
    label: str
    value: str
    source: str
    state: ItemState
    options: tuple[str, ...] = ()


@dataclass
class EvidenceFile:
    """A file the user will send: captured, recorded, found (RMError, logs) or added."""

    path: Path
    kind: Kind
    origin: Origin
    size: int = 0
    selected: bool = True
    mtime: float | None = None

    @property
    def name(self) -> str:
        return self.path.name


def evidence_from_path(path: str | Path, kind: Kind = Kind.ATTACHMENTS, origin: Origin = "picker") -> EvidenceFile:
    """An evidence entry for a file on disk (size and mtime read now)."""
    p = Path(path)
    st = p.stat()
    return EvidenceFile(path=p, kind=kind, origin=origin, size=st.st_size, mtime=st.st_mtime)


@dataclass
class SendOutcome:
    """What sending ended with. ``signin``: the portal wants the user to sign in again (the bundle waits
    in the send queue)."""

    status: SendStatus
    ticket_id: int | None = None
    ticket_url: str | None = None
    reason: str = ""
    outbox_id: str | None = None


@dataclass
class Rect:
    """A rectangle covered with an opaque fill on a screenshot (image pixels)."""

    x: int
    y: int
    width: int
    height: int

    def normalized(self) -> Rect:
        x, w = (self.x + self.width, -self.width) if self.width < 0 else (self.x, self.width)
        y, h = (self.y + self.height, -self.height) if self.height < 0 else (self.y, self.height)
        return Rect(x, y, w, h)

    def clipped(self, width: int, height: int) -> Rect | None:
        r = self.normalized()
        left, top = max(0, r.x), max(0, r.y)
        right, bottom = min(width, r.x + r.width), min(height, r.y + r.height)
        if right <= left or bottom <= top:
            return None
        return Rect(left, top, right - left, bottom - top)


def _label(mapping: dict[str, str], value: str | None) -> str:
    return mapping.get(value or "", value or "")


class StagedFile(Protocol):
    """A file of the staged collection, as the review shows it (``collector.bundle.stage.StagedItem``)."""

    @property
    def path(self) -> str: ...  # arcname
    @property
    def kind(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def source(self) -> str | None: ...
    @property
    def warning(self) -> str | None: ...


class StagedCollection(Protocol):
    """The redacted copies awaiting review (``collector.bundle.stage.Stage``)."""

    @property
    def bundle_id(self) -> str: ...
    @property
    def items(self) -> Sequence[StagedFile]: ...
    def item(self, arcname: str) -> StagedFile: ...
    def file_path(self, arcname: str) -> Path: ...


class QueuedBundle(Protocol):
    """A written bundle in the outbox (``collector.portal.outbox.Entry``)."""

    @property
    def id(self) -> str: ...
    @property
    def subject(self) -> str: ...


@dataclass
class ReviewState:
    """The review page's work: the staged copies, what the user left out or covered, and consent.
    Changing the evidence makes all of it stale (:meth:`invalidate`)."""

    stage: StagedCollection | None = None
    staging: bool = False
    staged: bool = False
    stage_error: str = ""
    excluded: set[str] = field(default_factory=set)
    covers: dict[str, list[Rect]] = field(default_factory=dict)
    consent: bool = False
    consent_at: datetime | None = None

    def invalidate(self) -> None:
        """The staged copy is stale and consent must be given again."""
        self.staged = False
        self.consent = False
        self.consent_at = None

    def set_excluded(self, arcname: str, excluded: bool) -> None:
        if excluded:
            self.excluded.add(arcname)
        else:
            self.excluded.discard(arcname)

    def add_cover(self, arcname: str, rect: Rect) -> None:
        self.covers.setdefault(arcname, []).append(rect.normalized())

    def clear_covers(self, arcname: str) -> None:
        self.covers.pop(arcname, None)

    def give_consent(self, given: bool, when: datetime | None = None) -> None:
        self.consent = given
        self.consent_at = (when or datetime.now().astimezone()) if given else None

    def consent_record(self) -> Consent:
        """What the manifest records: the statement the user confirmed, when, and the OS user."""
        if not self.consent or self.consent_at is None:
            raise ValueError("consent not given")
        return Consent.given("wizard", self.consent_at)


@dataclass
class SendState:
    """The send page's work: the bundle in the outbox, whether it is going, and how it ended."""

    entry: QueuedBundle | None = None
    sending: bool = False
    outcome: SendOutcome | None = None


@dataclass
class WizardState:
    """The user's answers and evidence, what inspect found, and the review's and the send's state."""

    answers: Answers = field(default_factory=Answers)
    mode: Mode = Mode.NEW
    # environment
    inspect_doc: dict[str, Any] | None = None
    inspecting: bool = False
    inspect_error: str = ""
    root: str | None = None
    detected: Detected = field(default_factory=Detected)
    # evidence
    evidence: list[EvidenceFile] = field(default_factory=list)
    log_since: datetime | None = None  # start of the log window (None: the default, 2 days back)
    discovering: bool = False
    capturing: bool = False
    recording: bool = False
    mask_personal_data: bool = True
    pseudonymize_names: bool = True  # this computer's and the Windows user's names (opt-out)
    review: ReviewState = field(default_factory=ReviewState)
    send: SendState = field(default_factory=SendState)

    # ------------------------------------------------------------------ flow

    def next_page(self, page: Page) -> Page | None:
        """The page after ``page`` (None after the last)."""
        order = list(Page)
        i = order.index(page)
        return order[i + 1] if i + 1 < len(order) else None

    def blockers(self, page: Page) -> list[Blocker]:
        """What keeps the user on ``page``; empty when Next may go on."""
        out: list[Blocker] = []
        if page == Page.ENVIRONMENT:
            if self.inspecting:
                out.append(Blocker("inspecting", "Aguarde a detecção do ambiente terminar."))
        elif page == Page.DESCRIPTION:
            if self.mode == Mode.COMPLEMENT and not self.answers.ticket_id:
                out.append(Blocker("ticket_id", "Informe o número do chamado a complementar."))
        elif page == Page.EVIDENCE:
            if self.recording:
                out.append(Blocker("recording", "Pare a gravação da tela antes de continuar."))
            if self.capturing:
                out.append(Blocker("capturing", "Aguarde a captura de tela terminar."))
        elif page == Page.REVIEW:
            review = self.review
            if review.stage_error and not review.staging:
                out.append(Blocker("stage_error", review.stage_error))
            elif review.staging or not review.staged:
                out.append(Blocker("staging", "Aguarde a preparação dos arquivos terminar."))
            for item in self.missing_required():
                out.append(Blocker(f"missing:{item.key}", f"Preencha: {item.label}."))
            if not review.consent:
                out.append(Blocker("consent", f"Confirme: “{CONSENT_TEXT}”."))
        elif page == Page.SEND:
            if self.send.sending:
                out.append(Blocker("sending", "Aguarde o envio terminar."))
            elif self.send.outcome is None:
                out.append(Blocker("not_sent", "Envie o chamado ou prepare o envio manual."))
        return out

    def can_leave(self, page: Page) -> bool:
        return not self.blockers(page)

    def has_typed(self) -> bool:
        """Whether the user typed anything of the ticket (choices from lists do not count)."""
        a = self.answers
        return any(v.strip() for v in (a.title, a.process, a.expected, a.particularities, a.coligada, a.filial,
                                        a.version_before, a.version_after, a.cloud_test_env))

    def has_unsent_work(self) -> bool:
        """Anything typed or gathered that was not delivered, queued or handed over by hand. Files
        found on disk by themselves (RMError, logs) do not count: they are still there next time. A
        bundle that failed, was cancelled or waits for a sign-in is in the send queue too ("Meus
        chamados" retries or discards it): closing loses nothing."""
        outcome = self.send.outcome
        if outcome is not None and (outcome.status in ("delivered", "queued", "manual") or outcome.outbox_id):
            return False
        return self.has_typed() or any(e.origin != "found" for e in self.evidence)

    # ------------------------------------------------------------------ environment

    def set_mode(self, mode: str, ticket_id: int | None = None) -> None:
        if mode not in (Mode.NEW, Mode.COMPLEMENT):
            raise ValueError(f"unknown mode {mode!r}")
        self.mode = Mode(mode)
        self.answers.ticket_id = ticket_id if mode == Mode.COMPLEMENT else None

    def apply_inspect(self, doc: dict[str, Any] | None, root: str | None = None) -> None:
        """Takes inspect's document (SPEC §4.2); chooses the installation (``root`` or the first)."""
        self.inspect_doc = doc or {}
        self.inspecting = False
        roots = self.roots()
        self.select_installation(root if root in roots else (roots[0] if roots else None))

    def roots(self) -> list[str]:
        return [i.get("root") for i in (self.inspect_doc or {}).get("installations") or [] if i.get("root")]

    def installation(self) -> dict[str, Any] | None:
        installs: list[dict[str, Any]] = (self.inspect_doc or {}).get("installations") or []
        for inst in installs:
            if inst.get("root") == self.root:
                return inst
        return None

    def select_installation(self, root: str | None) -> None:
        self.root = root
        self.detected = Detected.from_inspect(self.inspect_doc, root)

    def version_options(self) -> list[str]:
        """Versions found in every installation (the user picks when detection was not enough)."""
        seen: list[str] = []
        for inst in (self.inspect_doc or {}).get("installations") or []:
            v = inst.get("version")
            if v and v not in seen:
                seen.append(v)
        return seen

    def servers(self) -> tuple[str, str]:
        """(database server, application servers) as detected, empty when unknown."""
        inst = self.installation() or {}
        db = (inst.get("database") or {}).get("server") or ""
        return db, app_servers_text(inst)

    def tracklog_note(self) -> TracklogNote | None:
        """The TRACKLOG of the chosen installation — the portal's own when the user said the problem is
        in Meu RH or a portal; None when unknown."""
        return self.detected.tracklog_for(self.answers.product)

    def environment_facts(self) -> list[EnvFact]:
        """The environment page's lines: value, source and state, for every checklist fact."""
        a, d = self.answers, self.detected
        facts: list[EnvFact] = []

        def fact(key: str, label: str, answer: str | None, detected: str | None, source: str | None,
                 labels: dict[str, str] | None = None, options: Iterable[str] = ()) -> None:
            if answer == UNKNOWN and detected:  # "não sei" does not hide what was detected
                answer = None
            shown = answer or detected or ""
            state: ItemState
            if answer and answer != detected:
                state, src = "answered", "informado pelo usuário"
            elif detected:
                state, src = "detected", source or ""
            else:
                state, src = "missing", "não detectado — informe"
            facts.append(EnvFact(key, label, _label(labels or {}, shown), src, state, tuple(options)))

        fact("version", "Versão do sistema", a.version, d.version, d.version_source,
             options=self.version_options())
        fact("database", "Banco de dados", a.database, d.database, d.database_source,
             {**DB_LABELS, UNKNOWN: UNKNOWN_LABEL}, options=(*DB_LABELS, UNKNOWN))
        fact("topology", "Ambiente", a.topology, d.topology, d.topology_source,
             {**TOPOLOGY_LABELS, UNKNOWN: UNKNOWN_LABEL}, options=(*TOPOLOGY_LABELS, UNKNOWN))
        db_server, app_server = self.servers()
        inst = self.installation() or {}
        alias = (inst.get("database") or {}).get("alias")
        fact("db_server", "Servidor do banco", a.db_server, db_server, f"alias {alias} ({alias_origin(inst)})")
        fact("app_server", "Servidor de aplicação", a.app_server, app_server, inst.get("topology_evidence"))
        if facts[-1].state == "missing" and self.effective("topology") == "local":
            facts[-1] = EnvFact("app_server", "Servidor de aplicação", "", "não se aplica", "not_applicable")
        cloud = a.cloud if a.cloud is not None else d.cloud
        cloud_state: ItemState
        if a.cloud is not None:
            cloud_state, cloud_src = "answered", "informado pelo usuário"
        elif d.cloud is not None:
            cloud_state, cloud_src = "detected", d.cloud_source or ""
        else:
            cloud_state, cloud_src = "missing", "não detectado — informe"
        facts.append(EnvFact("cloud", "Cloud TOTVS", "Sim" if cloud else ("Não" if cloud is False else ""),
                             cloud_src, cloud_state))
        col = " / ".join(x for x in (a.coligada, a.filial) if x)
        facts.append(EnvFact("coligada", "Coligada/Filial", col,
                             "informado pelo usuário" if col else "informe (opcional)",
                             "answered" if col else "missing"))
        return facts

    def effective(self, key: str) -> str:
        """The value that goes into the ticket: the answer, else what was detected."""
        answer = getattr(self.answers, key, "")
        return answer or getattr(self.detected, key, None) or ""

    # ------------------------------------------------------------------ evidence

    def add_evidence(self, items: Iterable[EvidenceFile]) -> list[EvidenceFile]:
        """Adds files, ignoring a path already present; returns what was added."""
        known = {e.path.resolve() for e in self.evidence}
        added = []
        for item in items:
            key = item.path.resolve()
            if key in known:
                continue
            known.add(key)
            self.evidence.append(item)
            added.append(item)
        self.invalidate_stage()
        return added

    def remove_evidence(self, path: Path) -> None:
        self.evidence = [e for e in self.evidence if e.path != path]
        self.invalidate_stage()

    def set_selected(self, path: Path, selected: bool) -> None:
        for e in self.evidence:
            if e.path == path:
                e.selected = selected
        self.invalidate_stage()

    def set_found(self, found: Iterable[EvidenceFile]) -> None:
        """Replaces the RMError files and logs found for the window, keeping the user's unticks."""
        unticked = {e.path for e in self.evidence if e.origin == "found" and not e.selected}
        self.evidence = [e for e in self.evidence if e.origin != "found"]
        for item in found:
            item.selected = item.path not in unticked
            self.evidence.append(item)
        self.invalidate_stage()

    def files(self, kind: str | None = None, selected_only: bool = False) -> list[EvidenceFile]:
        return [e for e in self.evidence
                if (kind is None or e.kind == kind) and (e.selected or not selected_only)]

    def evidence_counts(self) -> Evidence:
        return Evidence.of(e.kind for e in self.evidence if e.selected)

    def log_window_start(self, now: datetime | None = None) -> datetime:
        now = now or datetime.now().astimezone()
        return self.log_since or (now - DEFAULT_LOG_SPAN)

    # ------------------------------------------------------------------ review

    def invalidate_stage(self) -> None:
        """Evidence changed: the staged copy is stale and consent must be given again."""
        self.review.invalidate()

    def completeness(self) -> Completeness:
        return evaluate(self.answers, self.detected, self.evidence_counts())

    def required_keys(self) -> set[str]:
        """Checklist items that block sending in this mode."""
        if self.mode == Mode.COMPLEMENT:
            return set()
        return {i.key for i in self.completeness().items if i.required}

    def missing_required(self) -> list[ItemStatus]:
        if self.mode == Mode.COMPLEMENT:
            return []
        return self.completeness().missing_required

    # ------------------------------------------------------------------ send

    def subject(self) -> str:
        if self.answers.title.strip():
            return self.answers.title.strip()
        if self.mode == Mode.COMPLEMENT and self.answers.ticket_id:
            return f"Complemento do chamado {self.answers.ticket_id}"
        return "Diagnóstico RM"
