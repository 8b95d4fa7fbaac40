"""What the database probe leaves in the bundle (``database/``) and in the ticket text.

``database/database.json`` holds the facts (schema ``collector.database/1``), ``database/resumo.txt``
a short summary in Portuguese; ``ticket_summary`` gives the text after "Banco de dados:" in the ticket
("SQL Server 2019 (15.0.4360), collation Latin1_General_CI_AI"), whatever the probe's status.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

JSON_NAME = "database.json"
TEXT_NAME = "resumo.txt"

_STATUS_LABELS = {"ok": "ok", "error": "erro", "timeout": "tempo esgotado", "permission": "sem permissão",
                  "missing": "não existe", "unsupported": "não suportado", "skipped": "não executada"}


def _number(value: Any, decimals: int = 1) -> str:
    """1234567.8 → ``1.234.567,8`` (Brazilian format)."""
    if not isinstance(value, int | float):
        return str(value)
    text = f"{value:,.{decimals}f}" if isinstance(value, float) else f"{value:,d}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def summary_line(facts: dict[str, Any]) -> str:
    """``SQL Server 2019 (15.0.4360), collation Latin1_General_CI_AI`` /
    ``Oracle Database 19c Enterprise Edition (19.3.0.0.0), NLS_CHARACTERSET WE8MSWIN1252``."""
    kind = (facts.get("target") or {}).get("type") or facts.get("type")
    product = facts.get("product") or ("Oracle" if kind == "oracle" else "SQL Server")
    text = product
    if facts.get("version_short"):
        text += f" ({facts['version_short']})"
    if kind == "oracle":
        if facts.get("charset"):
            text += f", NLS_CHARACTERSET {facts['charset']}"
    elif facts.get("collation"):
        text += f", collation {facts['collation']}"
    return text


def _strip_type(reason: str) -> str:
    """The runner writes ``TypeName: message``; the user reads the message."""
    return re.sub(r"^(?:DbError|[A-Za-z_]*Error):\s*", "", reason or "").strip()


def ticket_summary(result: Any) -> str | None:
    """The ticket's database summary for a ``ProbeResult`` of ``DatabaseProbe``; None when the probe
    was skipped (the manifest says why)."""
    status = getattr(result, "status", None)
    if status == "ok":
        facts = getattr(result.value, "facts", None)
        return summary_line(facts) if facts else None
    if status == "timeout":
        seconds = round((getattr(result, "duration_ms", 0) or 0) / 1000)
        return f"o servidor de banco não respondeu em {seconds} s (tempo esgotado; consulta cancelada)"
    if status == "error":
        return f"não foi possível consultar o banco: {_strip_type(result.reason or '')}"
    return None


def ticket_line(result: Any) -> str | None:
    summary = ticket_summary(result)
    return f"Banco de dados: {summary}" if summary else None


def summary_text(facts: dict[str, Any]) -> str:
    target = facts.get("target") or {}
    lines = ["Banco de dados do RM (consulta somente leitura)", ""]
    auth = "autenticação do Windows" if target.get("auth") == "windows" else f"usuário {target.get('user')}"
    where = f"banco {target['name']}, " if target.get("name") else ""
    lines.append(f"Alias: {target.get('alias')} — servidor {target.get('server')}, {where}{auth}")
    if facts.get("driver"):
        lines.append(f"Driver: {facts['driver']} — conexão em {facts.get('connect_ms', '?')} ms")
    lines.append(f"Servidor: {summary_line(facts)}")
    details = [facts.get(k) for k in ("product_level", "update_level", "edition") if facts.get(k)]
    if details:
        lines.append(f"Edição / atualização: {' · '.join(str(d) for d in details)}")
    if facts.get("version") and facts.get("version") != facts.get("version_short"):
        lines.append(f"Versão completa: {facts['version']}")
    if facts.get("server_collation") and facts.get("server_collation") != facts.get("collation"):
        lines.append(f"Collation do servidor: {facts['server_collation']}")
    if facts.get("nchar_charset"):
        lines.append(f"NLS_NCHAR_CHARACTERSET: {facts['nchar_charset']}")
    if facts.get("compatibility_level") is not None:
        lines.append(f"Nível de compatibilidade: {facts['compatibility_level']}")
    if facts.get("read_committed_snapshot") is not None:
        lines.append(f"READ_COMMITTED_SNAPSHOT: {'ligado' if facts['read_committed_snapshot'] else 'desligado'}")
    if facts.get("size_mb") is not None:
        scope = " (só o esquema do usuário)" if facts.get("size_scope") == "schema" else ""
        parts = [f"dados {_number(facts['data_mb'])} MB" if facts.get("data_mb") is not None else None,
                 f"log {_number(facts['log_mb'])} MB" if facts.get("log_mb") is not None else None]
        extra = ", ".join(p for p in parts if p)
        lines.append(f"Tamanho: {_number(facts['size_mb'])} MB{scope}" + (f" ({extra})" if extra else ""))
    if facts.get("server_time"):
        zone = facts.get("server_timezone") or (f"UTC{facts['server_utc_offset']}"
                                                 if facts.get("server_utc_offset") else "")
        if facts.get("db_timezone"):
            zone = f"{zone}; DBTIMEZONE {facts['db_timezone']}" if zone else f"DBTIMEZONE {facts['db_timezone']}"
        text = f"Hora do servidor: {facts['server_time']}" + (f" ({zone})" if zone else "")
        offset = facts.get("clock_offset_s")
        if isinstance(offset, int | float) and abs(offset) >= 1:
            text += (f" — relógio {_number(abs(float(offset)))} s "
                     f"{'adiantado' if offset > 0 else 'atrasado'} em relação a este computador")
        lines.append(text)
    for key, label, fmt in (
        ("coligadas", "Coligadas", lambda r: f"  {r['codcoligada']:>4}  {r['nome']}"),
        ("filiais", "Filiais", lambda r: f"  {r['codcoligada']:>4}/{r['codfilial']:<4} {r['nome']}"),
    ):
        rows = facts.get(key)
        if rows is None:
            continue
        more = " (lista cortada)" if facts.get(f"{key}_truncated") else ""
        lines += ["", f"{label} ({len(rows)}){more}:"]
        lines += [fmt(r) for r in rows] or ["  (nenhuma)"]
    lines += ["", "Consultas:"]
    for q in facts.get("queries") or []:
        status = _STATUS_LABELS.get(q.get("status"), q.get("status"))
        line = f"  {status:<15} {q.get('description')} ({q.get('duration_ms', 0)} ms)"
        if q.get("message"):
            line += f": {q['message']}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def write_files(facts: dict[str, Any], folder: Path) -> list[Path]:
    """Writes ``database.json`` and ``resumo.txt`` into ``folder`` (the probe's scratch space)."""
    folder.mkdir(parents=True, exist_ok=True)
    json_path = folder / JSON_NAME
    json_path.write_text(json.dumps(facts, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    text_path = folder / TEXT_NAME
    text_path.write_text(summary_text(facts), encoding="utf-8")
    return [json_path, text_path]
