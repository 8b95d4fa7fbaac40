"""Where the portal is and how its custom fields are numbered.

The address comes, first match wins, from ``--portal URL``, the environment variable
``COLLECTOR_PORTAL_URL``, the ``"portal"`` section of the settings file, then the portal profile
(:mod:`collector.portal.profile`, which also says how to sign in and how fields are filled)::

    {"portal": {"url": "https://suporte.example.com",
                "custom_fields": {"version": 360001, "database": 360002, "topology": 360003},
                "new_request_url": "https://suporte.example.com/hc/pt-br/requests/new",
                "support_email": "suporte@example.com"}}

Custom fields (SPEC §4.4) map a fact of the bundle to the portal's numeric field id; a fact with
no id configured is simply not sent as a field (it is in the ticket text anyway).

The settings file is read (:func:`load`) and written (:func:`save_url`) here only. The help center's
pages live under :data:`HELP_CENTER` (Zendesk: ``/hc/{locale}/requests/{id}`` shows a request to its
requester, ``/hc/{locale}/requests/new`` is the request form; support.zendesk.com, "Help Center URLs").
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from collector.core import settings_file
from collector.core.errors import UsageError
from collector.portal import profile as portal_profile
from collector.portal.proxies import require_https

ENV_URL = "COLLECTOR_PORTAL_URL"
# The facts that can become custom fields, in the order of SPEC §4.4.
FIELD_KEYS = ("version", "database", "topology")
#: The help center's path on the portal (Portuguese locale).
HELP_CENTER = "/hc/pt-br"


def request_page_url(base_url: str, request_id: int | str) -> str:
    """The page where the requester sees the request (``{base}/hc/pt-br/requests/{id}``)."""
    return f"{base_url.rstrip('/')}{HELP_CENTER}/requests/{request_id}"


def request_form_url(base_url: str) -> str:
    """The help center's "new request" form."""
    return f"{base_url.rstrip('/')}{HELP_CENTER}/requests/new"


@dataclass(frozen=True)
class PortalSettings:
    url: str | None = None
    custom_fields: dict[str, int] = field(default_factory=dict)
    new_request_url: str | None = None
    support_email: str | None = None
    source: str = "none"  # where the url came from: "--portal", env, settings, profile, none
    profile: portal_profile.PortalProfile = field(default_factory=portal_profile.PortalProfile)

    @property
    def configured(self) -> bool:
        return bool(self.url)

    def request_form_url(self) -> str | None:
        """The portal's "new request" page, for the manual hand-off."""
        if self.new_request_url:
            return self.new_request_url
        return request_form_url(self.url) if self.url else None

    def ticket_url(self, ticket_id: int) -> str | None:
        return request_page_url(self.url, ticket_id) if self.url else None


def normalize_url(url: str) -> str:
    """``https://host/`` → ``https://host``; refuse what is not an https address (http only for this
    machine, see :func:`collector.portal.proxies.require_https`)."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"endereço do portal inválido: {url!r} (use https://...)")
    if parts.username or parts.password:
        raise UsageError("o endereço do portal não pode conter usuário ou senha")
    require_https(url)
    return url


def save_url(url: str) -> str:
    """Validates ``url`` and stores it as the portal's address (``{"portal": {"url": ...}}``), keeping
    the rest of the settings file. Returns the normalized address."""
    url = normalize_url(url)
    section = settings_file.section("portal")
    section["url"] = url
    settings_file.write_section("portal", section)
    return url


def _field_ids(raw: object) -> dict[str, int]:
    ids: dict[str, int] = {}
    if isinstance(raw, dict):
        for key in FIELD_KEYS:
            value = raw.get(key)
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                ids[key] = value
            elif isinstance(value, str) and value.strip().isdigit():
                ids[key] = int(value)
    return ids


def load(cli_url: str | None = None, profile_path=None) -> PortalSettings:
    section = settings_file.section("portal")
    profile = portal_profile.load(profile_path)
    url, source = None, "none"
    if cli_url:
        url, source = cli_url, "--portal"
    elif os.environ.get(ENV_URL):
        url, source = os.environ[ENV_URL], ENV_URL
    elif isinstance(section.get("url"), str) and section["url"].strip():
        url, source = section["url"], "settings"
    elif profile.url:
        url, source = profile.url, "profile"
    new_request = section.get("new_request_url") if isinstance(section.get("new_request_url"), str) else None
    email = section.get("support_email") if isinstance(section.get("support_email"), str) else None
    return PortalSettings(
        url=normalize_url(url) if url else None,
        custom_fields=_field_ids(section.get("custom_fields")),
        new_request_url=new_request or profile.new_request_url,
        support_email=email or profile.support_email,
        source=source,
        profile=profile,
    )
