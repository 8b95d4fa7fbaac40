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


def tracklog_label(tracklog: dict[str, Any] | None) -> str:
    """``ativado (pasta X)`` / ``desativado (padrão: ...)`` — empty when unknown."""
    if not tracklog:
        return ""
    if tracklog.get("enabled"):
        return f"ativado (pasta {tracklog.get('path')})"
    return f"desativado ({tracklog.get('source')})"


def tracklog_lines(tracklog: dict[str, Any] | None, indent: str) -> list[str]:
    if not tracklog:
        return []
    lines = [f"{indent}TRACKLOG: {tracklog_label(tracklog)}"]
    if not tracklog.get("enabled") and tracklog.get("how_to_enable"):
        lines.append(f"{indent}  {tracklog['how_to_enable']}")
    return lines


def _alias_source_lines(inst: dict[str, Any]) -> list[str]:
    src = inst.get("alias_source") or {}
    if not src:
        return []
    what = "Config Global" if src.get("kind") == "config-global" else "Alias.dat"
    line = f"  Origem dos aliases: {what} em {src.get('path')} — {src.get('via')}"
    if src.get("status") != "ok":
        line += f" — indisponível: {src.get('reason')}"
    lines = [line]
    cg = inst.get("config_global") or {}
    if cg.get("status") == "ok":
        groups = cg.get("groups") or {}
        lines.append(f"  Config Global: grupo AppConfig {cg.get('app_group') or '?'}, DbConfig "
                     f"{cg.get('db_group') or '?'} (no arquivo: AppConfig {', '.join(groups.get('AppConfig') or []) or '-'}; "
                     f"DbConfig {', '.join(groups.get('DbConfig') or []) or '-'})")
        if cg.get("multi_tenant"):
            lines.append("  Multi-tenant: sem DefaultDB; o alias vem do endereço de acesso"
                         + (f" (SubDomainMask {cg['subdomain_mask']})" if cg.get("subdomain_mask") else ""))
    if src.get("ignored"):
        lines.append(f"  Alias.dat ignorado (sobra na pasta): {src['ignored']}")
    return lines


def _part_lines(part: dict[str, Any]) -> list[str]:
    head = f"  {part.get('name')}: {part.get('root')}"
    if part.get("version"):
        head += f" (versão {part['version']})"
    lines = [head]
    lines += tracklog_lines(part.get("tracklog"), "    ")
    details = part.get("details") or {}
    if details.get("base_path"):
        lines.append(f"    BasePath: {details['base_path']}")
    if details.get("urls"):
        lines.append("    Endereços: " + ", ".join(details["urls"]))
    if part.get("log_dirs"):
        lines.append("    Logs: " + "; ".join(part["log_dirs"]))
    return lines


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
        servers = inst.get("app_servers") or ([dict(inst["app_server"], key="Host")] if inst.get("app_server") else [])
        if servers:
            lines.append("  Servidor de aplicação: " + ", ".join(
                f"{s.get('host')}:{s.get('port')} ({s.get('key')})" for s in servers))
        lines.append(f"  Banco de dados: {db_label(inst.get('database'))}")
        aliases = inst.get("aliases") or []
        if aliases:
            lines.append("  Aliases: " + ", ".join(
                f"{a['alias']} ({DB_LABELS.get(a.get('type') or 'unknown')})" for a in aliases))
        lines += _alias_source_lines(inst)
        lines += tracklog_lines(inst.get("tracklog"), "  ")
        flags = inst.get("trace_flags") or {}
        if flags:
            lines.append("  Trace: " + ", ".join(f"{k}={'true' if v else 'false'}" for k, v in flags.items()))
        if inst.get("log_dirs"):
            lines.append("  Logs: " + "; ".join(inst["log_dirs"]))
        for part in inst.get("parts") or []:
            lines += _part_lines(part)
        if inst.get("processes"):
            lines.append("  Em execução: " + ", ".join(f"{p['name']} (pid {p['pid']})" for p in inst["processes"]))
    problems = doc.get("problems") or []
    if problems:
        lines.append("")
        lines.append(f"Problemas ({len(problems)}):")
        for p in problems:
            lines.append(f"  - {p['source']}: {p['message']}")
    return "\n".join(lines)
