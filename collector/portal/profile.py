"""The portal profile (SPEC §4.5, schema ``collector.portal/1``): everything site-specific in one file.

Found, first match wins: ``--profile FILE``, ``COLLECTOR_PORTAL_PROFILE``, ``portal.json`` in the
settings folder, then the one shipped with the distribution (``default_profile.json`` beside this
module). The local portal ships its own (``collector/portal/local/profile.json``).

Facts from Zendesk's documentation that shape it:

- OAuth clients are registered by an administrator (Admin Center > Apps and integrations > APIs >
  OAuth clients) with a *unique identifier* (our ``client_id``), a kind (*public* clients must use
  PKCE) and redirect URLs, which must be https "unless localhost or 127.0.0.1" and are matched
  exactly — hence a list of loopback URIs, of which the first whose port is free is used
  ("Using OAuth authentication with your application", support.zendesk.com 4408845965210).
- Scopes are ``read`` / ``write`` (or resource scopes such as ``requests:write``), space-separated in
  the authorization URL.
- A drop-down custom field takes the option's *tag* (its ``value``), not its label; Zendesk's admin
  interface calls the two "Name" and "Tag" (Ticket Fields / Organization Fields API reference).
- ``ticket_form_id`` is honoured on ``POST /api/v2/requests`` only on plans with multiple ticket forms
  (Enterprise); elsewhere Zendesk ignores it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeGuard
from urllib.parse import urlsplit

from collector.core import paths
from collector.core.errors import CollectorError

SCHEMA = "collector.portal/1"
ENV_PROFILE = "COLLECTOR_PORTAL_PROFILE"
SETTINGS_NAME = "portal.json"
SHIPPED = Path(__file__).with_name("default_profile.json")

# Fact names for "fields" and, for the closed ones, the values they can take (SPEC §4.5).
FACTS: dict[str, tuple[str, ...] | None] = {
    "version": None,
    "release": None,
    "database": ("sqlserver", "oracle", "unknown"),
    "topology": ("local", "three-tier", "unknown"),
    "cloud": ("yes", "no"),
    "coligada": None,
    "filial": None,
    "affected": ("one", "some", "all"),
    "product": None,
}
KEYS = {"schema", "url", "brand", "oauth", "ticket_form_id", "fields", "ccs", "new_request_url", "support_email",
        "csat", "poll_minutes"}
# How often the tray asks the portal about the user's tickets. Every running collector of every
# customer counts against the one portal account's per-minute limit (Zendesk counts requests per
# account: https://developer.zendesk.com/api-reference/introduction/rate-limits — 700/min on Suite
# Enterprise): 3,500 desktops polling every 5 min would spend all of it. The portal's admin sets it
# here; a quiet poll is one request (collector.portal.watch).
POLL_MINUTES = (5, 1440)
DEFAULT_POLL_MINUTES = 15
# How the portal asks for satisfaction (:mod:`collector.portal.satisfaction`): "legacy" (Satisfaction
# Ratings API, the end user rates in the collector) or "survey" (CSAT survey responses: answered on
# the portal's survey page; the collector only reads the user's own response)
CSAT_MODES = ("legacy", "survey")
OAUTH_KEYS = {"client_id", "scopes", "redirect_uris"}
FIELD_KEYS = {"id", "tags"}


class ProfileError(CollectorError):
    """The profile is unusable; ``problems`` holds one sentence per mistake."""

    exit_code = 2

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"perfil do portal inválido ({source}):\n{lines}")


class MissingTag(CollectorError):
    """A fact's value has no drop-down tag in the profile: caught before anything is sent."""


@dataclass(frozen=True)
class FieldMap:
    id: int
    tags: dict[str, str] | None = None  # value -> option tag; None: a text field

    def value_for(self, fact: str, value: str):
        if self.tags is None:
            return value
        tag = self.tags.get(value)
        if tag is None:
            raise MissingTag(
                f"o perfil do portal não tem a etiqueta (tag) do campo {fact!r} para o valor {value!r}: "
                f"acrescente-a em \"fields\" → \"{fact}\" → \"tags\" (valores conhecidos: "
                f"{', '.join(sorted(self.tags)) or 'nenhum'})")
        return tag


@dataclass(frozen=True)
class OAuthSettings:
    client_id: str
    scopes: tuple[str, ...] = ("read", "write")
    redirect_uris: tuple[str, ...] = ()


