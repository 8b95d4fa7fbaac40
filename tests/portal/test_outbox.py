"""collector.portal.outbox: entries, atomic state, lock, retry/drop, receipts."""

from __future__ import annotations

import json
import os
import time
import zipfile
from datetime import timedelta

import pytest

from collector.core.errors import UsageError
from collector.portal.outbox import Outbox, OutboxBusy, utcnow
from tests.bundle.factory import make_bundle, noise, sha256_file


def test_enqueue_stages_media_alone_and_the_rest_as_diagnostico_zip(tmp_path):
    manifest = make_bundle(tmp_path / "b.zip")
    entry = Outbox().enqueue(tmp_path / "b.zip", subject=None)
    assert entry.id == manifest["bundle_id"] and entry.state == "queued"
    assert entry.subject == "Erro ao calcular a folha"
    names = sorted(f.name for f in entry.files)
    assert names == ["diagnostico.zip", "gravacao.mp4", "tela-1.png", "tela-2.png"]
    by_path = {i["path"]: i["sha256"] for i in manifest["items"]}
    media = {f.name: f for f in entry.files if f.role == "media"}
    assert media["tela-1.png"].sha256 == by_path["screenshots/tela-1.png"]
    assert media["gravacao.mp4"].content_type == "video/mp4"
    for item in entry.files:
        assert sha256_file(entry.file_path(item)) == item.sha256
    with zipfile.ZipFile(entry.file_path(entry.file("diagnostico.zip"))) as zf:
        assert {"manifest.json", "ticket.md", "logs/RM.log", "rmerror/RMError-20261128.txt"} <= set(zf.namelist())
        assert not any(n.startswith(("screenshots/", "recordings/")) for n in zf.namelist())
    assert manifest["bundle_id"] in entry.body()


def test_the_same_bundle_twice_is_one_entry(tmp_path):
    make_bundle(tmp_path / "b.zip")
    outbox = Outbox()
    first = outbox.enqueue(tmp_path / "b.zip")
    second = outbox.enqueue(tmp_path / "b.zip", subject="outro")
    assert first.id == second.id and second.subject == first.subject
    assert len(outbox.entries()) == 1


def test_ticket_text_without_bundle_id_gets_the_signature(tmp_path):
    manifest = make_bundle(tmp_path / "b.zip", ticket_text="Só o texto.")
    entry = Outbox().enqueue(tmp_path / "b.zip")
    assert entry.body().startswith("Só o texto.")
    assert f"pacote {manifest['bundle_id']}" in entry.body()


def test_custom_fields_from_settings_ids(tmp_path):
    inspect = {"installations": [{"version": "12.1.2406.145", "topology": "local",
                                  "database": {"type": "oracle"}}]}
    make_bundle(tmp_path / "b.zip", inspect=inspect)
    entry = Outbox().enqueue(tmp_path / "b.zip", custom_field_ids={"version": 11, "database": 22})
    assert entry.custom_fields == [{"id": 11, "value": "12.1.2406.145"}, {"id": 22, "value": "oracle"}]


def test_state_survives_reload_and_writes_are_atomic(tmp_path):
    make_bundle(tmp_path / "b.zip")
    outbox = Outbox()
    entry = outbox.enqueue(tmp_path / "b.zip")
    entry.files[0].token = "tok"
    entry.save()
    state = entry.folder / "state.json"
    assert json.loads(state.read_text())["files"][0]["token"] == "tok"
    assert [p.name for p in entry.folder.iterdir() if p.name.endswith(".tmp")] == []
    assert outbox.load(entry.id).files[0].token == "tok"


def test_a_damaged_entry_does_not_break_the_list(tmp_path):
    make_bundle(tmp_path / "b.zip")
    outbox = Outbox()
    outbox.enqueue(tmp_path / "b.zip")
    (outbox.root / "lixo").mkdir()
    (outbox.root / "lixo" / "state.json").write_text("{quebrado")
    assert len(outbox.entries()) == 1


def test_lock_keeps_a_second_sender_out(tmp_path):
    make_bundle(tmp_path / "b.zip")
    outbox = Outbox()
    entry = outbox.enqueue(tmp_path / "b.zip")
    held = outbox.acquire(entry.id)
    try:
        with pytest.raises(OutboxBusy):
            Outbox().acquire(entry.id)
    finally:
        held.release()
    Outbox().acquire(entry.id).release()


def test_find_retry_drop(tmp_path):
    make_bundle(tmp_path / "b.zip")
    outbox = Outbox()
    entry = outbox.enqueue(tmp_path / "b.zip")
    entry.state, entry.next_attempt_at = "failed", None
    entry.save()
    assert outbox.find(entry.id[:6]).id == entry.id
    with pytest.raises(UsageError):
        outbox.find("zzzz")
    assert outbox.retry(entry).state == "queued"
    assert [e.id for e in outbox.due()] == [entry.id]
    outbox.drop(entry)
    assert outbox.entries() == [] and not (outbox.root / entry.id).exists()


def test_due_respects_next_attempt(tmp_path):
    make_bundle(tmp_path / "b.zip")
    outbox = Outbox()
    entry = outbox.enqueue(tmp_path / "b.zip")
    entry.next_attempt_at = (utcnow() + timedelta(minutes=5)).isoformat()
    entry.save()
    assert outbox.due() == []


def test_delivered_entries_keep_only_a_receipt_after_seven_days(tmp_path):
    make_bundle(tmp_path / "b.zip")
    now = [utcnow()]
    outbox = Outbox(clock=lambda: now[0])
    entry = outbox.enqueue(tmp_path / "b.zip")
    entry.state, entry.delivered_at, entry.request_id = "delivered", now[0].isoformat(), 7
    entry.save()
    assert outbox.prune() == []
    now[0] += timedelta(days=8)
    assert [e.id for e in outbox.prune()] == [entry.id]
    kept = outbox.load(entry.id)
    assert kept.receipt_only and kept.request_id == 7 and not (kept.folder / "files").exists()


def test_half_built_entries_are_swept(tmp_path):
    outbox = Outbox()
    stale = outbox.root / ".tmp-old"
    stale.mkdir()
    old = time.time() - 7200
    os.utime(stale, (old, old))
    make_bundle(tmp_path / "b.zip")
    outbox.enqueue(tmp_path / "b.zip")
    assert not stale.exists()


def test_big_recording_goes_cut_into_the_zip_parts(tmp_path):
    files = {"recordings/longa.mp4": noise(3 * 1024 * 1024, 1), "logs/a.log": b"linha\n"}
    make_bundle(tmp_path / "b.zip", files)
    entry = Outbox(part_limit=1024 * 1024).enqueue(tmp_path / "b.zip")
    assert all(f.role == "archive" for f in entry.files)
    assert all(f.size <= 1024 * 1024 for f in entry.files)
    assert entry.files[0].name == "diagnostico-parte1.zip"


def test_small_files_go_with_the_ticket(tmp_path):
    files = {"screenshots/a.png": noise(1000), "recordings/r.mp4": noise(6 * 1024 * 1024), "logs/x.log": b"x\n"}
    make_bundle(tmp_path / "b.zip", files)
    entry = Outbox().enqueue(tmp_path / "b.zip")
    assert {f.name for f in entry.files if f.initial} == {"a.png", "diagnostico.zip"}
