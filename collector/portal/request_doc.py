"""The analyst's diagnostic request (SPEC §4.6), schema ``collector.request/1``.

``{"ticket": 123, "items": ["rmerror", "logs"], "since": "2026-11-20T00:00:00-03:00", "note": "..."}``

It travels as a file (``*.collector-request.json``) or inside a ticket comment, base64url of the
JSON between ``-----BEGIN COLLECTOR REQUEST-----`` and ``-----END COLLECTOR REQUEST-----``. Comments
are hostile input: the block may be wrapped, indented, quoted by an e-mail client or broken, so
:func:`find_in_text` skips what does not parse instead of failing.

A block in a comment may leave out ``ticket`` (the ticket is the one carrying the comment) and give
``since`` as a duration (``"2d"``: counted back from when the comment was written): that is how a
Zendesk macro — one fixed text for every ticket — carries a request (:func:`template`,
:meth:`DiagnosticRequest.for_comment`).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from collector.core import kinds
from collector.core.errors import UsageError
from collector.core.kinds import Kind
from collector.core.timewindow import local_now, parse_duration, parse_when

SCHEMA = "collector.request/1"
BEGIN = "-----BEGIN COLLECTOR REQUEST-----"
END = "-----END COLLECTOR REQUEST-----"
FILE_SUFFIX = ".collector-request.json"
_BLOCK = re.compile(re.escape(BEGIN) + r"(.*?)" + re.escape(END), re.S)


def without_blocks(text: str, placeholder: str) -> str:
    """``text`` with each request block replaced by ``placeholder`` (what a person reads)."""
    return _BLOCK.sub(lambda _m: placeholder, text)
MAX_NOTE = 2000


class RequestError(UsageError):
    """A diagnostic request that cannot be used (the message says why)."""


@dataclass(frozen=True)
class DiagnosticRequest:
    ticket: int | None  # None: the ticket whose comment carries the request (a macro's block)
    items: tuple[Kind, ...]
    since: datetime | None = None
    note: str = ""
    extra: dict = field(default_factory=dict, compare=False)
    span: str | None = None  # a duration ("2d") counted back from the comment, instead of ``since``

    def to_json(self) -> dict:
        data: dict = {"schema": SCHEMA}
        if self.ticket is not None:
            data["ticket"] = self.ticket
        data["items"] = list(self.items)
        if self.since is not None:
            data["since"] = self.since.isoformat(timespec="seconds")
        elif self.span:
            data["since"] = self.span
        if self.note:
            data["note"] = self.note
        return data

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)

    def to_block(self, width: int = 64) -> str:
        raw = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        encoded = base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
        lines = [encoded[i:i + width] for i in range(0, len(encoded), width)]
        return "\n".join([BEGIN, *lines, END])

    def file_name(self) -> str:
        return f"chamado-{self.ticket}{FILE_SUFFIX}" if self.ticket else f"pedido{FILE_SUFFIX}"

    def for_comment(self, ticket: int, written_at: datetime) -> DiagnosticRequest:
        """This request as found in a comment of ``ticket`` written at ``written_at``: the ticket filled
        in and a duration turned into the start of the window. A block naming another ticket is
        refused (:class:`RequestError`): it was pasted in the wrong place."""
        if self.ticket is not None and self.ticket != int(ticket):
            raise RequestError(f"o pedido é para o chamado #{self.ticket}, não para o #{ticket}")
        return DiagnosticRequest(int(ticket), self.items, self.window_start(written_at), self.note, self.extra)

    def window_start(self, now: datetime) -> datetime | None:
        """Where the requested window starts: ``since``, or ``now`` minus the duration; None: the
        default window."""
        if self.since is not None or not self.span:
            return self.since
        try:
            return parse_when(self.span, now)
        except UsageError as exc:
            raise RequestError(f"pedido de diagnóstico inválido: {exc}") from None


def build(ticket: int | str, items: list[str] | str, since: str | datetime | None = None, note: str = "",
          now: datetime | None = None) -> DiagnosticRequest:
    try:
        ticket_id = int(ticket)
    except (TypeError, ValueError):
        raise RequestError(f"número de chamado inválido: {ticket!r}") from None
    if ticket_id <= 0:
        raise RequestError(f"número de chamado inválido: {ticket!r}")
    wanted = _items(items)
    if isinstance(since, str):
        since = parse_when(since, now)
    if not isinstance(note, str):
        raise RequestError("a observação (note) deve ser texto")
    return DiagnosticRequest(ticket_id, tuple(wanted), since, note.strip()[:MAX_NOTE])


def template(items: list[str] | str, since: str | None = None, note: str = "") -> DiagnosticRequest:
    """A request without a ticket, for a macro: ``since`` stays a duration (``"2d"``), counted back
    from the comment the macro writes; an ISO date is kept as it is."""
    wanted = _items(items)
    span = None
    when = None
    if since:
        since = since.strip()
        if parse_duration(since) is not None:
            parse_when(since, local_now())  # the same limits as --since (positive, at most 10 years)
            span = since
        else:
            when = parse_when(since, local_now())
    return DiagnosticRequest(None, tuple(wanted), when, (note or "").strip()[:MAX_NOTE], span=span)


def _items(items: list[str] | str) -> list[Kind]:
    if isinstance(items, str):
        items = [i for i in re.split(r"[,\s]+", items) if i]
    wanted: list[Kind] = []
    for item in items:
        kind = kinds.parse(item) if isinstance(item, str) else None
        if kind is None:
            raise RequestError(f"item desconhecido: {item!r} (use {', '.join(Kind)})")
        if kind not in wanted:
            wanted.append(kind)
    if not wanted:
        raise RequestError("informe ao menos um item (--items rmerror,logs,...)")
    return wanted


def from_json(data: object) -> DiagnosticRequest:
    if not isinstance(data, dict):
        raise RequestError("pedido de diagnóstico inválido: não é um objeto JSON")
    schema = data.get("schema", SCHEMA)
    if schema != SCHEMA:
        raise RequestError(f"pedido de diagnóstico de versão desconhecida ({schema!r})")
    since = data.get("since")
    span = None
    if since is not None and not isinstance(since, str):
        raise RequestError("pedido de diagnóstico inválido: since deve ser data/hora ISO")
    if isinstance(since, str):
        if parse_duration(since.strip()) is not None:
            span, since = since.strip(), None
        else:
            try:
                since = datetime.fromisoformat(since)
            except ValueError:
                raise RequestError("pedido de diagnóstico inválido: since não é data/hora ISO") from None
            if since.tzinfo is None:
                since = since.astimezone()
    items = data.get("items")
    if not isinstance(items, list):
        raise RequestError("pedido de diagnóstico inválido: items deve ser uma lista")
    note = data.get("note") or ""
    ticket = data.get("ticket")
    if ticket is None:
        request = template(items, None, note if isinstance(note, str) else "")
        request = DiagnosticRequest(None, request.items, since, request.note, span=span)
    else:
        request = build(ticket, items, since, note)
    known = {"schema", "ticket", "items", "since", "note"}
    return DiagnosticRequest(request.ticket, request.items, request.since, request.note,
                             {k: v for k, v in data.items() if k not in known}, span)


def loads(text: str) -> DiagnosticRequest:
    try:
        data = json.loads(text)
    except ValueError:
        raise RequestError("pedido de diagnóstico inválido: JSON malformado") from None
    return from_json(data)


def load_file(path: str | Path) -> DiagnosticRequest:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise RequestError(f"não foi possível ler {path.name}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RequestError(f"{path.name} não é um pedido de diagnóstico (texto UTF-8)") from None
    return loads(text) if BEGIN not in text else _first(find_in_text(text), path.name)


def _first(found: list[DiagnosticRequest], where: str) -> DiagnosticRequest:
    if not found:
        raise RequestError(f"nenhum pedido de diagnóstico válido em {where}")
    return found[0]


def decode_block(payload: str) -> DiagnosticRequest:
    # lines may be indented or quoted ("> ") by a mail client; keep only base64url characters
    lines = [re.sub(r"^[\s>]+", "", line) for line in payload.splitlines()]
    compact = re.sub(r"[^A-Za-z0-9_\-]", "", "".join(lines))
    try:
        raw = base64.urlsafe_b64decode(compact + "=" * (-len(compact) % 4))
        return loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError) as exc:
        if isinstance(exc, RequestError):
            raise
        raise RequestError("bloco de pedido de diagnóstico corrompido") from None


def find_in_text(text: str) -> list[DiagnosticRequest]:
    """Every valid request block in a comment body (invalid blocks are skipped)."""
    found = []
    for match in _BLOCK.finditer(text or ""):
        try:
            found.append(decode_block(match.group(1)))
        except RequestError:
            continue
    return found
