"""NTLM / Negotiate (Kerberos) authentication to the company's proxy for the HTTPS tunnel (``CONNECT``).

Windows proxies usually want the user's Windows session, not a password: the proxy answers the
``CONNECT`` with ``407`` and ``Proxy-Authenticate: Negotiate`` (or ``NTLM``), and the client answers
with tokens from the Security Support Provider, on the *same* connection, until the proxy opens the
tunnel (RFC 4559; NTLM takes two rounds). requests/urllib3 send one ``CONNECT`` with fixed headers
and give up at the first 407, so the tunnel is opened here instead: :class:`NegotiatingHTTPSConnection`
replaces urllib3's ``_tunnel`` and runs that exchange with pyspnego
(https://pypi.org/project/pyspnego/) — on Windows through SSPI with the signed-in user's credentials
(no password asked or stored), elsewhere with ``COLLECTOR_PROXY_USER``/``COLLECTOR_PROXY_PASSWORD``.
A proxy that asks for Basic, or nothing, sees exactly what urllib3 would have sent.
"""

from __future__ import annotations

import base64
import http.client
import logging
import os
import sys

from urllib3.connection import HTTPSConnection
from urllib3.connectionpool import HTTPSConnectionPool

log = logging.getLogger(__name__)

SCHEMES = ("Negotiate", "NTLM")
MAX_ROUNDS = 4


def _credentials() -> tuple[str | None, str | None]:
    from collector.portal.proxies import ENV_PASSWORD, ENV_USER

    return os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)


def _challenge(response: http.client.HTTPResponse) -> tuple[str, bytes | None] | None:
    """The first Negotiate/NTLM challenge of a 407 (scheme, token or None)."""
    offered = response.headers.get_all("Proxy-Authenticate") or []
    for wanted in SCHEMES:
        for value in offered:
            scheme, _, data = value.strip().partition(" ")
            if scheme.lower() == wanted.lower():
                return wanted, base64.b64decode(data.strip()) if data.strip() else None
    return None


class NegotiatingHTTPSConnection(HTTPSConnection):
    """An HTTPS connection whose proxy tunnel may authenticate with Negotiate or NTLM."""

    def _tunnel(self) -> None:  # noqa: C901 - one protocol exchange, kept in one place
        host = (self._tunnel_host or "").encode("idna").decode("ascii")
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        target = f"{host}:{self._tunnel_port}"
        headers = dict(getattr(self, "_tunnel_headers", {}))
        context = None
        token: str | None = None
        scheme = None
        for _ in range(MAX_ROUNDS):
            lines = [f"CONNECT {target} HTTP/1.1", f"Host: {target}", "Proxy-Connection: Keep-Alive"]
            lines += [f"{k}: {v}" for k, v in headers.items() if k.lower() not in ("host", "proxy-connection")]
            if token is not None:
                lines = [line for line in lines if not line.lower().startswith("proxy-authorization:")]
                lines.append(f"Proxy-Authorization: {scheme} {token}")
            self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
            response = self.response_class(self.sock, method="CONNECT")
            response.begin()
            if response.status == 200:
                return  # the tunnel is open; TLS to the portal follows on this socket
            challenge = _challenge(response) if response.status == 407 else None
            if response.status == 407 and response.length:
                response.read()  # the body, so the next round reads the next answer
            if challenge is None or (context is not None and challenge[1] is None):
                self.close()
                raise OSError(f"Tunnel connection failed: {response.status} {response.reason}")
            if response.will_close:
                self.sock.close()
                self.sock = self._new_conn()  # NTLM must continue on one connection; Negotiate may not
            scheme, incoming = challenge
            if context is None:
                context = _client_context(scheme, self.host)
            outgoing = context.step(incoming)
            if not outgoing:
                self.close()
                raise OSError(f"Tunnel connection failed: {response.status} {response.reason}")
            token = base64.b64encode(outgoing).decode("ascii")
        self.close()
        raise OSError("Tunnel connection failed: 407 Proxy Authentication Required")


def _client_context(scheme: str, proxy_host: str):
    import spnego

    username, password = _credentials()
    if username is None and sys.platform != "win32":
        raise OSError("Tunnel connection failed: 407 Proxy Authentication Required (no Windows session)")
    return spnego.client(username, password, hostname=proxy_host, service="HTTP",
                         protocol="ntlm" if scheme == "NTLM" else "negotiate")


class NegotiatingHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = NegotiatingHTTPSConnection


def install(proxy_manager) -> None:
    """Make an urllib3 ``ProxyManager`` open its HTTPS tunnels with :class:`NegotiatingHTTPSConnection`."""
    proxy_manager.pool_classes_by_scheme = {**proxy_manager.pool_classes_by_scheme,
                                            "https": NegotiatingHTTPSConnectionPool}