@dataclass(frozen=True)
class PortalProfile:
    url: str | None = None
    brand: str = ""
    oauth: OAuthSettings | None = None
    ticket_form_id: int | None = None
    fields: dict[str, FieldMap] = field(default_factory=dict)
    ccs: bool = False
    new_request_url: str | None = None
    support_email: str | None = None
    csat: str = "legacy"
    poll_minutes: int = DEFAULT_POLL_MINUTES
    source: str = "shipped"  # --profile, COLLECTOR_PORTAL_PROFILE, settings, shipped, local

    def custom_fields(self, facts: dict[str, str]) -> list[dict]:
        """``[{"id", "value"}]`` for the facts that have a value and a field; a drop-down value
        without a tag raises :class:`MissingTag` (reported before sending, never as a rejected ticket)."""
        out = []
        for name, mapping in self.fields.items():
            value = facts.get(name)
            if value in (None, ""):
                continue
            out.append({"id": mapping.id, "value": mapping.value_for(name, str(value))})
        return out

    def with_url(self, url: str) -> PortalProfile:
        return replace(self, url=url)


# ---------------------------------------------------------------------- validation


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _check_url(value, what: str, problems: list[str], *, loopback: bool = False) -> None:
    if not isinstance(value, str):
        problems.append(f"{what} deve ser um endereço (texto)")
        return
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problems.append(f"{what} não é um endereço http(s): {value!r}")
        return
    if loopback:
        if parts.scheme != "http" or parts.hostname != "127.0.0.1" or not parts.port:
            problems.append(f"{what} deve ser http://127.0.0.1:PORTA/... (endereço de retorno local): {value!r}")
    elif parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost"):
        problems.append(f"{what} deve usar https (http só para 127.0.0.1): {value!r}")


def _oauth(raw, problems: list[str]) -> OAuthSettings | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.append('"oauth" deve ser um objeto {"client_id", "scopes", "redirect_uris"}')
        return None
    for key in sorted(set(raw) - OAUTH_KEYS):
        problems.append(f'chave desconhecida em "oauth": {key!r}')
    client_id = raw.get("client_id")
    if not isinstance(client_id, str) or not client_id.strip():
        problems.append('"oauth.client_id" é obrigatório (o identificador único do cliente OAuth no portal)')
    scopes = raw.get("scopes", ["read", "write"])
    if not isinstance(scopes, list) or not scopes or not all(isinstance(s, str) and s.strip() and " " not in s
                                                             for s in scopes):
        problems.append('"oauth.scopes" deve ser uma lista de escopos, como ["read", "write"]')
        scopes = []
    uris = raw.get("redirect_uris")
    if not isinstance(uris, list) or not uris:
        problems.append('"oauth.redirect_uris" deve listar ao menos um endereço http://127.0.0.1:PORTA/...')
        uris = []
    for index, uri in enumerate(uris):
        _check_url(uri, f'"oauth.redirect_uris"[{index}]', problems, loopback=True)
    if not isinstance(client_id, str):
        return None
    return OAuthSettings(client_id.strip(), tuple(scopes), tuple(u for u in uris if isinstance(u, str)))


def _fields(raw, problems: list[str]) -> dict[str, FieldMap]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append('"fields" deve ser um objeto {fato: {"id", "tags"}}')
        return {}
    out: dict[str, FieldMap] = {}
    for name, spec in raw.items():
        if name not in FACTS:
            problems.append(f'fato desconhecido em "fields": {name!r} (use {", ".join(FACTS)})')
            continue
        if not isinstance(spec, dict):
            problems.append(f'"fields.{name}" deve ser um objeto {{"id": número, "tags": {{...}}}}')
            continue
        for key in sorted(set(spec) - FIELD_KEYS):
            problems.append(f'chave desconhecida em "fields.{name}": {key!r}')
        field_id = spec.get("id")
        if not _is_int(field_id):
            problems.append(f'"fields.{name}.id" deve ser o número do campo no portal')
            continue
        tags = spec.get("tags")
        if tags is not None:
            if not isinstance(tags, dict) or not tags:
                problems.append(f'"fields.{name}.tags" deve ser um objeto {{valor: etiqueta}}')
                continue
            allowed = FACTS[name]
            bad = False
            for value, tag in tags.items():
                if allowed is not None and value not in allowed:
                    problems.append(f'"fields.{name}.tags": valor desconhecido {value!r} '
                                    f'(use {", ".join(allowed)})')
                    bad = True
                if not isinstance(tag, str) or not tag.strip() or " " in tag.strip():
                    problems.append(f'"fields.{name}.tags.{value}" deve ser a etiqueta (tag) da opção, '
                                    f'sem espaços')
                    bad = True
            if bad:
                continue
        out[name] = FieldMap(field_id, dict(tags) if tags is not None else None)
    ids = [m.id for m in out.values()]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f'o campo {dup} aparece em mais de um fato em "fields"')
    return out


