"""collector.portal.sender against the local portal: order, batches, faults, exactly one ticket."""

from __future__ import annotations

import hashlib
import threading
import zipfile

import pytest
import requests

from collector.core.errors import Cancelled
from collector.portal import errors
from collector.portal import outbox as outbox_mod
from collector.portal import sender as sender_mod
from collector.portal.outbox import Outbox, parse_iso, utcnow
from collector.portal.sender import Sender
from tests.bundle.factory import make_bundle, noise

MIB = 1024 * 1024


def portal_attachments(lp, creds, ticket_id) -> dict[str, str]:
    """file name → sha256 of every attachment the portal shows on the ticket (downloaded)."""
    auth = (f"{creds.email}/token", creds.secret)
    comments = requests.get(f"{lp.url}/api/v2/requests/{ticket_id}/comments", auth=auth, timeout=30).json()
    found = {}
    for comment in comments["comments"]:
        for a in comment["attachments"]:
            assert a["file_name"] not in found, f"{a['file_name']} attached twice"
            found[a["file_name"]] = hashlib.sha256(requests.get(a["content_url"], auth=auth, timeout=60).content
                                                   ).hexdigest()
    return found


def my_tickets(client, bundle_id=None) -> list[dict]:
    return [r for r in client.list_my_requests() if bundle_id is None or bundle_id in r["description"]]


@pytest.fixture
def batches(monkeypatch):
    """Small thresholds so that a small bundle is sent in several follow-up batches."""
    monkeypatch.setattr(outbox_mod, "SMALL_FILE", 100_000)
    monkeypatch.setattr(outbox_mod, "INITIAL_BUDGET", 200_000)
    monkeypatch.setattr(sender_mod, "BATCH_MAX_FILES", 1)


def _entry(tmp_path, files=None, **kw):
    make_bundle(tmp_path / "b.zip", files)
    return Outbox().enqueue(tmp_path / "b.zip", **kw)


def test_files_a_ticket_with_every_attachment_byte_identical(tmp_path, lp, creds, client, batches):
    entry = _entry(tmp_path)
    events = []
    delivered = Sender(client, Outbox()).send(entry, progress=events.append)
    assert delivered.state == "delivered" and delivered.request_id
    [ticket] = my_tickets(client, entry.bundle_id)
    assert ticket["id"] == delivered.request_id and ticket["subject"] == "Erro ao calcular a folha"
    assert portal_attachments(lp, creds, ticket["id"]) == {f.name: f.sha256 for f in entry.files}
    comments = client.list_comments(ticket["id"])
    # the ticket first with the small files, then one comment per batch with its marker
    assert len(comments) == 1 + len(delivered.batches) and len(delivered.batches) >= 2
    for batch, comment in zip(delivered.batches, comments[1:], strict=True):
        assert batch.marker in comment["body"] and batch.posted
    phases = [e.phase for e in events]
    assert phases.index("filing") < phases.index("posting") and phases[-1] == "delivered"
    assert events[-1].sent == events[-1].total == entry.total_bytes


def test_media_are_their_own_attachments_and_the_rest_is_diagnostico_zip(tmp_path, lp, creds, client):
    entry = _entry(tmp_path)
    delivered = Sender(client, Outbox()).send(entry)
    names = set(portal_attachments(lp, creds, delivered.request_id))
    assert names == {"diagnostico.zip", "tela-1.png", "tela-2.png", "gravacao.mp4"}


def test_reply_on_an_existing_ticket(tmp_path, lp, creds, client):
    existing = client.create_request("Chamado antigo", "primeira mensagem")
    entry = _entry(tmp_path, ticket_id=existing["id"])
    delivered = Sender(client, Outbox()).send(entry)
    assert delivered.request_id == existing["id"]
    assert len(my_tickets(client)) == 1
    comments = client.list_comments(existing["id"])
    assert len(comments) == 2 and entry.bundle_id in comments[1]["body"]
    assert set(portal_attachments(lp, creds, existing["id"])) == {f.name for f in entry.files}


