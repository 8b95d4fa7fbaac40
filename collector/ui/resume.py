"""The wizard's draft on screen: kept while the user works, offered again by the next "Novo chamado".

The draft itself (what is saved, secrets masked, where) is :mod:`collector.core.draft`; here the
wizard's window saves it every second when something changed, clears it when the ticket is
delivered, queued or discarded, and the next wizard asks "Continuar o chamado de 02/12 10:04?".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from collector.core import draft
from collector.core.wizard import WizardState
from collector.ui.backend import draft_masker

SAVE_INTERVAL_MS = 1000


class DraftKeeper(QObject):
    """Saves the wizard's state as a draft while there is unsent work; clears it when there is none."""

    def __init__(self, parent: QObject, state: WizardState, session_dir: Path | None,
                 started: datetime | None = None, writer: draft.DraftWriter | None = None,
                 page: Callable[[], int] | None = None):
        super().__init__(parent)
        self.state = state
        self.session_dir = session_dir
        self.started = started or datetime.now().astimezone()
        self.writer = writer or draft.DraftWriter(draft_masker)
        self.page = page or (lambda: 0)
        self._last: dict[str, Any] | None = None
        self._kept = started is not None  # a restored draft is on disk already
        self.timer = QTimer(self)
        self.timer.setInterval(SAVE_INTERVAL_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        if draft.worth_keeping(self.state):
            doc = draft.snapshot(self.state, self.started, self.session_dir, max(0, self.page()))
            if doc != self._last:
                self._last = doc
                self._kept = True
                self.writer.save(doc)
        elif self._kept:
            self._last, self._kept = None, False
            self.writer.clear()

    def finish(self, discarded: bool) -> None:
        """The window closes: the draft goes when the user discarded (or nothing is left to keep),
        and is brought up to date otherwise (a forced close: Ctrl+C, the session ending)."""
        self.timer.stop()
        if discarded:
            self._last, self._kept = None, False
            self.writer.clear()
        else:
            self.tick()


class ResumeBox(QMessageBox):
    """"Continuar o chamado de 02/12 10:04?" — Continuar (the default, and Esc: nothing is thrown away
    by surprise) or Começar outro."""

    def __init__(self, saved: draft.Draft, parent: QWidget | None = None):
        super().__init__(QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.NoButton, parent)
        self.setObjectName("ResumeDraftBox")
        self.setWindowTitle(self.tr("Continue the ticket?"))
        self.setText(self.tr("Continue the ticket of %1?").replace(
            "%1", saved.started.astimezone().strftime("%d/%m %H:%M")))
        detail = self.describe(saved)
        self.setInformativeText((detail + "\n" if detail else "")
                                + self.tr("It was not sent: the collector closed before the end."))
        self.keep = self.addButton(self.tr("&Continue"), QMessageBox.ButtonRole.AcceptRole)
        self.fresh = self.addButton(self.tr("Start &another"), QMessageBox.ButtonRole.RejectRole)
        self.keep.setToolTip(self.tr("What you typed and the evidence you gathered come back"))
        self.setDefaultButton(self.keep)
        self.setEscapeButton(self.keep)

    def describe(self, saved: draft.Draft) -> str:
        """The draft's title and evidence, in one line under the question."""
        parts = []
        if saved.answers.title.strip():
            parts.append("“" + saved.answers.title.strip() + "”")
        gathered = sum(1 for e in saved.evidence if e.origin != "found" and e.path.is_file())
        if gathered:
            parts.append(self.tr("%Ln files gathered", "", gathered))
        return " — ".join(parts)


def offer_draft(parent: QWidget | None, target: Path | None = None) -> draft.Draft | None:
    """Asks whether to continue the last unsent ticket, when there is one (:class:`ResumeBox`). The
    draft on Continuar; None when there is none or the user starts another (the draft is dropped
    then; its files stay where they are)."""
    saved = draft.load(target)
    if saved is None:
        return None
    box = ResumeBox(saved, parent)
    box.exec()
    if box.clickedButton() is box.fresh:
        # on the drafts' own thread, after any save a closing wizard still has queued
        draft.DraftWriter(draft_masker, target).clear()
        return None
    return saved