def parse(data, source: str) -> PortalProfile:
    """A validated profile from decoded JSON; every mistake is named in one :class:`ProfileError`."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ProfileError(source, ["o arquivo deve conter um objeto JSON"])
    if data.get("schema") != SCHEMA:
        problems.append(f'"schema" deve ser "{SCHEMA}" (encontrado: {data.get("schema")!r})')
    for key in sorted(set(data) - KEYS):
        problems.append(f"chave desconhecida: {key!r}")
    url = data.get("url")
    if url is not None:
        _check_url(url, '"url"', problems)
        url = url.rstrip("/") if isinstance(url, str) else None
    brand = data.get("brand", "")
    if not isinstance(brand, str):
        problems.append('"brand" deve ser texto')
        brand = ""
    oauth = _oauth(data.get("oauth"), problems)
    form = data.get("ticket_form_id")
    if form is not None and not _is_int(form):
        problems.append('"ticket_form_id" deve ser o número do formulário de chamado (ou null)')
        form = None
    fields_ = _fields(data.get("fields"), problems)
    ccs = data.get("ccs", False)
    if not isinstance(ccs, bool):
        problems.append('"ccs" deve ser true ou false')
        ccs = False
    for key in ("new_request_url", "support_email"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(f'"{key}" deve ser texto')
    if data.get("new_request_url"):
        _check_url(data["new_request_url"], '"new_request_url"', problems)
    csat = data.get("csat", "legacy")
    if csat not in CSAT_MODES:
        problems.append(f'"csat" deve ser {" ou ".join(repr(m) for m in CSAT_MODES)} (encontrado: {csat!r})')
    poll = data.get("poll_minutes", DEFAULT_POLL_MINUTES)
    if not _is_int(poll) or not POLL_MINUTES[0] <= poll <= POLL_MINUTES[1]:
        problems.append(f'"poll_minutes" deve ser um número inteiro de minutos entre {POLL_MINUTES[0]} e '
                        f'{POLL_MINUTES[1]} (encontrado: {poll!r})')
        poll = DEFAULT_POLL_MINUTES
    if problems:
        raise ProfileError(source, problems)
    return PortalProfile(url=url, brand=brand, oauth=oauth, ticket_form_id=form, fields=fields_, ccs=ccs,
                         new_request_url=data.get("new_request_url"), support_email=data.get("support_email"),
                         csat=csat, poll_minutes=poll, source=source)


def read(path: Path, source: str | None = None) -> PortalProfile:
    source = source or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ProfileError(source, [f"arquivo não encontrado: {path}"]) from None
    except OSError as exc:
        raise ProfileError(source, [f"não foi possível ler {path}: {exc.strerror or exc}"]) from None
    import json  # here: imported before the main window's first paint, used later

    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ProfileError(source, [f"JSON inválido (linha {getattr(exc, 'lineno', '?')}): {exc}"]) from None
    return parse(data, source)


def settings_path() -> Path:
    return paths.data_dir() / SETTINGS_NAME


def locate(cli_path: str | Path | None = None) -> tuple[Path, str]:
    """Which profile file is in force and why (``--profile``, env, settings, shipped)."""
    if cli_path:
        return Path(cli_path), "--profile"
    env = os.environ.get(ENV_PROFILE, "").strip()
    if env:
        return Path(env), ENV_PROFILE
    candidate = settings_path()
    if candidate.is_file():
        return candidate, "settings"
    return SHIPPED, "shipped"


def load(cli_path: str | Path | None = None) -> PortalProfile:
    path, source = locate(cli_path)
    profile = read(path, f"{path}" if source == "shipped" else f"{source}: {path}")
    return replace(profile, source=source)
