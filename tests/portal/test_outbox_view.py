"""collector.portal.outbox_view: the outbox rows of the main window, driven by the real sender."""

from __future__ import annotations

import pytest

from collector.portal import errors, outbox_view
from collector.portal.auth import Credentials
from collector.portal.outbox import Outbox
from collector.portal.sender import Sender
from tests.bundle.factory import make_bundle


def test_failed_retried_delivered(tmp_path, lp, make_client, client):
    make_bundle(tmp_path / "b.zip")
    outbox = Outbox()
    entry = outbox.enqueue(tmp_path / "b.zip")
    [queued] = outbox_view.outbox_rows(outbox)
    assert (queued.phase, queued.label, queued.can_retry, queued.can_drop) == ("queued", "na fila", True, True)

    bad = make_client(credentials=Credentials(lp.accounts["end-user"]["email"], "wrong-token-xyz"))
    with pytest.raises(errors.AuthenticationFailed):
        Sender(bad, outbox).send(entry)
    [failed] = outbox_view.outbox_rows(outbox)
    assert failed.phase == "failed" and failed.describe().startswith("falhou: ")
    assert "token" in failed.reason and "wrong-token-xyz" not in failed.describe()

    retried = outbox_view.retry(outbox, entry.id[:6])
    assert retried.phase == "queued" and outbox.due()
    Sender(client, outbox).send(outbox.load(entry.id))
    assert outbox_view.outbox_rows(outbox) == []
    [done] = outbox_view.outbox_rows(outbox, include_delivered=True)
    assert (done.label, done.reason, done.attached) == ("entregue", "", done.files)
    assert done.ticket == outbox.load(entry.id).request_id


def test_signin_verifying_and_drop(tmp_path):
    make_bundle(tmp_path / "b.zip")
    outbox = Outbox()
    entry = outbox.enqueue(tmp_path / "b.zip")
    entry.state = "signin"
    entry.save()
    [waiting] = outbox_view.outbox_rows(outbox)
    assert waiting.label == "aguardando entrar de novo" and "entre de novo" in waiting.describe()
    entry.state, entry.request_id = "filing", 41
    for item in entry.files:
        item.attached = True
    entry.save()
    [checking] = outbox_view.outbox_rows(outbox)
    assert (checking.label, checking.can_drop, checking.ticket) == ("verificando se o chamado já foi aberto", False, 41)
    line = outbox_view.drop(outbox, entry.id)
    assert "descartado" in line and "#41" in line and outbox.entries() == []
