"""The inspect document as a readable summary in Brazilian Portuguese."""

from __future__ import annotations

from typing import Any

DB_LABELS = {"sqlserver": "SQL Server", "oracle": "Oracle", "unknown": "não identificado"}
TOPOLOGY_LABELS = {"three-tier": "três camadas", "local": "local (duas camadas)", "unknown": "não identificada"}


def _gib(n: int | None) -> str:
    return f"{n / 2**30:.1f} GB" if n else "?"


def db_label(db: dict[str, Any] | None) -> str:
    if not db:
        return "não identificado"
    parts = [DB_LABELS.get(db.get("type") or "unknown", "não identificado")]
    where = " / ".join(x for x in (db.get("server"), db.get("name")) if x)
    if where:
        parts.append(f"em {where}")
    if db.get("alias"):
        parts.append(f"(alias {db['alias']})")
    return " ".join(parts)


def summary(doc: dict[str, Any]) -> str:
    lines: list[str] = []
    host = doc.get("host") or {}
    if host:
        os_ = host.get("os") or {}
        mem = host.get("memory") or {}
        lines.append(f"Estação: {host.get('hostname')} — {os_.get('system')} {os_.get('release')} "
                     f"({os_.get('arch')}), usuário {host.get('user')}, fuso {host.get('timezone') or '?'}")
        lines.append(f"  CPU: {(host.get('cpu') or {}).get('logical')} núcleos lógicos; memória "
                     f"{_gib(mem.get('available_bytes'))} livres de {_gib(mem.get('total_bytes'))}")
    installs = doc.get("installations") or []
    if not installs:
        lines.append("Nenhuma instalação do RM encontrada. Use --rm-root PASTA para indicar onde está.")
    for inst in installs:
        lines.append("")
        lines.append(f"Instalação: {inst['root']}")
        version = inst.get("version")
        lines.append(f"  Versão: {version} (release {inst.get('release')}, de {inst.get('version_source')})"
                     if version else "  Versão: não identificada")
        topo = TOPOLOGY_LABELS.get(inst.get("topology") or "unknown")
        evidence = f" — {inst['topology_evidence']}" if inst.get("topology_evidence") else ""
        lines.append(f"  Ambiente: {topo}{evidence}")
        if inst.get("app_server"):
            srv = inst["app_server"]
            lines.append(f"  Servidor de aplicação: {srv.get('host')}:{srv.get('port')}")
        lines.append(f"  Banco de dados: {db_label(inst.get('database'))}")
        aliases = inst.get("aliases") or []
        if aliases:
            lines.append("  Aliases: " + ", ".join(
                f"{a['alias']} ({DB_LABELS.get(a.get('type') or 'unknown')})" for a in aliases))
        if inst.get("log_dirs"):
            lines.append("  Logs: " + "; ".join(inst["log_dirs"]))
        if inst.get("processes"):
            lines.append("  Em execução: " + ", ".join(f"{p['name']} (pid {p['pid']})" for p in inst["processes"]))
    problems = doc.get("problems") or []
    if problems:
        lines.append("")
        lines.append(f"Problemas ({len(problems)}):")
        for p in problems:
            lines.append(f"  - {p['source']}: {p['message']}")
    return "\n".join(lines)
