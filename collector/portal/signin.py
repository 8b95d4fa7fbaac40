"""Signing in and out of the configured portal, shared by ``collector login/logout/whoami`` and the
wizard's "Entrar no portal" (plain Python: the wizard runs these on a worker thread)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from collector.portal import auth, errors, oauth
from collector.portal.client import PortalClient
from collector.portal.profile import OAuthSettings, PortalProfile


@dataclass(frozen=True)
class SignedIn:
    credentials: auth.OAuthCredentials
    user: dict
    stored: bool  # False: no usable keyring, the sign-in lasts this run only


def require_oauth(profile: PortalProfile) -> OAuthSettings:
    if profile.oauth is None:
        raise errors.NotConfigured(
            f'o perfil do portal ({profile.source}) não tem a seção "oauth" (client_id e endereços de retorno): '
            f"peça ao administrador do portal o perfil completo, ou use e-mail e token de API.")
    return profile.oauth


def sign_in(url: str, profile: PortalProfile, *, browser: bool = True, timeout: float = oauth.DEFAULT_TIMEOUT,
            say: Callable[[str], None] = print, ask: Callable[[str], str] | None = None,
            cancel: threading.Event | None = None, keep: bool = True) -> SignedIn:
    """Browser sign-in, then ``users/me`` to learn who signed in, then the keyring (when there is one
    and ``keep``)."""
    settings = require_oauth(profile)
    tokens = oauth.sign_in(url, settings, browser=browser, timeout=timeout, say=say, ask=ask, cancel=cancel)
    credentials = auth.OAuthCredentials(url, settings, tokens, source="login")
    with PortalClient(url, credentials, timeout=(10.0, 30.0), attempts=2) as client:
        user = client.me()
    credentials.email = user.get("email")
    stored = keep and auth.save_oauth(url, credentials.tokens, settings.client_id, credentials.email)
    credentials.stored = stored
    return SignedIn(credentials, user, stored)


def sign_out(url: str, profile: PortalProfile) -> tuple[bool, bool]:
    """(revoked on the portal, removed from this computer)."""
    stored = auth.load_oauth(url, profile.oauth) if profile.oauth is not None else None
    revoked = oauth.revoke(url, stored.tokens) if stored is not None else False
    return revoked, auth.forget(url)


def who(url: str, profile: PortalProfile) -> tuple[dict, auth.Credentials | auth.OAuthCredentials]:
    """The signed-in user and the credentials that say so (the portal is asked)."""
    credentials = auth.load(url, profile.oauth)
    if credentials is None:
        raise errors.NotConfigured(auth.missing_message())
    with PortalClient(url, credentials, timeout=(10.0, 30.0), attempts=2) as client:
        return client.me(), credentials


def check_fields(client: PortalClient, profile: PortalProfile) -> list[str]:
    """What in the profile's field mapping the portal does not know (ids, drop-down tags, the form),
    read from ``GET /api/v2/ticket_fields``; empty when all is well or when the portal does not let
    this user read its fields (then the portal itself checks when the ticket is filed)."""
    if not profile.fields:
        return []
    try:
        fields = {f.get("id"): f for f in client.ticket_fields()}
    except (errors.Forbidden, errors.NotFound, errors.AuthenticationFailed):
        return []
    problems = []
    for fact, mapping in profile.fields.items():
        field = fields.get(mapping.id)
        if field is None:
            problems.append(f"o campo {mapping.id} ({fact}) não existe no portal")
            continue
        if mapping.tags:
            known = {o.get("value") for o in field.get("custom_field_options") or []}
            for value, tag in mapping.tags.items():
                if tag not in known:
                    problems.append(f"a etiqueta {tag!r} ({fact} = {value}) não é uma opção do campo {mapping.id}")
    return problems
