"""Portal errors, translated once at the HTTP boundary (``client.py``).

Two families drive the outbox (SPEC §4.7): a :class:`TransientPortalError` (network, timeout, 429,
5xx) is retried later with backoff; a :class:`PermanentPortalError` (400, 401, 403, 404, 422) stops
the entry until the user fixes what the message says. ``str(err)`` is one line in Portuguese that a
user can act on; it never carries a credential, an upload token or a full URL with its query.
"""

from __future__ import annotations

from collector.core.errors import CollectorError


class PortalError(CollectorError):
    """Any failure talking to the portal."""

    transient = False

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None,
                 code: str | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        self.code = code  # the portal's error name, e.g. "RecordInvalid", "IdempotentRequestError"


class TransientPortalError(PortalError):
    """Worth retrying later: connection failure, timeout, 429, 5xx."""

    transient = True


class PermanentPortalError(PortalError):
    """Retrying will not help until the user changes something."""


class PortalUnreachable(TransientPortalError):
    """No connection, connection reset, proxy failure."""


class PortalTimeout(TransientPortalError):
    """The portal accepted the connection but did not answer within the read timeout."""


class RateLimited(TransientPortalError):
    """429: the account's request budget is spent; ``retry_after`` says for how long."""


class AuthenticationFailed(PermanentPortalError):
    """401: the e-mail/token (or OAuth token) was refused."""


class SignInRequired(AuthenticationFailed):
    """The OAuth sign-in can no longer be used (401 and the refresh was refused): the outbox entry
    waits, kept, until the user signs in again ("entrar de novo")."""


class Forbidden(PermanentPortalError):
    """403: the account cannot do this."""


class NotFound(PermanentPortalError):
    """404: no such ticket (or not visible to this user)."""


class InvalidRecord(PermanentPortalError):
    """422: the portal refused the data; ``fields`` names what it complained about."""

    def __init__(self, message: str, *, fields: list[str] | None = None, details: dict | None = None,
                 status: int | None = 422, code: str | None = "RecordInvalid"):
        super().__init__(message, status=status, code=code)
        self.fields = fields or []
        self.details = details or {}

    def detail_codes(self) -> set[str]:
        """The ``error`` of each detail, e.g. ``{"ExpiredUploadToken"}``."""
        codes = set()
        for items in self.details.values():
            for item in items if isinstance(items, list) else [items]:
                if isinstance(item, dict) and isinstance(item.get("error"), str):
                    codes.add(item["error"])
        return codes


class CertificateError(PermanentPortalError):
    """TLS verification failed (often a corporate proxy whose CA is not in the system store)."""


class NotConfigured(PermanentPortalError):
    """No portal address or no credentials."""


#: What a cancelled send says (``Cancelled`` is core's: a cancellation is not a portal failure).
SEND_CANCELLED = "Envio cancelado pelo usuário."
