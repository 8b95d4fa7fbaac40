"""Collection: inspect, run the evidence probes, stream what they planned through the redactor into
a stage, and write the bundle. Shared by ``collector collect`` and the wizard (no Qt here)."""

from __future__ import annotations

import shutil
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from collector.bundle import outgoing
from collector.bundle.manifest import build_manifest
from collector.bundle.outgoing import (
    BundleRedactor,
    environment_secrets,
    known_secrets,
    local_hostnames,
    local_usernames,
)
from collector.bundle.stage import Stage
from collector.bundle.ticket import build_ticket_text
from collector.bundle.zipwriter import explain_os_error, write_zip
from collector.core import paths
from collector.core.checklist import Answers, Detected, Evidence, evaluate
from collector.core.consent import Consent
from collector.core.errors import Cancelled, CollectorError
from collector.core.kinds import KINDS, Kind
from collector.core.plan import CollectContext, Plan, PlannedItem, arc_join
from collector.core.probe import ProbeResult
from collector.core.progress import Progress, ProgressFn
from collector.core.runner import run_probes
from collector.core.timewindow import TimeWindow, local_now
from collector.probes import fileio
from collector.probes.database.report import ticket_summary
from collector.probes.inspect import InspectContext, build_document
from collector.probes.registry import evidence_probes
from collector.redact import BinaryFileError


@dataclass
class CollectOptions:
    rm_roots: list[Path] = field(default_factory=list)
    since: datetime | None = None
    until: datetime | None = None
    include: set[str] = field(default_factory=lambda: set(KINDS))
    exclude: set[str] = field(default_factory=set)
    attachments: list[Path] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)
    recordings: list[Path] = field(default_factory=list)
    personal_data_masked: bool = True
    hostnames: list[str] = field(default_factory=list)   # pseudonymize these host names too
    usernames: list[str] = field(default_factory=list)   # and these user names
    keep_names: bool = False  # True: this computer's and the user's names are not pseudonymized
    include_intellitrace: bool = False
    inspect_doc: dict[str, Any] | None = None
    scan_defaults: bool | None = None  # None: scan the usual places only without explicit roots
    db_alias: str | None = None
    db_password: str | None = None  # in memory only (the wizard asks for it)
    rmerror_dirs: list[tuple[str, str]] | None = None  # (label, folder); None = the user's folders
    monitor_layout: dict[str, Any] | None = None  # screens at capture time (manifest)

    def kinds(self) -> frozenset[str]:
        return frozenset((self.include or set(KINDS)) - self.exclude)

    def window(self) -> TimeWindow:
        end = self.until or local_now()
        start = self.since or TimeWindow.default(end).start
        if start >= end:
            raise CollectorError("o início da janela de tempo (--since) é posterior ao fim")
        return TimeWindow(start, end)


def _given_secrets(opts: CollectOptions) -> list[str]:
    """The database password the user gave (wizard, ``COLLECTOR_DB_PASSWORD``): the clear text of what
    an encrypted Alias.dat hides. Memory only."""
    return [s for s in (opts.db_password, *environment_secrets()) if s and s.strip()]


def bundle_redactor(opts: CollectOptions, installations: list[dict[str, Any]],
                    doc: dict[str, Any] | None) -> BundleRedactor:
    """The bundle's redactor: known secrets, and this computer's and user's names unless kept."""
    return BundleRedactor(
        personal_data=opts.personal_data_masked,
        hostnames=[*opts.hostnames, *([] if opts.keep_names else local_hostnames(doc))],
        usernames=[*opts.usernames, *([] if opts.keep_names else local_usernames(doc))],
        known_secrets=[*known_secrets(installations), *_given_secrets(opts)],
    )


