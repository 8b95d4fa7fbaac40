"""Readable summaries (Portuguese) of a built bundle and of an estimate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from collector.core import kinds
from collector.core.sizes import human_size
from collector.core.words import count

STATUS_LABELS = {"ok": "ok", "skipped": "não se aplica", "timeout": "tempo esgotado", "error": "erro"}


def _kinds(by_kind: dict[str, dict[str, int]]) -> list[str]:
    return [f"  {kinds.label(k)}: {count(v['files'], 'arquivo', 'arquivos')}, {human_size(v['bytes'])}"
            for k, v in by_kind.items()]


def _probes(probes: list[dict[str, Any]]) -> list[str]:
    lines = []
    for p in probes:
        if p["status"] == "ok":
            continue
        lines.append(f"  {p['name']}: {STATUS_LABELS.get(p['status'], p['status'])}"
                     + (f" — {p['reason']}" if p.get("reason") else ""))
    return lines


def summary_text(path: Path, manifest: dict[str, Any]) -> str:
    s = manifest["summary"]
    lines = [f"Pacote gravado: {path}", f"Pacote {manifest['bundle_id']}: {count(s['files'], 'arquivo', 'arquivos')}, "
             f"{human_size(s['bytes'])}"]
    lines += _kinds(s["by_kind"])
    if not s["files"]:
        lines.append("  Nenhuma evidência encontrada na janela de tempo (o pacote diz isso no manifesto).")
    rules = manifest["redaction"]["rules"]
    if rules:
        lines.append("Mascaramentos: " + ", ".join(f"{rule} {n}" for rule, n in rules.items()))
    else:
        lines.append("Mascaramentos: nenhum dado sensível encontrado")
    flagged = [i for i in manifest["items"] if i.get("findings")]
    for item in flagged:
        rules = ", ".join(f"{rule} {n}" for rule, n in sorted(item["findings"].items()))
        lines.append(f"Atenção: {item['path']} parece conter dados sensíveis ({rules}); foi incluído como está — "
                     "revise o arquivo antes de enviar o pacote, ou gere o pacote de novo sem ele")
    skipped = (manifest.get("skipped_summary") or {}).get("total", len(manifest["skipped"]))
    if skipped:
        lines.append(f"Deixados de fora: {count(skipped, 'arquivo', 'arquivos')} (motivos no manifest.json)")
    probe_lines = _probes(manifest["probes"])
    if probe_lines:
        lines.append("Sondas que não completaram:")
        lines += probe_lines
    return "\n".join(lines)


def estimate_summary(doc: dict[str, Any]) -> str:
    lines = [f"Estimativa: {count(doc['files'], 'arquivo', 'arquivos')}, {human_size(doc['bytes'])} antes da compressão",
             f"Janela: {doc['window_text']}"]
    lines += _kinds(doc["by_kind"])
    if doc["skipped"]:
        lines.append(f"Seriam deixados de fora: {count(len(doc['skipped']), 'arquivo', 'arquivos')}")
        lines += [f"  {s['path']}: {s['skipped']}" for s in doc["skipped"][:20]]
    probe_lines = _probes(doc["probes"])
    if probe_lines:
        lines.append("Sondas que não completaram:")
        lines += probe_lines
    return "\n".join(lines)


def stage_summary(stage, window_text: str = "") -> str:
    """What a reviewed stage would send: each kind, each file with its redactions, the totals per rule,
    what was left out and why (``collector answer`` shows it before asking)."""
    from collector.bundle.manifest import by_kind

    included = stage.included
    total = sum(i.size for i in included)
    lines = [f"Seria enviado: {count(len(included), 'arquivo', 'arquivos')}, {human_size(total)}"]
    if window_text:
        lines.append(f"Janela: {window_text}")
    lines += _kinds(by_kind(included))
    for item in included:
        masked = ", ".join(f"{rule} {n}" for rule, n in sorted(item.redactions.items()) if n)
        lines.append(f"    {item.path} ({human_size(item.size)})" + (f" — mascarado: {masked}" if masked else ""))
    rules = stage.redaction_summary()
    lines.append("Mascaramentos: " + (", ".join(f"{rule} {n}" for rule, n in rules.items()) if rules
                                     else "nenhum dado sensível encontrado"))
    if stage.skipped:
        lines.append(f"Deixados de fora: {count(len(stage.skipped), 'arquivo', 'arquivos')}")
        lines += [f"  {s.get('path') or s.get('source')}: {s.get('skipped')}" for s in stage.skipped[:20]]
    probe_lines = _probes([p for p in stage.probes if p["status"] in ("timeout", "error")])
    if probe_lines:
        lines.append("Sondas que não completaram:")
        lines += probe_lines
    return "\n".join(lines)
