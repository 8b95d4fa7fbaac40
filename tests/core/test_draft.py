"""The wizard's draft (issue 16): what was typed and gathered survives a crash until delivered, queued
or discarded; secrets never reach the file; owner-only; one draft per user."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from collector.core import draft
from collector.core.kinds import Kind
from collector.core.wizard import EvidenceFile, Mode, SendOutcome, WizardState


def KEEP(_roots: list[str]):  # noqa: N802 - a masker that changes nothing
    return lambda text: text


STARTED = datetime(2026, 12, 2, 10, 4, tzinfo=timezone(timedelta(hours=-3)))


def _file(path: Path, data: bytes = b"x" * 10) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _state(tmp_path: Path) -> WizardState:
    state = WizardState()
    a = state.answers
    a.title, a.process, a.expected = "Erro ao calcular férias", "1. Abrir o Labore\n2. Calcular", "Calcular"
    a.users_affected, a.database, a.cloud, a.product = "all", "unknown", False, "meurh"
    state.root = "C:\\totvs\\RM.Net"
    state.log_since = STARTED - timedelta(days=3)
    state.mask_personal_data, state.pseudonymize_names = False, True
    shot = _file(tmp_path / "session" / "screenshots" / "tela-1.png")
    found = _file(tmp_path / "RMError_x.txt")
    state.evidence = [EvidenceFile(shot, Kind.SCREENSHOTS, "capture", size=10),
                      EvidenceFile(found, Kind.RMERROR, "found", size=10, selected=False, mtime=1.5)]
    return state


def test_worth_keeping_only_unsent_typed_or_gathered_work(tmp_path):
    state = WizardState()
    assert not draft.worth_keeping(state)
    state.evidence.append(EvidenceFile(_file(tmp_path / "RMError.txt"), Kind.RMERROR, "found"))
    assert not draft.worth_keeping(state)  # found on disk by itself: still there next time
    state.answers.title = "   "
    assert not draft.worth_keeping(state)
    state.answers.particularities = "só na filial 2"
    assert draft.worth_keeping(state)
    state.send.outcome = SendOutcome("failed", reason="portal fora do ar")
    assert draft.worth_keeping(state)
    for status in ("delivered", "queued", "manual"):
        state.send.outcome = SendOutcome(status)  # type: ignore[arg-type]
        assert not draft.worth_keeping(state)
    state.send.outcome = None
    state.send.entry = object()  # type: ignore[assignment]  # the bundle is in the send queue
    assert not draft.worth_keeping(state)


def test_the_draft_restores_answers_and_evidence(tmp_path):
    state = _state(tmp_path)
    target = tmp_path / "home" / "draft.json"
    target.parent.mkdir()
    draft.save(draft.snapshot(state, STARTED, tmp_path / "session", page=2), KEEP, target)
    saved = draft.load(target)
    assert saved is not None
    assert saved.started == STARTED and saved.session_dir == tmp_path / "session" and saved.page == 2
    restored = saved.state()
    assert restored.answers == state.answers
    assert restored.root == state.root and restored.log_since == state.log_since
    assert (restored.mask_personal_data, restored.pseudonymize_names) == (False, True)
    assert [(e.path, e.kind, e.origin, e.selected, e.size) for e in restored.evidence] == [
        (e.path, e.kind, e.origin, e.selected, e.size) for e in state.evidence]
    assert restored.inspect_doc is None  # detected again: the environment may have changed

    state.set_mode(Mode.COMPLEMENT, 4512)
    state.evidence[0].path.unlink()  # a capture deleted since: left out, the rest comes back
    draft.save(draft.snapshot(state, STARTED, None), KEEP, target)
    restored = draft.load(target).state()  # type: ignore[union-attr]
    assert restored.mode == Mode.COMPLEMENT and restored.answers.ticket_id == 4512
    assert [e.origin for e in restored.evidence] == ["found"]


def test_every_typed_text_goes_through_the_masker_and_the_installations_list_does_not_stay(tmp_path):
    state = _state(tmp_path)
    state.inspect_doc = {"installations": [{"root": "C:\\totvs\\RM.Net"}, {"root": "D:\\RM"}]}
    asked: list[list[str]] = []

    def masker(roots: list[str]):
        asked.append(roots)
        return lambda text: text.upper()

    target = draft.save(draft.snapshot(state, STARTED, None), masker, tmp_path / "draft.json")
    assert asked == [["C:\\totvs\\RM.Net", "D:\\RM"]]
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["answers"]["title"] == "ERRO AO CALCULAR FÉRIAS" and doc["answers"]["process"].startswith("1. ABRIR")
    assert doc["answers"]["users_affected"] == "all"  # a choice, not typed text
    assert doc["installations"] == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits (Windows: the per-user profile's ACL)")
def test_the_draft_is_the_owners_only(tmp_path):
    target = draft.save(draft.snapshot(_state(tmp_path), STARTED, None), KEEP, tmp_path / "draft.json")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_per_user_location_and_unreadable_drafts(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECTOR_HOME", str(tmp_path / "ana"))
    assert draft.draft_file() == tmp_path / "ana" / "draft.json"
    assert draft.load() is None
    draft.draft_file().write_text("{not json", encoding="utf-8")
    assert draft.load() is None and draft.draft_file().exists()  # left for a person to look at
    draft.draft_file().write_text(json.dumps({"version": 99, "answers": {}}), encoding="utf-8")
    assert draft.load() is None
    draft.clear()
    draft.clear()  # nothing to clear: no error
    assert not draft.draft_file().exists()


def test_the_writer_keeps_the_order_asked(tmp_path):
    target = tmp_path / "draft.json"
    writer = draft.DraftWriter(KEEP, target)
    doc = draft.snapshot(_state(tmp_path), STARTED, None)
    for _ in range(5):
        writer.save(doc)
    writer.clear()
    writer.flush()
    assert not target.exists()  # a late save cannot bring back a cleared draft
    writer.clear()
    writer.save(doc)
    writer.flush()
    assert draft.load(target) is not None
    blocked = draft.DraftWriter(KEEP, tmp_path / "missing-folder" / "draft.json")
    blocked.save(doc)
    blocked.flush()  # a failed write is logged, never raised into the wizard