def test_a_closed_ticket_gets_a_follow_up_request(tmp_path, lp, creds, client, agent):
    ticket = client.create_request("Chamado", "texto")
    agent.put(f"{lp.url}/api/v2/tickets/{ticket['id']}", json={"ticket": {"status": "closed"}}).raise_for_status()
    entry = _entry(tmp_path, ticket_id=ticket["id"])
    delivered = Sender(client, Outbox()).send(entry)
    assert delivered.state == "delivered" and delivered.request_id != ticket["id"]
    assert delivered.followup_of == ticket["id"] and delivered.target_ticket is None
    follow = client.get_request(delivered.request_id)
    assert follow["followup_source_id"] == ticket["id"]
    assert set(portal_attachments(lp, creds, follow["id"])) == {f.name for f in entry.files}
    assert len(client.list_comments(ticket["id"])) == 1  # nothing was posted on the closed one


def test_expired_tokens_are_uploaded_again(tmp_path, lp, creds, client):
    entry = _entry(tmp_path)

    def progress(event):
        if event.phase == "filing" and not lp.faults.played.get("expired"):
            lp.faults.played["expired"] = lp.expire_uploads()  # every token dies before the POST

    delivered = Sender(client, Outbox()).send(entry, progress=progress)
    assert lp.faults.played["expired"] >= 1
    assert portal_attachments(lp, creds, delivered.request_id) == {f.name: f.sha256 for f in entry.files}


def test_old_tokens_are_refreshed_before_use(tmp_path, lp, creds, client):
    entry = _entry(tmp_path)
    outbox = Outbox()
    for item in entry.files:
        item.token, item.uploaded_at = "velho-token", "2020-01-01T00:00:00+00:00"
    entry.save()
    delivered = Sender(client, outbox).send(entry)
    assert all(f.token != "velho-token" for f in delivered.files)
    assert set(portal_attachments(lp, creds, delivered.request_id)) == {f.name for f in entry.files}


def test_transient_failure_is_scheduled_and_the_next_run_delivers(tmp_path, lp, client):
    entry = _entry(tmp_path)
    outbox = Outbox()
    lp.faults.fail_next(20, status=503, path="/api/v2/uploads", retry_after=30)
    before = utcnow()
    with pytest.raises(errors.TransientPortalError):
        Sender(client, outbox).send(entry)
    queued = outbox.load(entry.id)
    assert queued.state == "queued" and queued.last_error["kind"] == "transient"
    assert (parse_iso(queued.next_attempt_at) - before).total_seconds() >= 30  # never before Retry-After
    assert outbox.due() == []
    lp.faults.clear()
    delivered = Sender(client, outbox).send(outbox.retry(queued))
    assert delivered.state == "delivered" and delivered.attempts == 2
    assert len(my_tickets(client, entry.bundle_id)) == 1


def test_permanent_failure_stops_until_retried(tmp_path, lp, make_client, client):
    from collector.portal.auth import Credentials

    entry = _entry(tmp_path)
    outbox = Outbox()
    bad = make_client(credentials=Credentials(lp.accounts["end-user"]["email"], "wrong-token-xyz"))
    with pytest.raises(errors.AuthenticationFailed):
        Sender(bad, outbox).send(entry)
    failed = outbox.load(entry.id)
    assert failed.state == "failed" and "token" in failed.last_error["message"]
    assert "wrong-token-xyz" not in (failed.folder / "state.json").read_text()
    assert outbox.due() == []
    assert Sender(client, outbox).send(outbox.retry(failed)).state == "delivered"


