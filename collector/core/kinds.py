"""The evidence kinds: the one registry that the plan, ``--include``/``--exclude``, diagnostic requests,
the manifest, the bundle summary, the ticket text (checklist), the wizard and its pages read.

A probe declares the kind it collects (``Probe.kind``); the kind's entry here says where its files go in
the bundle, how it is named (Portuguese in texts for the support team, English source strings for the
wizard, translated in ``collector.ui``), whether its files are text, and whether it counts as evidence of
the problem (SPEC §2 item 5, shown on the wizard's evidence page in that order).

Adding a kind: a member of :class:`Kind`, its :data:`KINDS` entry, and the probe that collects it
(listed in ``collector.probes.registry``; tests/probes/test_conformance.py checks that every kind
gathered by a probe has one). The wizard's label is extracted by ``pyside6-lupdate``
from the ``QT_TRANSLATE_NOOP`` marks below (see resources/translations/README.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from collector.core.words import count


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 — the name lupdate looks for
    """Marks ``text`` for translation in ``context`` without importing Qt (core stays Qt-free)."""
    return text


# the translation context of the kinds' wizard labels
UI_CONTEXT = "Kinds"


class Kind(StrEnum):
    """Every ``--include``/``--exclude`` KIND of SPEC §4.1, in that order."""

    RMERROR = "rmerror"
    LOGS = "logs"
    PORTAL_LOGS = "portal-logs"
    CONFIG = "config"
    SYSTEM = "system"
    DATABASE = "database"
    SCREENSHOTS = "screenshots"
    RECORDING = "recording"
    ATTACHMENTS = "attachments"


Content = Literal["text", "media", "by_suffix"]
Gathered = Literal["probe", "user"]


@dataclass(frozen=True)
class KindInfo:
    kind: Kind
    folder: str            # top folder in the bundle (SPEC §4.3)
    label: str             # Portuguese, plural, as the summary and the ticket text say it
    ui_label: str          # English source of the wizard's label (context UI_CONTEXT)
    content: Content       # text: shown and redacted as text; media: never; by_suffix: decided per file
    gathered: Gathered     # probe: a probe plans its files; user: the user captures, records or adds them
    evidence_rank: int | None = None  # position among the problem's evidence (SPEC §2 item 5); None: not
    one: str = ""          # Portuguese singular ("1 captura de tela"); empty: the label serves both

    def counted(self, n: int) -> str:
        """``n`` and the label in the right number, thousands separated: "1 captura de tela", "1.200 logs"."""
        return count(n, self.one or self.label, self.label)

    @property
    def is_evidence(self) -> bool:
        return self.evidence_rank is not None


def _entry(kind: Kind, folder: str, label: str, ui_label: str, content: Content, gathered: Gathered,
           evidence_rank: int | None = None, one: str = "") -> tuple[Kind, KindInfo]:
    return kind, KindInfo(kind, folder, label, ui_label, content, gathered, evidence_rank, one)


KINDS: dict[Kind, KindInfo] = dict((
    _entry(Kind.RMERROR, "rmerror", "RMError", QT_TRANSLATE_NOOP("Kinds", "RMError"),
           "text", "probe", evidence_rank=2),
    _entry(Kind.LOGS, "logs", "logs", QT_TRANSLATE_NOOP("Kinds", "Log"),
           "text", "probe", evidence_rank=3, one="log"),
    # FrameHTML / Meu RH, Corpore.Net, Portal Educacional, rm-update: their own TRACKLOG (issue 14)
    _entry(Kind.PORTAL_LOGS, "portal-logs", "logs dos portais", QT_TRANSLATE_NOOP("Kinds", "Portal log"),
           "text", "probe", evidence_rank=4, one="log dos portais"),
    _entry(Kind.CONFIG, "config", "configuração", QT_TRANSLATE_NOOP("Kinds", "RM configuration"),
           "text", "probe"),
    _entry(Kind.SYSTEM, "system", "sistema", QT_TRANSLATE_NOOP("Kinds", "System information"),
           "text", "probe"),
    _entry(Kind.DATABASE, "database", "banco de dados", QT_TRANSLATE_NOOP("Kinds", "Database"),
           "text", "probe"),
    _entry(Kind.SCREENSHOTS, "screenshots", "capturas de tela", QT_TRANSLATE_NOOP("Kinds", "Screenshot"),
           "media", "user", evidence_rank=0, one="captura de tela"),
    _entry(Kind.RECORDING, "recordings", "gravações", QT_TRANSLATE_NOOP("Kinds", "Screen recording"),
           "media", "user", evidence_rank=1, one="gravação"),
    _entry(Kind.ATTACHMENTS, "attachments", "anexos", QT_TRANSLATE_NOOP("Kinds", "Attachment"),
           "by_suffix", "user", evidence_rank=5, one="anexo"),
))

#: The kinds that count as evidence of the problem, in the order the wizard and the ticket list them.
EVIDENCE_KINDS: tuple[Kind, ...] = tuple(sorted((k for k, i in KINDS.items() if i.is_evidence),
                                                key=lambda k: KINDS[k].evidence_rank or 0))
#: Bundle folders whose files travel as their own attachments, not inside the zip (SPEC §4.3).
MEDIA_FOLDERS: tuple[str, ...] = tuple(i.folder for i in KINDS.values() if i.content == "media")


def info(kind: str) -> KindInfo | None:
    """The entry of ``kind`` (a :class:`Kind` or its value); None for a value no kind has."""
    try:
        return KINDS[Kind(kind)]
    except ValueError:
        return None


def label(kind: str) -> str:
    """The Portuguese name of ``kind`` (the value itself for an unknown one)."""
    found = info(kind)
    return found.label if found else str(kind)


def parse(value: str) -> Kind | None:
    """``value`` as typed by a user or an analyst (any case, spaces around); None when no kind has it."""
    try:
        return Kind(value.strip().lower())
    except ValueError:
        return None


def counts(kinds: Iterable[str]) -> dict[Kind, int]:
    """How many of each evidence kind ``kinds`` holds (one entry per evidence kind, in their order)."""
    found = dict.fromkeys(EVIDENCE_KINDS, 0)
    for kind in kinds:
        parsed = parse(kind)
        if parsed in found:
            found[parsed] += 1
    return found
