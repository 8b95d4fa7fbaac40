"""Corporate networks through a real local proxy: CONNECT + TLS to an HTTPS portal signed by a test CA
(trusted the way the OS store is: ``SSL_CERT_FILE``), Basic proxy credentials, 407, and a PAC script
that sends one host through the proxy and the other direct. HTTPS only, except for this machine."""

from __future__ import annotations

import pytest

from collector.core.errors import UsageError
from collector.portal import errors, proxies
from collector.portal.client import PortalClient
from collector.portal.outbox import Outbox
from collector.portal.retry import Backoff
from collector.portal.sender import Sender
from collector.portal.settings import normalize_url
from collector.portal.transport import RequestsTransport
from tests.bundle.factory import make_bundle
from tests.portal.network import ConnectProxy, HttpsPortal


@pytest.fixture
def https_portal(lp, tmp_path, monkeypatch):
    portal = HttpsPortal(lp, tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(portal.ca_file))  # the OS store of this test machine
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "NO_PROXY", "no_proxy",
                 proxies.ENV_PAC, proxies.ENV_USER, proxies.ENV_PASSWORD):
        monkeypatch.delenv(name, raising=False)
    yield portal
    portal.close()


@pytest.fixture
def proxy():
    server = ConnectProxy(credentials=("maria", "s3nh@-proxy"))
    yield server
    server.close()


def _client(url, creds, **kw) -> PortalClient:
    transport = RequestsTransport(proxies=proxies.from_environment())
    return PortalClient(url, creds, transport=transport, attempts=1, backoff=Backoff(0.01, 0.01), **kw)


