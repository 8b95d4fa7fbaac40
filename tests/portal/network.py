"""A corporate network on 127.0.0.1 for the tests: an HTTPS local portal signed by a test CA, and a
real HTTP proxy that tunnels ``CONNECT`` (optionally asking for Basic credentials or for NTLM — the
Windows session's handshake, two rounds on one connection — or refusing all)."""

from __future__ import annotations

import base64
import select
import socket
import socketserver
import threading
from pathlib import Path


class _ProxyHandler(socketserver.StreamRequestHandler):
    def _read_request(self) -> tuple[str, str, dict[str, str]] | None:
        request_line = self.rfile.readline(65536).decode("latin-1").strip()
        if not request_line:
            return None
        headers = {}
        while True:
            line = self.rfile.readline(65536).decode("latin-1")
            if line in ("\r\n", "\n", ""):
                break
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        method, _, rest = request_line.partition(" ")
        return method.upper(), rest.split(" ")[0], headers

    def handle(self) -> None:
        proxy: ConnectProxy = self.server.proxy  # type: ignore[attr-defined]
        ntlm = None  # the server side of an NTLM exchange, kept for this connection
        while True:
            request = self._read_request()
            if request is None:
                return
            method, target, headers = request
            if method != "CONNECT":
                self._answer(405, "Method Not Allowed")
                return
            if proxy.ntlm:
                scheme, _, data = headers.get("proxy-authorization", "").partition(" ")
                if scheme.upper() != "NTLM" or not data:
                    proxy.refused.append(target)
                    self._answer(407, "Proxy Authentication Required", "Proxy-Authenticate: NTLM\r\n", keep=True)
                    continue
                import spnego

                ntlm = ntlm or spnego.server(protocol="ntlm")
                try:
                    reply = ntlm.step(base64.b64decode(data))
                except Exception:
                    proxy.refused.append(target)
                    self._answer(407, "Proxy Authentication Required", "Proxy-Authenticate: NTLM\r\n")
                    return
                if not ntlm.complete:
                    self._answer(407, "Proxy Authentication Required",
                                 f"Proxy-Authenticate: NTLM {base64.b64encode(reply).decode()}\r\n", keep=True)
                    continue
                proxy.users.append(ntlm.client_principal)
            elif proxy.refuse_all or (proxy.credentials and headers.get("proxy-authorization") != proxy.expected):
                proxy.refused.append(target)
                self._answer(407, "Proxy Authentication Required", 'Proxy-Authenticate: Basic realm="empresa"\r\n')
                return
            break
        host, _, port = target.rpartition(":")
        try:
            upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
        except OSError:
            self._answer(502, "Bad Gateway")
            return
        proxy.connects.append(target)
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        _pipe(self.connection, upstream)

    def _answer(self, status: int, reason: str, extra: str = "", keep: bool = False) -> None:
        connection = "keep-alive" if keep else "close"
        self.wfile.write(f"HTTP/1.1 {status} {reason}\r\n{extra}Content-Length: 0\r\n"
                         f"Proxy-Connection: {connection}\r\nConnection: {connection}\r\n\r\n".encode("latin-1"))
        self.wfile.flush()


def _pipe(a: socket.socket, b: socket.socket) -> None:
    sockets = [a, b]
    try:
        while True:
            readable, _, broken = select.select(sockets, [], sockets, 30)
            if broken or not readable:
                return
            for sock in readable:
                data = sock.recv(65536)
                if not data:
                    return
                (b if sock is a else a).sendall(data)
    except OSError:
        return
    finally:
        b.close()


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class ConnectProxy:
    """An HTTP proxy on 127.0.0.1 that tunnels CONNECT. ``connects``/``refused`` list the targets."""

    def __init__(self, credentials: tuple[str, str] | None = None, refuse_all: bool = False, ntlm: bool = False):
        """``ntlm``: ask for NTLM (the accounts are in the file named by ``NTLM_USER_FILE``, pyspnego's
        server store); ``users`` lists who authenticated."""
        self.credentials = credentials
        self.expected = ("Basic " + base64.b64encode(f"{credentials[0]}:{credentials[1]}".encode()).decode()
                         if credentials else None)
        self.refuse_all = refuse_all
        self.ntlm = ntlm
        self.users: list[str] = []
        self.connects: list[str] = []
        self.refused: list[str] = []
        self._server = _Server(("127.0.0.1", 0), _ProxyHandler)
        self._server.proxy = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class HttpsPortal:
    """The local portal's app served over TLS (werkzeug) with a certificate from a test CA for
    ``localhost`` and ``127.0.0.1``; ``ca_file`` is the CA to trust (``SSL_CERT_FILE``)."""

    def __init__(self, lp, folder: Path):
        import trustme
        from werkzeug.serving import make_server

        self.ca = trustme.CA()
        cert = self.ca.issue_cert("localhost", "127.0.0.1")
        self.ca_file = folder / "test-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_file))
        import ssl

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cert.configure_cert(context)
        self._server = make_server("127.0.0.1", 0, lp.create_app(), threaded=True, ssl_context=context)
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, host: str = "localhost") -> str:
        return f"https://{host}:{self.port}"

    def close(self) -> None:
        self._server.shutdown()
