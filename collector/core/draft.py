"""The wizard's draft: what the user typed and gathered, kept on disk until the ticket is delivered,
queued or discarded, so that a crash, a logoff or a window closed without "Descartar" loses nothing
(issue 16: the next "Novo chamado" asks "Continuar o chamado de 02/12 10:04?").

Plain Python (no Qt). One draft per user (``data_dir()/draft.json``, which is per user), written
atomically and readable by the owner only. What goes in: the answers, the mode, the installation
chosen, the log window, the two masking choices and the evidence list (paths, kinds, origins,
ticks) — the files themselves stay where they are (captures and recordings in the session folder).
What never goes in: secrets. Every typed text passes a :data:`Masker` — the redactor's secret rules
(``Password=…``, tokens, keys, the installations' Alias.dat passwords and the environment's secrets as
literals) — before it is written; personal data is the user's own and stays as typed (the bundle
redacts it).
Inspect's document is not kept either: the wizard detects the environment again.

:class:`DraftWriter` writes on one background thread of its own, in order, so the GUI thread never
waits for the disk and a late save cannot bring back a draft that was just cleared.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from collector.core import paths
from collector.core.atomic import atomic_write_json
from collector.core.checklist import Answers
from collector.core.kinds import Kind
from collector.core.wizard import EvidenceFile, Mode, WizardState

log = logging.getLogger(__name__)

VERSION = 1
#: the answers that are free text (a password may be pasted into any of them)
TEXT_FIELDS = ("title", "process", "expected", "particularities", "version_before", "version_after", "version",
               "cloud_test_env", "coligada", "filial", "db_server", "app_server")


def draft_file() -> Path:
    return paths.data_dir() / "draft.json"


def worth_keeping(state: WizardState) -> bool:
    """Unsent work (:meth:`WizardState.has_unsent_work`) whose bundle is not in the send queue either
    (a queued bundle is in "Meus chamados")."""
    return state.send.entry is None and state.has_unsent_work()


@dataclass
class Draft:
    """A draft read back: when the ticket was started and last saved, its session folder, and the
    wizard state it restores."""

    started: datetime
    saved: datetime
    session_dir: Path | None
    answers: Answers
    mode: Mode = Mode.NEW
    root: str | None = None
    log_since: datetime | None = None
    mask_personal_data: bool = True
    pseudonymize_names: bool = True
    evidence: list[EvidenceFile] = field(default_factory=list)
    page: int = 0

    def state(self) -> WizardState:
        """A fresh wizard state with the draft's answers and evidence (files gone since are left out)."""
        st = WizardState(answers=self.answers, mode=self.mode, root=self.root, log_since=self.log_since,
                         mask_personal_data=self.mask_personal_data, pseudonymize_names=self.pseudonymize_names)
        st.evidence = [e for e in self.evidence if e.path.is_file()]
        return st


def snapshot(state: WizardState, started: datetime, session_dir: Path | None, page: int = 0) -> dict[str, Any]:
    """What the draft would hold now, secrets not yet masked (kept in memory only: compare it with the
    last one to know whether to write)."""
    return {
        "version": VERSION,
        "started": started.isoformat(timespec="seconds"),
        "session_dir": str(session_dir) if session_dir else None,
        "mode": str(state.mode),
        "page": int(page),  # the wizard's page (collector.core.wizard.Page) the user was on
        "answers": state.answers.to_dict(),
        "root": state.root,
        "installations": [i.get("root") for i in (state.inspect_doc or {}).get("installations") or []
                          if i.get("root")],
        "log_since": state.log_since.isoformat(timespec="seconds") if state.log_since else None,
        "mask_personal_data": state.mask_personal_data,
        "pseudonymize_names": state.pseudonymize_names,
        "evidence": [{"path": str(e.path), "kind": str(e.kind), "origin": e.origin, "size": e.size,
                      "selected": e.selected, "mtime": e.mtime} for e in state.evidence],
    }


