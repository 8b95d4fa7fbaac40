"""The evidence-kind registry: one entry per kind, read by the CLI, requests, summaries and the wizard."""

from __future__ import annotations

from collector.core import kinds
from collector.core.checklist import Evidence
from collector.core.kinds import EVIDENCE_KINDS, KINDS, MEDIA_FOLDERS, Kind


def test_every_kind_has_one_entry_and_its_own_folder():
    assert list(KINDS) == list(Kind)
    assert all(info.kind is kind for kind, info in KINDS.items())
    folders = [info.folder for info in KINDS.values()]
    assert len(set(folders)) == len(folders)
    assert [k.value for k in Kind] == ["rmerror", "logs", "portal-logs", "config", "system", "database",
                                       "screenshots", "recording", "attachments"]  # SPEC §4.1 + issue 14


def test_evidence_is_what_the_checklist_counts_in_the_wizards_order():
    assert EVIDENCE_KINDS == (Kind.SCREENSHOTS, Kind.RECORDING, Kind.RMERROR, Kind.LOGS, Kind.PORTAL_LOGS,
                              Kind.ATTACHMENTS)
    assert MEDIA_FOLDERS == ("screenshots", "recordings")
    counts = Evidence.of(["recording", "logs", "system", "database", "logs", "nonsense"])
    assert (counts[Kind.RECORDING], counts[Kind.LOGS], counts.total) == (1, 2, 3)


def test_lookups_by_value():
    assert kinds.parse(" Recording ") is Kind.RECORDING and kinds.parse("recordings") is None
    assert kinds.label("screenshots") == "capturas de tela" and kinds.label("outro") == "outro"
    assert kinds.info("recording").folder == "recordings" and kinds.info("x") is None


def test_counts_read_right_in_portuguese():
    """Issue 16: "1 captura de tela", not "1 capturas de tela"; thousands separated."""
    from collector.core.kinds import KINDS, Kind

    assert KINDS[Kind.SCREENSHOTS].counted(1) == "1 captura de tela"
    assert KINDS[Kind.SCREENSHOTS].counted(2) == "2 capturas de tela"
    assert KINDS[Kind.LOGS].counted(1200) == "1.200 logs"
    assert KINDS[Kind.RMERROR].counted(1) == "1 RMError"
