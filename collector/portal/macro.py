"""A Zendesk macro that writes an analyst's diagnostic request (SPEC §4.6) from the agent workspace.

Zendesk facts (public documentation, developer.zendesk.com):

- Macros API (``/api-reference/ticketing/business-rules/macros/``): a macro is ``{"title", "actions",
  "active", "description", "restriction"}`` — ``title`` and ``actions`` are mandatory; ``POST
  /api/v2/macros`` ``{"macro": {...}}`` creates one, ``GET /api/v2/macros`` lists those the user may
  use (cursor pagination, at most 100 per page), ``PUT /api/v2/macros/{id}`` updates one; all three
  are allowed for agents. A ``restriction`` of null makes it available to every agent.
- Actions reference (``/documentation/ticketing/reference-guides/actions-reference/``): each action
  is ``{"field", "value"}``; macros take ``status`` (not ``new`` nor ``closed``) and, for the reply,
  ``comment_value`` (the comment text) and ``comment_mode_is_public`` (``true``: a public reply, which
  is what the customer's collector reads).
- Placeholders such as ``{{ticket.id}}`` are replaced in a macro's comment when an agent applies it.

The macro's comment carries a request block without a ticket number and with a relative ``since``
(:func:`collector.portal.request_doc.template`): one text fits every ticket, the ticket is the one the
comment lands on and the window counts back from when the comment was written. The block itself
holds no placeholder, so the text is recognised whether or not the portal renders placeholders.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from collector.core.errors import CollectorError, UsageError
from collector.core.kinds import label
from collector.core.timewindow import parse_duration
from collector.portal import errors
from collector.portal.client import PortalClient
from collector.portal.request_doc import DiagnosticRequest, find_in_text

FILE_SUFFIX = ".zendesk-macro.json"
DEFAULT_STATUS = "pending"  # the analyst waits on the customer: the ticket is "Pendente" (SPEC §1)


def _period(request: DiagnosticRequest) -> str:
    if request.since is not None:
        from collector.bundle.ticket import format_when

        return f"desde {format_when(request.since.isoformat())}"
    span = parse_duration(request.span or "")
    if span is None:
        return "dos últimos 2 dias"
    if span.total_seconds() % 86400 == 0:
        days = int(span.total_seconds() // 86400)
        return "do último dia" if days == 1 else f"dos últimos {days} dias"
    hours = max(1, int(span.total_seconds() // 3600))
    return "da última hora" if hours == 1 else f"das últimas {hours} horas"


def comment_text(request: DiagnosticRequest) -> str:
    """The reply the macro writes: a few lines for the customer, then the block the collector reads."""
    items = ", ".join(label(k) for k in request.items)
    lines = [
        "Olá! Para analisarmos este chamado, precisamos de um pacote de diagnóstico do Coletor de "
        f"Diagnóstico RM com: {items} ({_period(request)}).",
    ]
    if request.note:
        lines += ["", request.note]
    lines += [
        "",
        "No computador onde o problema acontece, abra o Coletor e escolha \"Coletar o que o analista pediu\", "
        "ou rode no terminal: collector answer {{ticket.id}}",
        "O Coletor mostra tudo o que será enviado antes de enviar. Não altere o bloco abaixo.",
        "",
        request.to_block(),
    ]
    return "\n".join(lines)


def definition(request: DiagnosticRequest, title: str | None = None, status: str | None = DEFAULT_STATUS) -> dict:
    """The ``{"macro": {...}}`` body of ``POST /api/v2/macros`` for ``request`` (a ticketless template)."""
    if request.ticket is not None:
        raise UsageError("a macro serve para qualquer chamado: gere-a sem --ticket")
    items = ", ".join(label(k) for k in request.items)
    actions: list[dict[str, Any]] = [
        {"field": "comment_value", "value": comment_text(request)},
        {"field": "comment_mode_is_public", "value": True},
    ]
    if status:
        actions.append({"field": "status", "value": status})
    return {"macro": {
        "title": title or f"Coletor RM::Pedir pacote de diagnóstico ({items})",
        "description": "Pede ao cliente um pacote do Coletor de Diagnóstico RM; o Coletor do cliente "
                       "reconhece o pedido no comentário e responde anexando o pacote.",
        "active": True,
        "restriction": None,
        "actions": actions,
    }}


def comment_of(macro: dict) -> str:
    """The comment text a macro (as defined or as the portal returns it) writes."""
    body = macro.get("macro", macro)
    for action in body.get("actions") or []:
        if action.get("field") in ("comment_value", "comment_value_html"):
            value = action.get("value")
            # Zendesk may answer ["channel:all", "text"] for a comment action
            return value[-1] if isinstance(value, list) and value else str(value or "")
    return ""


def write(path: Path, macro: dict) -> Path:
    if path.is_dir():
        path = path / f"pedido-diagnostico{FILE_SUFFIX}"
    try:
        path.write_text(json.dumps(macro, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise CollectorError(f"não foi possível gravar {path}: {exc.strerror or exc}") from None
    return path


def load(path: Path) -> dict:
    """A macro definition file, checked: a title, actions, and a comment holding a valid request block."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise UsageError(f"não foi possível ler {path}: {exc.strerror or exc}") from None
    except ValueError:
        raise UsageError(f"{path.name} não é uma definição de macro (JSON inválido)") from None
    body = data.get("macro") if isinstance(data, dict) else None
    if not isinstance(body, dict) or not isinstance(body.get("title"), str) or not body["title"].strip() \
            or not isinstance(body.get("actions"), list):
        raise UsageError(f"{path.name} não é uma definição de macro: faltam \"macro\", \"title\" ou \"actions\"")
    if not find_in_text(comment_of(data)):
        raise UsageError(f"a macro de {path.name} não contém um pedido de diagnóstico válido: gere-a com "
                         f"'collector request --items ... --macro ARQUIVO'")
    return data


def _same(installed: dict, wanted: dict) -> bool:
    def norm(actions):
        return [(a.get("field"), str(a.get("value")).lower() if isinstance(a.get("value"), bool) else a.get("value"))
                for a in actions or []]
    return norm(installed.get("actions")) == norm(wanted.get("actions"))


def install(client: PortalClient, macro: dict) -> tuple[dict, str]:
    """Creates the macro on the portal, or updates the one with the same title. Returns the portal's
    macro and what happened: ``"created"``, ``"updated"`` or ``"unchanged"``. An account that is not an
    agent gets :class:`errors.Forbidden` from the portal."""
    body = macro["macro"]
    try:
        existing = next((m for m in client.paginate("macros", "macros") if m.get("title") == body["title"]), None)
    except errors.Forbidden as exc:
        raise errors.Forbidden("O portal negou o acesso às macros (403): instale a macro com uma conta de "
                               "agente ou administrador.", status=403) from exc
    if existing is not None:
        if _same(existing, body) and existing.get("active", True) == body.get("active", True):
            return existing, "unchanged"
        updated = client.call("PUT", f"macros/{int(existing['id'])}", json=macro)
        return updated["macro"], "updated"
    created = client.call("POST", "macros", json=macro, idempotency_key=None)
    return created["macro"], "created"
