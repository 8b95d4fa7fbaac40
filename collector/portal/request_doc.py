"""The analyst's diagnostic request (SPEC §4.6), schema ``collector.request/1``.

``{"ticket": 123, "items": ["rmerror", "logs"], "since": "2026-11-20T00:00:00-03:00", "note": "..."}``

It travels as a file (``*.collector-request.json``) or inside a ticket comment, base64url of the
JSON between ``-----BEGIN COLLECTOR REQUEST-----`` and ``-----END COLLECTOR REQUEST-----``. Comments
are hostile input: the block may be wrapped, indented, quoted by an e-mail client or broken, so
:func:`find_in_text` skips what does not parse instead of failing.
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
from collector.core.timewindow import parse_when

SCHEMA = "collector.request/1"
BEGIN = "-----BEGIN COLLECTOR REQUEST-----"
END = "-----END COLLECTOR REQUEST-----"
FILE_SUFFIX = ".collector-request.json"
_BLOCK = re.compile(re.escape(BEGIN) + r"(.*?)" + re.escape(END), re.S)
MAX_NOTE = 2000


class RequestError(UsageError):
    """A diagnostic request that cannot be used (the message says why)."""


@dataclass(frozen=True)
class DiagnosticRequest:
    ticket: int
    items: tuple[Kind, ...]
    since: datetime | None = None
    note: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def to_json(self) -> dict:
        data = {"schema": SCHEMA, "ticket": self.ticket, "items": list(self.items)}
        if self.since is not None:
            data["since"] = self.since.isoformat(timespec="seconds")
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
        return f"chamado-{self.ticket}{FILE_SUFFIX}"


def build(ticket: int | str, items: list[str] | str, since: str | datetime | None = None, note: str = "",
          now: datetime | None = None) -> DiagnosticRequest:
    try:
        ticket_id = int(ticket)
    except (TypeError, ValueError):
        raise RequestError(f"número de chamado inválido: {ticket!r}") from None
    if ticket_id <= 0:
        raise RequestError(f"número de chamado inválido: {ticket!r}")
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
    if isinstance(since, str):
        since = parse_when(since, now)
    if not isinstance(note, str):
        raise RequestError("a observação (note) deve ser texto")
    return DiagnosticRequest(ticket_id, tuple(wanted), since, note.strip()[:MAX_NOTE])


def from_json(data: object) -> DiagnosticRequest:
    if not isinstance(data, dict):
        raise RequestError("pedido de diagnóstico inválido: não é um objeto JSON")
    schema = data.get("schema", SCHEMA)
    if schema != SCHEMA:
        raise RequestError(f"pedido de diagnóstico de versão desconhecida ({schema!r})")
    since = data.get("since")
    if since is not None and not isinstance(since, str):
        raise RequestError("pedido de diagnóstico inválido: since deve ser data/hora ISO")
    if isinstance(since, str):
        try:
            since = datetime.fromisoformat(since)
        except ValueError:
            raise RequestError("pedido de diagnóstico inválido: since não é data/hora ISO") from None
    items = data.get("items")
    if not isinstance(items, list):
        raise RequestError("pedido de diagnóstico inválido: items deve ser uma lista")
    request = build(data.get("ticket", ""), items, since, data.get("note") or "")
    known = {"schema", "ticket", "items", "since", "note"}
    return DiagnosticRequest(request.ticket, request.items, request.since, request.note,
                             {k: v for k, v in data.items() if k not in known})


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
