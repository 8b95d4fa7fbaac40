"""collector.portal.client against the local portal on 127.0.0.1, with the faults of issue 4."""

from __future__ import annotations

import hashlib
import os
import socket
import threading
import time

import pytest
import requests

from collector.core.errors import Cancelled
from collector.portal import errors
from collector.portal.auth import BearerAuth, Credentials
from collector.portal.client import PortalClient
from collector.portal.retry import Backoff
from collector.portal.transport import RequestsTransport


def _file(tmp_path, name="gravacao.mp4", size=3 * 1024 * 1024):
    path = tmp_path / name
    path.write_bytes(os.urandom(size))
    return path


def _download(lp, creds, attachment) -> bytes:
    response = requests.get(attachment["content_url"], auth=(f"{creds.email}/token", creds.secret), timeout=30)
    response.raise_for_status()
    return response.content


def test_me_checks_the_credentials(client, lp):
    assert client.me()["email"] == lp.accounts["end-user"]["email"]


def test_who_signed_in_is_asked_once_per_sign_in(make_client, lp, creds):
    """``me_id``: the main window, each ticket window and the tray's poll share one ``users/me``."""
    uid = make_client(credentials=creds).me_id()
    assert uid == make_client(credentials=creds).me()["id"]  # me() itself always asks
    lp.faults.fail_next(1, status=403, path="/api/v2/users/me")  # a users/me call from now on would fail
    assert make_client(credentials=creds).me_id() == uid  # another client, the same sign-in: no call
    assert lp.faults.pending() == 1
    again = Credentials(creds.email, creds.secret, source="wizard")  # signed in again: a new sign-in
    with pytest.raises(errors.Forbidden):
        make_client(credentials=again).me_id()  # it asked (and met the armed failure)
    assert lp.faults.pending() == 0
    assert make_client(credentials=again).me_id() == uid


def test_wrong_token_is_a_permanent_error_that_names_the_fix_and_not_the_secret(make_client, lp):
    secret = "definitely-not-the-token-123"
    bad = make_client(credentials=Credentials(lp.accounts["end-user"]["email"], secret))
    with pytest.raises(errors.AuthenticationFailed) as caught:
        bad.me()
    assert "e-mail e o token" in str(caught.value)
    assert secret not in str(caught.value) and secret not in repr(caught.value.__cause__)
    assert not caught.value.transient


def test_500_burst_is_retried_with_backoff(client, lp, waits):
    lp.faults.fail_next(2, status=500)
    assert client.me()["id"]
    assert len(waits) == 2 and all(0 <= w <= 0.05 for w in waits)


def test_500_longer_than_the_attempts_is_transient(client, lp):
    lp.faults.fail_next(10, status=500)
    with pytest.raises(errors.TransientPortalError) as caught:
        client.me()
    assert caught.value.status == 500
    lp.faults.clear()


def test_429_waits_what_retry_after_says(client, lp, waits):
    lp.faults.rate_limit_next(1, retry_after=3)
    assert client.me()["id"]
    assert waits == [3.0]


def test_long_retry_after_goes_back_to_the_caller(make_client, lp, waits):
    client = make_client(max_inline_retry_after=10)
    lp.faults.rate_limit_next(1, retry_after=120)
    with pytest.raises(errors.RateLimited) as caught:
        client.me()
    assert caught.value.retry_after == 120 and waits == []


def test_low_rate_limit_budget_slows_down(client, lp, waits):
    lp.faults.rate_limit_remaining = 1
    client.me()
    assert waits == []  # the first response tells the budget
    client.me()
    assert len(waits) == 1 and 15 <= waits[0] <= 30
    lp.faults.rate_limit_remaining = None


def _count_requests(client) -> int:
    return len(list(client.list_my_requests()))


def test_filing_is_not_retried_after_a_failure_that_may_have_filed_it(client, lp):
    lp.faults.fail_next(1, status=500, path="/api/v2/requests", method="POST")
    with pytest.raises(errors.TransientPortalError) as caught:
        client.create_request("Assunto", "texto", idempotency_key="b0")
    assert caught.value.maybe_processed
    assert _count_requests(client) == 0 and lp.faults.played["fail"] == 1


