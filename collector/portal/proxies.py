"""Corporate networks: which proxy a portal request goes through, and which portal addresses are allowed.

The proxy is chosen the way Windows chooses it for the browser (SPEC §4.5 "Corporate networks"):

1. a proxy auto-config (PAC) script named by the IT department in ``COLLECTOR_PROXY_PAC`` (a URL or
   a file);
2. otherwise the operating system's: Windows "Usar script de configuração" (``AutoConfigURL`` in the
   registry) and macOS' proxy preferences, read by pypac; on Windows also WPAD ("Detectar
   configurações automaticamente": ``http://wpad.<domain>/wpad.dat``), which is what Windows does;
3. otherwise the static settings: ``HTTPS_PROXY``/``NO_PROXY`` and, through
   ``urllib.request.getproxies()``, the Windows registry's ``ProxyServer`` (requests' ``trust_env``).

A PAC script returns ``"PROXY host:port; DIRECT"``-style lists per URL; pypac evaluates it (a small
JavaScript engine, dukpy) — https://pypac.readthedocs.io/. Proxy credentials for Basic
authentication come from the proxy URL (``http://user:pass@proxy:3128``) or from
``COLLECTOR_PROXY_USER``/``COLLECTOR_PROXY_PASSWORD``; a proxy that refuses us answers 407, which
becomes "o proxy da empresa recusou a conexão — fale com a TI" and the bundle waits in the outbox.

Only HTTPS goes to the portal: credentials and the customer's files never cross the network in clear
text. Plain ``http://`` is accepted only for this machine (127.0.0.1, ::1, localhost), where the local
portal of the demo and the tests runs.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from collector.core.errors import UsageError

log = logging.getLogger(__name__)

ENV_PAC = "COLLECTOR_PROXY_PAC"
ENV_USER = "COLLECTOR_PROXY_USER"
ENV_PASSWORD = "COLLECTOR_PROXY_PASSWORD"
LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")
REFUSED = "o proxy da empresa recusou a conexão — fale com a TI"


def require_https(url: str) -> None:
    """Refuse a portal address that would send credentials in clear text (a usage error: exit 2)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and (parts.hostname or "").lower() in LOOPBACK_HOSTS:
        return
    raise UsageError(f"o portal precisa de https:// ({url!r}): http:// só é aceito para este computador "
                     f"(127.0.0.1 ou localhost)")


class ProxyChooser:
    """Proxies per URL from a PAC script; ``None`` from :meth:`proxies_for` lets requests use the
    static settings (environment, registry)."""

    def __init__(self, pac=None, username: str | None = None, password: str | None = None, *,
                 source: str | None = None, lazy: bool = False):
        self._username, self._password = username, password
        self._source = source
        self._pending = lazy  # the OS/WPAD lookup waits for the first request (off the GUI thread)
        self._resolver = None
        self._use(pac)

    def _use(self, pac) -> None:
        self.pac = pac
        if pac is not None:
            from pypac.resolver import ProxyResolver
            from requests.auth import HTTPProxyAuth

            auth = HTTPProxyAuth(self._username, self._password or "") if self._username else None
            self._resolver = ProxyResolver(pac, proxy_auth=auth)

    def proxies_for(self, url: str) -> dict | None:
        if self._pending:
            self._pending = False
            self._use(load_pac(self._source))
        if self._resolver is None:
            return None
        proxy = self._resolver.get_proxy(url)
        if proxy is None or proxy == "DIRECT":
            # None: every proxy the script named is marked down — go direct rather than not at all
            return {"http": None, "https": None}  # None overrides any HTTPS_PROXY from the environment
        return {"http": proxy, "https": proxy}


@functools.lru_cache(maxsize=1)
def _os_pac():
    """The OS's PAC script, looked up once per process (registry, WPAD: up to seconds on a network
    without one). Only Windows and macOS have such a setting; elsewhere pypac is not even loaded."""
    if sys.platform not in ("win32", "darwin"):
        return None
    from pypac import get_pac

    return get_pac(from_os_settings=True, from_dns=sys.platform == "win32", timeout=2)


def load_pac(source: str | None = None, *, from_os: bool = True):
    """The PAC script to use: ``source`` (URL, file path or ``file://`` URL), else the OS's; None when
    there is none. A script that cannot be fetched or parsed is logged and ignored (the static
    settings still apply) — the same as Windows, which falls back to a direct connection."""
    if not source and (not from_os or sys.platform not in ("win32", "darwin")):
        return None
    try:
        from pypac import get_pac
        from pypac.parser import MalformedPacError, PACFile
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        if source:
            if source.lower().startswith("file://"):
                source = urlsplit(source).path
            if Path(source).is_file():
                return PACFile(Path(source).read_text(encoding="utf-8", errors="replace"))
            return get_pac(url=source, allowed_content_types=_PAC_TYPES)
        if from_os:
            return _os_pac()
    except (MalformedPacError, OSError, ValueError) as exc:
        log.warning("proxy auto-config script ignored (%s)", type(exc).__name__)
    except Exception as exc:  # requests errors while downloading it: same fallback
        log.warning("proxy auto-config script unavailable (%s)", type(exc).__name__)
    return None


# Web servers label PAC files in several ways; pypac only takes the two official types by default.
_PAC_TYPES = ("application/x-ns-proxy-autoconfig", "application/x-javascript-config",
              "application/javascript", "text/javascript", "text/plain", "application/octet-stream")


def from_environment() -> ProxyChooser:
    """The chooser for this user: the PAC named in the environment, else the OS's (looked up at the
    first request)."""
    return ProxyChooser(None, os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD),
                        source=os.environ.get(ENV_PAC), lazy=True)