def test_a_lost_filing_response_is_found_instead_of_filing_again(tmp_path, lp, make_client, client):
    entry = _entry(tmp_path)
    outbox = Outbox()
    slow = make_client(timeout=(5, 0.3), attempts=1)
    lp.faults.delay_next(1, seconds=1.0, path="/api/v2/requests", method="POST")
    with pytest.raises(errors.PortalTimeout):
        Sender(slow, outbox).send(entry)
    assert outbox.load(entry.id).filing_started
    delivered = Sender(client, outbox).send(entry)
    assert len(my_tickets(client, entry.bundle_id)) == 1
    assert delivered.request_id == my_tickets(client, entry.bundle_id)[0]["id"]


def test_a_lost_batch_response_is_found_by_its_marker(tmp_path, lp, creds, client, batches, monkeypatch):
    entry = _entry(tmp_path)
    outbox = Outbox()
    real = client.add_comment
    lost = []

    def add_comment_then_lose_the_answer(*args, **kwargs):
        result = real(*args, **kwargs)
        if not lost:
            lost.append(1)
            raise errors.PortalTimeout("simulada")
        return result

    monkeypatch.setattr(client, "add_comment", add_comment_then_lose_the_answer)
    with pytest.raises(errors.PortalTimeout):
        Sender(client, outbox).send(entry)
    assert outbox.load(entry.id).batches[0].post_started
    delivered = Sender(client, outbox).send(entry)
    comments = client.list_comments(delivered.request_id)
    assert sum(delivered.batches[0].marker in c["body"] for c in comments) == 1
    assert portal_attachments(lp, creds, delivered.request_id) == {f.name: f.sha256 for f in entry.files}


def test_cancel_keeps_the_entry_for_later(tmp_path, lp, client):
    entry = _entry(tmp_path, {"recordings/r.mp4": noise(3 * MIB), "logs/a.log": b"x\n"})
    cancel = threading.Event()
    outbox = Outbox()

    def progress(event):
        if event.phase == "uploading" and event.file_sent > MIB:
            cancel.set()

    with pytest.raises(Cancelled):
        Sender(client, outbox).send(entry, progress=progress, cancel=cancel)
    assert outbox.load(entry.id).state == "queued"
    assert Sender(client, outbox).send(entry).state == "delivered"


def test_a_second_process_cannot_send_the_same_entry(tmp_path, client):
    entry = _entry(tmp_path)
    outbox = Outbox()
    held = outbox.acquire(entry.id)
    try:
        with pytest.raises(outbox_mod.OutboxBusy):
            Sender(client, outbox).send(entry)
    finally:
        held.release()


def test_send_due_sends_each_and_reports_failures(tmp_path, lp, client):
    make_bundle(tmp_path / "a.zip")
    make_bundle(tmp_path / "b.zip")
    outbox = Outbox()
    a, b = outbox.enqueue(tmp_path / "a.zip"), outbox.enqueue(tmp_path / "b.zip")
    results = Sender(client, outbox).send_due()
    assert {e.id for e, err in results if err is None} == {a.id, b.id}
    assert len(my_tickets(client)) == 2


def test_delivered_entry_is_not_sent_again(tmp_path, client):
    entry = _entry(tmp_path)
    outbox = Outbox()
    Sender(client, outbox).send(entry)
    again = Sender(client, outbox).send(entry)
    assert again.attempts == 1 and len(my_tickets(client)) == 1


def test_split_parts_travel_as_separate_attachments(tmp_path, lp, creds, client):
    files = {f"attachments/dump{i}.bin": noise(700_000, i) for i in range(3)}
    make_bundle(tmp_path / "b.zip", files)
    entry = Outbox(part_limit=MIB).enqueue(tmp_path / "b.zip")
    delivered = Sender(client, Outbox(part_limit=MIB)).send(entry)
    got = portal_attachments(lp, creds, delivered.request_id)
    assert sorted(got) == [f"diagnostico-parte{i}.zip" for i in range(1, len(got) + 1)] and len(got) >= 3
    for item in entry.files:
        assert zipfile.is_zipfile(entry.file_path(item)) and got[item.name] == item.sha256