def test_filing_refused_before_processing_is_retried(client, lp, waits):
    lp.faults.rate_limit_next(2, retry_after=1, path="/api/v2/requests", method="POST")
    created = client.create_request("Assunto", "texto b1", idempotency_key="b1")
    assert created["subject"] == "Assunto" and waits == [1.0, 1.0]
    assert _count_requests(client) == 1


def test_slow_filing_is_one_ticket_and_a_timeout_the_caller_must_resolve(make_client, lp):
    client = make_client(timeout=(5, 0.5))
    lp.faults.delay_next(1, seconds=1.5, path="/api/v2/requests", method="POST")
    with pytest.raises(errors.PortalTimeout) as caught:
        client.create_request("Assunto", "pacote X2", idempotency_key="X2")
    assert caught.value.maybe_processed
    assert _count_requests(client) == 1  # the key is ignored: only not re-posting keeps it to one


def test_a_refused_connection_never_reached_the_portal(make_client):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = make_client(url=f"http://127.0.0.1:{port}", attempts=1)
    with pytest.raises(errors.PortalUnreachable) as caught:
        client.create_request("Assunto", "texto")
    assert not caught.value.maybe_processed


def test_my_requests_are_newest_first_whatever_the_portal_order(client):
    for i in range(3):
        client.create_request(f"Assunto {i}", f"texto {i}")
    time.sleep(1.1)  # Zendesk's times have whole seconds
    client.add_comment(1, "mais uma")  # request 1 becomes the most recently updated
    rows = client.list_my_requests(page_size=1)
    assert [r["id"] for r in rows][0] == 1 and len(rows) == 3


def test_read_timeout_on_get_is_retried(make_client, lp):
    client = make_client(timeout=(5, 0.5))
    lp.faults.delay_next(1, seconds=1.5, path="/api/v2/users/me")
    assert client.me()["id"]


def test_read_timeout_that_lasts_is_a_transient_timeout(make_client, lp):
    client = make_client(timeout=(5, 0.3), attempts=1)
    lp.faults.delay_next(1, seconds=1.0, path="/api/v2/users/me")
    with pytest.raises(errors.PortalTimeout):
        client.me()


def test_422_names_the_fields(client):
    with pytest.raises(errors.InvalidRecord) as caught:
        client.create_request("Assunto", " ")
    assert caught.value.fields == ["description"]
    assert "description" in str(caught.value)


def test_an_upload_token_the_portal_no_longer_has_is_404(client):
    with pytest.raises(errors.NotFound):
        client.create_request("Assunto", "texto", uploads=["nao-existe"])


def test_403_and_404(client, lp):
    with pytest.raises(errors.Forbidden, match="403"):
        client.call("GET", "tickets")  # the agent API
    with pytest.raises(errors.NotFound, match="Chamado 999999"):
        client.get_request(999999)


def test_upload_streams_with_progress_and_real_content_type(client, lp, creds, tmp_path):
    path = _file(tmp_path)
    seen = []
    upload = client.upload(path, progress=lambda p: seen.append((p.done, p.total)))
    assert upload.token and upload.attachment["content_type"] == "video/mp4"
    assert upload.attachment["size"] == path.stat().st_size
    assert seen[-1] == (path.stat().st_size, path.stat().st_size)
    assert [s for s, _ in seen] == sorted(s for s, _ in seen) and len(seen) >= 3
    ticket = client.create_request("Com anexo", "texto", [upload.token])
    comments = client.list_comments(ticket["id"])
    attachment = comments[0]["attachments"][0]
    assert hashlib.sha256(_download(lp, creds, attachment)).hexdigest() == \
        hashlib.sha256(path.read_bytes()).hexdigest()


def test_uploads_can_share_the_first_token(client, tmp_path):
    first = client.upload(_file(tmp_path, "a.png", 1000))
    second = client.upload(_file(tmp_path, "b.txt", 2000), token=first.token)
    assert second.token == first.token
    ticket = client.create_request("Dois", "texto", [first.token])
    names = [a["file_name"] for a in client.list_comments(ticket["id"])[0]["attachments"]]
    assert names == ["a.png", "b.txt"]


def test_connection_reset_mid_upload_is_retried(client, lp, tmp_path):
    path = _file(tmp_path)
    lp.faults.reset_upload_after(1024 * 1024)
    upload = client.upload(path, idempotency_key="k-1")
    assert upload.attachment["size"] == path.stat().st_size
    assert lp.faults.played["reset"] == 1