def _media_plan(opts: CollectOptions, kinds: frozenset[str]) -> Plan:
    plan = Plan()
    for paths_, kind in ((opts.screenshots, Kind.SCREENSHOTS), (opts.recordings, Kind.RECORDING),
                         (opts.attachments, Kind.ATTACHMENTS)):
        if kind not in kinds:
            continue
        for path in paths_:
            item = PlannedItem(kind=kind, source=Path(path), arcname=arc_join(KINDS[kind].folder, Path(path).name),
                               redact=False)
            try:
                st = fileio.stat_file(path)
                item.size, item.mtime = st.st_size, st.st_mtime
                if Path(path).is_dir():
                    item.skipped, item.status = "é uma pasta, não um arquivo", "unreadable"
            except OSError as exc:
                item.status, item.skipped = fileio.classify_error(exc)
            plan.add(item)
    return plan


def inspect_if_needed(opts: CollectOptions) -> tuple[dict[str, Any], list[ProbeResult]]:
    if opts.inspect_doc is not None:
        return opts.inspect_doc, []
    scan = opts.scan_defaults if opts.scan_defaults is not None else not opts.rm_roots
    return build_document(InspectContext(rm_roots=list(opts.rm_roots), scan_defaults=scan))


def plan_collection(opts: CollectOptions, scratch: Path, progress: ProgressFn | None = None,
                    ) -> tuple[Plan, list[ProbeResult], dict[str, Any], CollectContext]:
    doc, inspect_results = inspect_if_needed(opts)
    kinds = opts.kinds()
    ctx = CollectContext(
        window=opts.window(), rm_roots=[str(r) for r in opts.rm_roots],
        installations=doc.get("installations") or [], include=kinds,
        include_intellitrace=opts.include_intellitrace, search_dirs=opts.rmerror_dirs,
        options={"scratch_dir": str(scratch), "inspect_doc": doc, "db_alias": opts.db_alias,
                 "db_password": opts.db_password},
    )
    done = [0]
    probes = evidence_probes()

    def on_result(result: ProbeResult) -> None:
        done[0] += 1
        if progress:
            progress(Progress("probes", done[0], len(probes), result.name))

    results = run_probes(probes, ctx, on_result=on_result)
    plan = Plan()
    for result in results:
        if result.ok and isinstance(result.value, Plan):
            plan.extend(result.value)
    plan.extend(_media_plan(opts, kinds))
    return plan, [*inspect_results, *results], doc, ctx