#: builds the function that masks the secrets of a typed text, given the installations' folders (their
#: Alias.dat passwords are masked as literals): ``collector.ui.backend.draft_masker`` (core imports
#: nothing of ours, the redactor included)
Masker = Callable[[list[str]], Callable[[str], str]]


def masked(doc: dict[str, Any], mask: Callable[[str], str]) -> dict[str, Any]:
    """``doc`` with every typed text through ``mask``; the installations' list (for the masker) dropped."""
    answers = dict(doc["answers"])
    for key in TEXT_FIELDS:
        if isinstance(answers.get(key), str) and answers[key]:
            answers[key] = mask(answers[key])
    return {**doc, "answers": answers, "installations": []}


def save(doc: dict[str, Any], masker: Masker, target: Path | None = None, now: datetime | None = None) -> Path:
    """Writes ``doc`` (a :func:`snapshot`) with its secrets masked, atomically, owner-only."""
    out = masked(doc, masker(list(doc.get("installations") or [])))
    out["saved"] = (now or datetime.now().astimezone()).isoformat(timespec="seconds")
    return atomic_write_json(target or draft_file(), out, private=True)


def clear(target: Path | None = None) -> None:
    try:
        (target or draft_file()).unlink()
    except FileNotFoundError:
        pass


def _when(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def load(target: Path | None = None) -> Draft | None:
    """The saved draft; None when there is none, or it cannot be read (it is then left as it is)."""
    path = target or draft_file()
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("the wizard's draft %s cannot be read: %s", path, exc)
        return None
    if not isinstance(doc, dict) or doc.get("version") != VERSION or not isinstance(doc.get("answers"), dict):
        return None
    started = _when(doc.get("started"))
    saved = _when(doc.get("saved")) or started
    if started is None or saved is None:
        return None
    evidence = []
    for item in doc.get("evidence") or []:
        try:
            evidence.append(EvidenceFile(path=Path(item["path"]), kind=Kind(item["kind"]), origin=item["origin"],
                                         size=int(item.get("size") or 0), selected=bool(item.get("selected", True)),
                                         mtime=item.get("mtime")))
        except (KeyError, TypeError, ValueError):
            continue
    mode = Mode.COMPLEMENT if doc.get("mode") == Mode.COMPLEMENT else Mode.NEW
    session = doc.get("session_dir")
    return Draft(started=started, saved=saved, session_dir=Path(session) if session else None,
                 answers=Answers.from_dict(doc["answers"]), mode=mode, root=doc.get("root"),
                 log_since=_when(doc.get("log_since")), mask_personal_data=bool(doc.get("mask_personal_data", True)),
                 pseudonymize_names=bool(doc.get("pseudonymize_names", True)), evidence=evidence,
                 page=int(doc.get("page") or 0) if str(doc.get("page") or 0).isdigit() else 0)


_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _writer_thread() -> ThreadPoolExecutor:
    """One thread for every draft write of the process: saves and clears happen in the order asked."""
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="draft")
        return _executor


class DraftWriter:
    """Saves and clears one draft file on the drafts' own thread, in the order asked."""

    def __init__(self, masker: Masker, target: Path | None = None):
        self.masker = masker
        self.target = target or draft_file()
        self._last: Future[None] | None = None

    def _submit(self, fn: Callable[..., Any], *args: Any) -> Future[None]:
        self._last = _writer_thread().submit(self._guard, fn, *args)
        return self._last

    @staticmethod
    def _guard(fn: Callable[..., Any], *args: Any) -> None:
        try:
            fn(*args)
        except Exception as exc:  # a full disk must not stop the wizard: the next save tries again
            log.warning("the wizard's draft was not saved: %s", exc)

    def save(self, doc: dict[str, Any]) -> Future[None]:
        return self._submit(save, doc, self.masker, self.target)

    def clear(self) -> Future[None]:
        return self._submit(clear, self.target)

    def flush(self, timeout: float = 10.0) -> None:
        """Waits for what was asked so far (tests; the window's close)."""
        if self._last is not None:
            self._last.result(timeout)