def test_connection_reset_mid_upload_that_lasts_is_transient(make_client, lp, tmp_path):
    lp.faults.reset_upload_after(1024 * 1024)
    with pytest.raises(errors.PortalUnreachable):
        make_client(attempts=1).upload(_file(tmp_path))


def test_cancel_stops_an_upload(client, tmp_path):
    cancel = threading.Event()

    def progress(report):
        if report.done >= 1024 * 1024:
            cancel.set()

    with pytest.raises(Cancelled):
        client.upload(_file(tmp_path), progress=progress, cancel=cancel)


def test_cursor_pagination_follows_links_next(client):
    for i in range(5):
        client.create_request(f"Chamado {i}", f"texto {i}")
    seen = [r["subject"] for r in client.list_my_requests(page_size=2)]
    assert len(seen) == 5 and set(seen) == {f"Chamado {i}" for i in range(5)}
    assert [r["subject"] for r in client.list_my_requests(page_size=2, limit=3)] == seen[:3]


def test_search_articles_and_custom_statuses(client):
    results = client.search_articles("erro ao calcular folha")
    assert results and {"title", "html_url", "snippet"} <= set(results[0])
    labels = {s["end_user_label"] for s in client.custom_statuses()}
    assert "Validação Cliente" in labels


def test_refused_connection_is_unreachable(make_client):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = make_client(url=f"http://127.0.0.1:{port}", attempts=2)
    with pytest.raises(errors.PortalUnreachable, match="Sem conexão"):
        client.me()


def test_proxies_come_from_the_environment(make_client, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{dead}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with pytest.raises(errors.PortalUnreachable):
        make_client(attempts=1).me()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert make_client(attempts=1).me()["id"]


def test_transport_verifies_with_the_system_trust_store():
    import truststore

    transport = RequestsTransport()
    adapter = transport.session.get_adapter("https://example.invalid/")
    assert isinstance(adapter.poolmanager.connection_pool_kw["ssl_context"], truststore.SSLContext)
    assert adapter.max_retries.total == 0  # the client retries, not urllib3
    transport.close()


def test_credentials_never_show_the_secret():
    creds = Credentials("a@b.c", "s3cr3t-token")
    assert "s3cr3t" not in repr(creds) and "s3cr3t" not in str(creds)
    assert "s3cr3t" not in repr(Credentials(None, "s3cr3t-bearer", kind="bearer").auth())


def test_bearer_auth_header(lp, creds):
    prepared = requests.Request("GET", lp.url, auth=BearerAuth("abc")).prepare()
    assert prepared.headers["Authorization"] == "Bearer abc"
    client = PortalClient(lp.url, Credentials(None, "wrong", kind="bearer"), attempts=1,
                          backoff=Backoff(0.01, 0.01))
    with pytest.raises(errors.AuthenticationFailed):
        client.me()
    client.close()


def test_a_comment_whose_answer_is_late_is_not_posted_again(make_client, lp):
    client = make_client(timeout=(5, 0.5))
    ticket = client.create_request("Assunto", "texto")
    lp.faults.delay_next(1, seconds=1.5, path=f"/api/v2/requests/{ticket['id']}", method="PUT")
    with pytest.raises(errors.PortalTimeout) as caught:  # no way to check here: not retried
        client.add_comment(ticket["id"], "lote A")
    assert caught.value.maybe_processed
    bodies = [c["body"] for c in client.list_comments(ticket["id"])]
    assert bodies.count("lote A") == 1


@pytest.mark.parametrize("creds", [
    Credentials(None, "Beare7Secret\n", kind="bearer"),          # a keyring entry with a line break
    Credentials("a@b.c", "T0ken€Secret", kind="token"),         # not Latin-1: Basic cannot encode it
], ids=["bearer-newline", "token-not-latin1"])
def test_unusable_credentials_are_a_clear_error_without_the_secret(lp, creds):
    import traceback

    client = PortalClient(lp.url, creds, attempts=1)
    with pytest.raises(errors.AuthenticationFailed) as info:
        client.me()
    client.close()
    assert "credenciais" in str(info.value)
    shown = "".join(traceback.format_exception(info.value))  # what --debug would print
    assert "Secret" not in shown and creds.secret.strip() not in shown
