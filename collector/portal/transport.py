"""The HTTP transport behind the portal client: one small interface, swappable (SPEC §8).

A transport sends one request and returns a response with ``status_code``, ``headers``
(case-insensitive), ``content``/``json()``, or raises :class:`PortalUnreachable`,
:class:`PortalTimeout` or :class:`CertificateError` for what went wrong on the network. It never
retries: the client does. A future transport for PAC scripts or NTLM/Negotiate proxies (which
``requests`` cannot do alone) only has to honour this.

The default, :class:`RequestsTransport`, is one ``requests.Session``:

- certificates are checked against the operating system's store (``truststore``), so the CA of a
  corporate TLS-inspecting proxy installed by the IT department is trusted like in the browser;
- proxies come from the environment (``HTTPS_PROXY``, ``NO_PROXY``) and, through
  ``urllib.request.getproxies()``, from the Windows registry / macOS settings (``trust_env``);
- uploads stream from the file object they are given, in 1 MiB blocks.
"""

from __future__ import annotations

import ssl
from typing import Any, Protocol

import requests
import requests.adapters
import requests.exceptions

from collector.portal.errors import (
    AuthenticationFailed,
    CertificateError,
    PermanentPortalError,
    PortalTimeout,
    PortalUnreachable,
)

BLOCK_SIZE = 1024 * 1024


class Transport(Protocol):
    def request(self, method: str, url: str, *, params: dict | None = None, headers: dict | None = None,
                json: Any = None, data: Any = None, auth: Any = None,
                timeout: tuple[float, float]) -> requests.Response: ...

    def close(self) -> None: ...


def system_ssl_context() -> ssl.SSLContext:
    """TLS context that verifies against the OS certificate store (falls back to certifi's)."""
    try:
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except Exception:  # pragma: no cover - truststore is a dependency; an odd platform still works
        return ssl.create_default_context()


class _SystemTrustAdapter(requests.adapters.HTTPAdapter):
    """HTTPAdapter with the OS trust store (also through an HTTPS-tunnelling proxy) and big blocks."""

    def __init__(self, ssl_context: ssl.SSLContext, **kwargs):
        self._ssl_context = ssl_context
        super().__init__(max_retries=0, **kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["ssl_context"] = self._ssl_context
        kwargs["blocksize"] = BLOCK_SIZE
        return super().init_poolmanager(*args, **kwargs)

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        proxy_kwargs.setdefault("ssl_context", self._ssl_context)
        proxy_kwargs.setdefault("blocksize", BLOCK_SIZE)
        return super().proxy_manager_for(proxy, **proxy_kwargs)


def mount_system_trust(session: requests.Session) -> requests.Session:
    """``session`` verifying against the OS certificate store, through proxies too."""
    adapter = _SystemTrustAdapter(system_ssl_context())
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


class RequestsTransport:
    def __init__(self, session: requests.Session | None = None, user_agent: str | None = None):
        self.session = session or requests.Session()
        if session is None:
            mount_system_trust(self.session)
        if user_agent:
            self.session.headers["User-Agent"] = user_agent

    def request(self, method, url, *, params=None, headers=None, json=None, data=None, auth=None, timeout):
        try:
            return self.session.request(method, url, params=params, headers=headers, json=json, data=data,
                                        auth=auth, timeout=timeout, allow_redirects=method == "GET")
        except requests.exceptions.SSLError as exc:
            raise CertificateError(
                "O certificado do portal não foi aceito: se a rede usa um proxy corporativo, peça ao TI "
                "que instale o certificado dele no Windows.") from _strip(exc)
        except requests.exceptions.ProxyError as exc:
            raise PortalUnreachable(
                "Falha no proxy da rede ao acessar o portal; verifique a conexão ou a configuração de "
                "proxy.") from _strip(exc)
        except (requests.exceptions.ConnectTimeout, requests.exceptions.ReadTimeout) as exc:
            kind = "conectar" if isinstance(exc, requests.exceptions.ConnectTimeout) else "responder"
            raise PortalTimeout(f"O portal demorou demais para {kind}; nova tentativa em seguida.") \
                from _strip(exc)
        except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            raise PortalUnreachable(
                "Sem conexão com o portal (rede indisponível ou conexão interrompida).") from _strip(exc)
        except requests.exceptions.InvalidHeader:
            raise _unusable_credentials() from None  # its message quotes the header: the token
        except requests.exceptions.RequestException as exc:  # InvalidURL, TooManyRedirects, ...
            raise PermanentPortalError(
                f"Falha ao falar com o portal ({type(exc).__name__}): confira o endereço do portal.") \
                from _strip(exc)
        except (ValueError, UnicodeError):
            # http.client refuses a header with a line break ("Invalid header value b'Bearer ...'") and
            # Basic auth cannot encode a non-Latin-1 token: both messages would show the secret
            raise _unusable_credentials() from None

    def close(self) -> None:
        self.session.close()


def _unusable_credentials() -> AuthenticationFailed:
    return AuthenticationFailed(
        "As credenciais do portal têm caracteres inválidos (quebra de linha ou acento no token): "
        "guarde o e-mail e o token de API de novo.")


def _strip(exc: BaseException) -> BaseException:
    """The cause kept for --debug: requests' messages hold the URL (and an upload token in its query)."""
    return type(exc)(type(exc).__name__) if isinstance(exc, requests.exceptions.RequestException) else exc
