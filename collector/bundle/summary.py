"""Readable summaries (Portuguese) of a built bundle and of an estimate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from collector.core import kinds
from collector.core.sizes import human_size

STATUS_LABELS = {"ok": "ok", "skipped": "não se aplica", "timeout": "tempo esgotado", "error": "erro"}


def _kinds(by_kind: dict[str, dict[str, int]]) -> list[str]:
    return [f"  {kinds.label(k)}: {v['files']} arquivo(s), {human_size(v['bytes'])}"
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
    lines = [f"Pacote gravado: {path}", f"Pacote {manifest['bundle_id']}: {s['files']} arquivo(s), "
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
        lines.append(f"Deixados de fora: {skipped} arquivo(s) (motivos no manifest.json)")
    probe_lines = _probes(manifest["probes"])
    if probe_lines:
        lines.append("Sondas que não completaram:")
        lines += probe_lines
    return "\n".join(lines)


def estimate_summary(doc: dict[str, Any]) -> str:
    lines = [f"Estimativa: {doc['files']} arquivo(s), {human_size(doc['bytes'])} antes da compressão",
             f"Janela: {doc['window_text']}"]
    lines += _kinds(doc["by_kind"])
    if doc["skipped"]:
        lines.append(f"Seriam deixados de fora: {len(doc['skipped'])} arquivo(s)")
        lines += [f"  {s['path']}: {s['skipped']}" for s in doc["skipped"][:20]]
    probe_lines = _probes(doc["probes"])
    if probe_lines:
        lines.append("Sondas que não completaram:")
        lines += probe_lines
    return "\n".join(lines)