def collect_to_staging(
    opts: CollectOptions,
    stage_dir: Path | None = None,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> Stage:
    """Runs the whole collection into a stage (redacted files + state), ready for review."""
    bundle_id = str(uuid.uuid4())
    folder = Path(stage_dir) if stage_dir else paths.data_dir() / "staging" / bundle_id
    try:
        stage = Stage.create(folder, bundle_id)
        stage.precompress()  # each staged file is deflated for the zip while the next is redacted
        scratch = Path(tempfile.mkdtemp(prefix="scratch-", dir=folder))
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise explain_os_error(exc, folder.parent, output=False) from exc
    try:
        plan, results, doc, ctx = plan_collection(opts, scratch, progress)
        redactor = bundle_redactor(opts, ctx.installations, doc)
        outgoing.bind(stage, redactor)
        # probe reasons, inspect facts and problems quote paths, file contents and driver messages
        stage.probes = redactor.tree([r.manifest_entry() for r in results])
        stage.meta = {"inspect": redactor.tree(doc),
                      "window": [ctx.window.start.isoformat(), ctx.window.end.isoformat()],
                      "personal_data_masked": opts.personal_data_masked, "keep_names": opts.keep_names,
                      "database_summary": redactor.text(_database_summary(results)),
                      "monitors": opts.monitor_layout, "plan_stats": dict(plan.stats)}
        included = plan.included
        total = sum(i.size for i in included)
        written = 0
        for item in plan.items:  # member names come from file and folder names
            item.arcname = redactor.name(item.arcname)
        for item in plan.skipped:
            stage.skip(item)
        for item in included:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            if progress:
                progress(Progress("files", written, total, item.arcname))
            try:
                staged = stage.add_planned(item, transform=redactor.transform(item.kind, item.arcname),
                                           cancel=cancel.is_set if cancel else None)
            except BinaryFileError as exc:
                stage.skip(item, f"{exc.reason}: deixado de fora, não é texto para mascarar", "binary")
                continue
            except OSError as exc:
                if exc.filename and Path(str(exc.filename)).is_relative_to(folder):
                    raise explain_os_error(exc, folder, output=False) from exc
                status, reason = fileio.classify_error(exc)
                stage.skip(item, reason, status)
                continue
            if item.kind == Kind.ATTACHMENTS:
                staged.findings = redactor.scan_file(stage.file_path(staged.path))
                if staged.findings:
                    staged.warning = "o arquivo parece conter dados sensíveis: revise, cubra ou exclua"
            written += item.size
        if progress:
            progress(Progress("files", total, total))
        # source paths name the user's folders (C:\Users\joao\...): the same pseudonyms as the files
        for staged_item in stage.items:
            staged_item.source = redactor.text(staged_item.source)
            staged_item.note = redactor.text(staged_item.note)
            staged_item.warning = redactor.text(staged_item.warning)
        stage.skipped = redactor.tree(stage.skipped)
        redactor.save_private_map(bundle_id)
        stage.save()
        return stage
    except BaseException:
        stage.discard()
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _database_summary(results: list[ProbeResult]) -> str | None:
    db = next((r for r in results if r.name == "database"), None)
    return ticket_summary(db) if db is not None else None




def finish_bundle(stage: Stage, out_path: Path, answers: Answers | None = None,
                  consent: Consent | None = None, progress: ProgressFn | None = None,
                  cancel: threading.Event | None = None, *, preface: str = "",
                  request: dict[str, Any] | None = None) -> tuple[Path, dict[str, Any]]:
    """Writes the zip of a (reviewed) stage: manifest.json, ticket.md and every included file.

    ``preface``: text placed before the checklist in ticket.md (an answer to an analyst's request
    says which request it answers); ``request``: that request, recorded in the manifest."""
    answers = answers or Answers()
    doc = stage.meta.get("inspect")
    included = stage.included
    evidence = Evidence.of(i.kind for i in included)
    detected = Detected.from_inspect(doc)
    completeness = evaluate(answers, detected, evidence)
    window = stage.meta.get("window")
    window_dt = (datetime.fromisoformat(window[0]), datetime.fromisoformat(window[1])) if window else None
    manifest = build_manifest(stage, answers=answers, completeness=completeness, inspect_doc=doc,
                              consent=consent or Consent.given("cli", local_now()), window=window_dt,
                              personal_data_masked=stage.meta.get("personal_data_masked", True),
                              monitors=stage.meta.get("monitors"))
    ticket = build_ticket_text(answers, completeness, [(i.path, i.size) for i in included], stage.bundle_id,
                               database_summary=stage.meta.get("database_summary"), window=window_dt,
                               detected=detected)
    if preface:
        ticket = preface.rstrip() + "\n\n" + ticket
    if request is not None:
        manifest["request"] = request
    stage.meta["ticket_subject"] = outgoing.for_stage(stage).text(answers.title, kind="ticket")
    path = write_zip(stage, out_path, manifest, ticket,
                     progress=progress,
                     cancel=cancel.is_set if cancel else None)
    return path, manifest


def estimate(opts: CollectOptions) -> dict[str, Any]:
    """What a collection would take and its size, without writing a bundle."""
    with tempfile.TemporaryDirectory(prefix="collector-estimate-") as scratch:
        plan, results, doc, ctx = plan_collection(opts, Path(scratch))
    redactor = bundle_redactor(opts, ctx.installations, doc)  # it is printed: names and paths redacted too
    by_kind: dict[str, dict[str, int]] = {}
    for item in plan.included:
        entry = by_kind.setdefault(item.kind, {"files": 0, "bytes": 0})
        entry["files"] += 1
        entry["bytes"] += item.size
    return redactor.tree({
        "schema": "collector.estimate/1",
        "window": ctx.window.to_json(), "window_text": ctx.window.describe(),
        "files": len(plan.included), "bytes": plan.total_size, "by_kind": dict(sorted(by_kind.items())),
        "items": [i.manifest_entry() for i in plan.included],
        "skipped": [i.manifest_entry() for i in plan.skipped],
        "not_examined": dict(sorted(plan.stats.items())),
        "probes": [r.manifest_entry() for r in results],
    })
