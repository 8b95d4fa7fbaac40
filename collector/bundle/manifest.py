"""``manifest.json`` of a bundle (schema ``collector.bundle/1``, SPEC §4.3)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from collector import __version__
from collector.bundle.stage import Stage
from collector.core.checklist import Answers, Completeness
from collector.core.consent import Consent

SCHEMA = "collector.bundle/1"


def build_manifest(
    stage: Stage,
    *,
    answers: Answers,
    completeness: Completeness,
    inspect_doc: dict[str, Any] | None,
    consent: Consent,
    window: tuple[datetime, datetime] | None = None,
    personal_data_masked: bool = True,
    created_at: datetime | None = None,
    monitors: dict[str, Any] | None = None,
) -> dict[str, Any]:
    created = created_at or datetime.now().astimezone()
    included = stage.included
    return {
        "schema": SCHEMA,
        "bundle_id": stage.bundle_id,
        "created_at": created.isoformat(timespec="seconds"),
        "collector_version": __version__,
        "checklist": {
            **answers.to_dict(),
            "completeness": [
                {"key": i.key, "label": i.label, "state": i.state, "required": i.required,
                 "value": i.value, "source": i.source} for i in completeness.items],
        },
        "window": {"start": window[0].isoformat(timespec="seconds"),
                   "end": window[1].isoformat(timespec="seconds")} if window else None,
        "inspect": inspect_doc,
        "items": [i.manifest_entry() for i in included],
        "excluded_by_user": [i.path for i in stage.items if i.excluded],
        "skipped": stage.skipped[:MAX_SKIPPED_LISTED],
        "skipped_summary": skipped_summary(stage),
        "probes": stage.probes,
        "redaction": {
            "rules": stage.redaction_summary(),
            "personal_data": "pseudonymized" if personal_data_masked else "kept (opt-out)",
            "private_map": "kept on the user's machine, never in the bundle",
        },
        "consent": consent.to_manifest(),
        "capture": {"monitors": monitors} if monitors else None,
        "summary": {
            "files": len(included),
            "bytes": sum(i.size for i in included),
            "by_kind": by_kind(included),
        },
    }


MAX_SKIPPED_LISTED = 200  # the manifest names this many left-out files; all of them are counted


def skipped_summary(stage: Stage) -> dict[str, Any]:
    """What was left out, counted by kind and status (files named in ``skipped`` and files the
    probes only counted: outside the window, not log-like, links, other users' folders, caps)."""
    by_status: dict[str, int] = {}
    for entry in stage.skipped:
        key = f"{entry.get('kind')}:{entry.get('status')}"
        by_status[key] = by_status.get(key, 0) + 1
    return {"listed": min(len(stage.skipped), MAX_SKIPPED_LISTED), "total": len(stage.skipped),
            "by_status": dict(sorted(by_status.items())),
            "not_examined": dict(sorted((stage.meta.get("plan_stats") or {}).items()))}


def by_kind(items) -> dict[str, dict[str, int]]:
    kinds: dict[str, dict[str, int]] = {}
    for item in items:
        entry = kinds.setdefault(item.kind, {"files": 0, "bytes": 0})
        entry["files"] += 1
        entry["bytes"] += item.size
    return dict(sorted(kinds.items()))
