"""The ticket text (SPEC §4.4): always in Portuguese, one labelled line per checklist item, then the
attachments with their sizes, then the collector's signature with the bundle id (the real guarantee
against filing twice: the outbox looks for it among recent requests)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from collector import __version__
from collector.core.checklist import PRODUCT_LABELS, Answers, Completeness, Detected, Evidence, evaluate
from collector.core.sizes import human_size

SIGNATURE_PREFIX = "Coletor de Diagnóstico"


def format_when(value: str | None) -> str:
    """An ISO date/time shown with its UTC offset (Brazil spans UTC−2 to UTC−5)."""
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) <= 10:  # a date alone
        return parsed.strftime("%d/%m/%Y")
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()
    offset = parsed.strftime("%z")
    return f"{parsed:%d/%m/%Y %H:%M} (UTC{offset[:3]}:{offset[3:]})"


def signature(bundle_id: str) -> str:
    return f"{SIGNATURE_PREFIX} {__version__} · pacote {bundle_id}"


def _line(item) -> str:
    value = item.value or "não informado"
    if item.state == "detected" and item.source:
        value += f" (detectado: {item.source})"
    return f"**{item.label}:** {value}"


def build_ticket_text(
    answers: Answers,
    completeness: Completeness,
    attachments: Iterable[tuple[str, int]],
    bundle_id: str,
    *,
    database_summary: str | None = None,
    window: tuple[datetime, datetime] | None = None,
    detected: Detected | None = None,
) -> str:
    by_key = {i.key: i for i in completeness.items}
    lines: list[str] = []
    if answers.product in PRODUCT_LABELS:
        lines.append(f"**Produto:** {PRODUCT_LABELS[answers.product]}")
    for key in ("version", "database", "topology", "cloud", "coligada"):
        item = by_key[key]
        text = _line(item)
        if key == "database":
            server = answers.db_server or (detected.db_server if detected else None)
            if server:
                text += f" — servidor {server}"
            if database_summary:
                text += f" — {database_summary}"
        if key == "topology":
            app = answers.app_server or (detected.app_server if detected else None)
            if app:
                text += f" — servidor de aplicação {app}"
        lines.append(text)
        if key == "topology" and detected is not None:
            tracklog = detected.tracklog_for(answers.product)
            if tracklog:
                lines.append(f"**TRACKLOG:** {tracklog.sentence()}")
    for key, multiline in (("process", True), ("expected", True), ("particularities", True)):
        item = by_key[key]
        value = item.value or ("não se aplica" if item.state == "not_applicable" else "não informado")
        if multiline and "\n" in value:
            lines.append(f"**{item.label}:**\n\n{value}\n")
        else:
            lines.append(f"**{item.label}:** {value}")
    since = by_key["since"]
    since_text = format_when(answers.since) if answers.since else "não informado"
    if answers.since_after_update and (answers.version_before or answers.version_after):
        since_text += (f" — após atualização da versão {answers.version_before or '?'} "
                       f"para {answers.version_after or '?'}")
    lines.append(f"**{since.label}:** {since_text}")
    lines.append(_line(by_key["users"]))
    if window is not None:
        start, end = window
        lines.append(f"**Janela dos logs:** {format_when(start.isoformat())} a {format_when(end.isoformat())}")
    files = list(attachments)
    lines.append("")
    lines.append(f"**Anexos ({len(files)}):**")
    lines.extend(f"- {name} ({human_size(size)})" for name, size in files)
    if not files:
        lines.append("- nenhum")
    lines.append("")
    lines.append(signature(bundle_id))
    return "\n".join(lines) + "\n"


def completeness_for(answers: Answers, inspect_doc: dict[str, Any] | None, evidence: Evidence,
                     root: str | None = None) -> Completeness:
    return evaluate(answers, Detected.from_inspect(inspect_doc, root), evidence)