def test_https_through_the_proxy_with_its_credentials(https_portal, proxy, creds, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", f"http://maria:s3nh%40-proxy@127.0.0.1:{proxy.port}")
    with _client(https_portal.url(), creds) as client:
        assert client.me()["email"] == creds.email
    assert proxy.connects == [f"localhost:{https_portal.port}"]


def test_a_whole_ticket_goes_through_the_tunnel(https_portal, proxy, creds, tmp_path, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", f"http://maria:s3nh%40-proxy@127.0.0.1:{proxy.port}")
    make_bundle(tmp_path / "b.zip")
    entry = Outbox().enqueue(tmp_path / "b.zip")
    with _client(https_portal.url(), creds) as client:
        delivered = Sender(client, Outbox()).send(entry)
    assert delivered.state == "delivered" and delivered.request_url.startswith("https://localhost:")
    assert proxy.connects and all(t == f"localhost:{https_portal.port}" for t in proxy.connects)


def test_wrong_proxy_credentials_are_407_and_the_bundle_waits(https_portal, proxy, creds, tmp_path,
                                                              monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", f"http://maria:errada@127.0.0.1:{proxy.port}")
    make_bundle(tmp_path / "b.zip")
    outbox = Outbox()
    entry = outbox.enqueue(tmp_path / "b.zip")
    with _client(https_portal.url(), creds) as client, pytest.raises(errors.ProxyRefused) as caught:
        Sender(client, outbox).send(entry)
    assert "o proxy da empresa recusou a conexão — fale com a ti" in str(caught.value).lower()
    assert not caught.value.maybe_processed and proxy.refused and not proxy.connects
    waiting = outbox.load(entry.id)
    assert waiting.state == "queued" and waiting.next_attempt_at  # kept, to be sent later
    assert "errada" not in str(caught.value) and "errada" not in (waiting.folder / "state.json").read_text()


def test_a_proxy_that_refuses_everyone(https_portal, creds, monkeypatch):
    closed = ConnectProxy(refuse_all=True)
    try:
        monkeypatch.setenv("HTTPS_PROXY", closed.url)
        with _client(https_portal.url(), creds) as client, pytest.raises(errors.ProxyRefused, match="fale com a TI"):
            client.me()
    finally:
        closed.close()


def test_pac_script_chooses_proxy_for_one_host_and_direct_for_the_other(https_portal, proxy, creds, tmp_path,
                                                                       monkeypatch):
    pac = tmp_path / "proxy.pac"
    pac.write_text('function FindProxyForURL(url, host) {\n'
                   f'  if (host == "localhost") return "PROXY 127.0.0.1:{proxy.port}; DIRECT";\n'
                   '  return "DIRECT";\n}\n')
    monkeypatch.setenv(proxies.ENV_PAC, str(pac))
    monkeypatch.setenv(proxies.ENV_USER, "maria")
    monkeypatch.setenv(proxies.ENV_PASSWORD, "s3nh@-proxy")
    # an HTTPS_PROXY that does not work: the PAC decides, not the environment
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    with _client(https_portal.url("localhost"), creds) as via_proxy:
        assert via_proxy.me()["id"]
    assert proxy.connects == [f"localhost:{https_portal.port}"]
    with _client(https_portal.url("127.0.0.1"), creds) as direct:
        assert direct.me()["id"]
    assert proxy.connects == [f"localhost:{https_portal.port}"]  # nothing more went through the proxy


def test_pac_served_over_http(https_portal, proxy, creds, lp, monkeypatch):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    script = f'function FindProxyForURL(url, host) {{ return "PROXY 127.0.0.1:{proxy.port}"; }}'.encode()

    class Pac(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ns-proxy-autoconfig")
            self.send_header("Content-Length", str(len(script)))
            self.end_headers()
            self.wfile.write(script)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Pac)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv(proxies.ENV_PAC, f"http://127.0.0.1:{server.server_port}/proxy.pac")
        monkeypatch.setenv(proxies.ENV_USER, "maria")
        monkeypatch.setenv(proxies.ENV_PASSWORD, "s3nh@-proxy")
        with _client(https_portal.url("127.0.0.1"), creds) as client:
            assert client.me()["id"]
        assert proxy.connects == [f"127.0.0.1:{https_portal.port}"]
    finally:
        server.shutdown()


def test_an_unknown_certificate_is_refused(lp, tmp_path, creds, monkeypatch):
    portal = HttpsPortal(lp, tmp_path)  # its CA is not trusted here
    try:
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
        with _client(portal.url(), creds) as client, pytest.raises(errors.CertificateError):
            client.me()
    finally:
        portal.close()


@pytest.mark.parametrize("url", ["http://suporte.example.com", "http://10.0.0.5:8080", "ftp://x.example.com"])
def test_only_https_to_a_remote_portal(url):
    with pytest.raises(UsageError):
        normalize_url(url)


@pytest.mark.parametrize("url", ["https://suporte.example.com", "http://127.0.0.1:8080", "http://localhost:1/",
                                 "http://[::1]:8080"])
def test_https_or_this_machine_is_accepted(url):
    assert normalize_url(url) == url.rstrip("/")


def test_plain_http_to_a_remote_portal_is_exit_2(tmp_path, capsys, monkeypatch):
    from collector.cli import main

    monkeypatch.setenv("COLLECTOR_PORTAL_URL", "http://suporte.example.com")
    monkeypatch.setenv("COLLECTOR_PORTAL_EMAIL", "a@b.c")
    monkeypatch.setenv("COLLECTOR_PORTAL_TOKEN", "t")
    make_bundle(tmp_path / "b.zip")
    assert main(["submit", str(tmp_path / "b.zip")]) == 2
    err = capsys.readouterr().err
    assert "https://" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.fixture
def ntlm_proxy(tmp_path, monkeypatch):
    accounts = tmp_path / "ntlm-users"
    accounts.write_text("EMPRESA:maria:S3nh@-do-Windows\n")
    monkeypatch.setenv("NTLM_USER_FILE", str(accounts))  # the proxy's account store (pyspnego)
    server = ConnectProxy(ntlm=True)
    monkeypatch.setenv("HTTPS_PROXY", server.url)
    yield server
    server.close()


def test_ntlm_proxy_handshake_opens_the_tunnel(https_portal, ntlm_proxy, creds, monkeypatch):
    # on Windows the Windows session answers (SSPI, no password); here the account is explicit
    monkeypatch.setenv(proxies.ENV_USER, "EMPRESA\\maria")
    monkeypatch.setenv(proxies.ENV_PASSWORD, "S3nh@-do-Windows")
    with _client(https_portal.url(), creds) as client:
        assert client.me()["email"] == creds.email
        assert client.me()["email"] == creds.email
    assert ntlm_proxy.connects and all(t == f"localhost:{https_portal.port}" for t in ntlm_proxy.connects)
    assert set(ntlm_proxy.users) == {"EMPRESA\\maria"}


def test_ntlm_proxy_refusing_the_account_is_407(https_portal, ntlm_proxy, creds, monkeypatch):
    monkeypatch.setenv(proxies.ENV_USER, "EMPRESA\\maria")
    monkeypatch.setenv(proxies.ENV_PASSWORD, "outra")
    with _client(https_portal.url(), creds) as client, pytest.raises(errors.ProxyRefused, match="fale com a TI"):
        client.me()
    assert not ntlm_proxy.connects
