"""Collection: inspect, run the evidence probes, stream what they planned through the redactor into
a stage, and write the bundle. Shared by ``collector collect`` and the wizard (no Qt here)."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from collector.bundle.manifest import build_manifest
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
from collector.probes.database.target import PASSWORD_ENV
from collector.probes.inspect import InspectContext, build_document
from collector.probes.registry import evidence_probes
from collector.probes.rm_aliases import config_global_passwords, read_outside
from collector.probes.smallfile import FileProblem, read_bytes
from collector.redact import BinaryFileError, RedactOptions, Redactor, alias_passwords


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
    hostnames: list[str] = field(default_factory=list)   # pseudonymize these host names
    usernames: list[str] = field(default_factory=list)   # and these user names
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


def _known_secrets(installations: list[dict[str, Any]]) -> list[str]:
    """Passwords written in the installations' Alias.dat files (malformed ones too) — also the one that
    ``Aliaspath``/``CONFIGPATH`` point at — and in their Config Global JSON: masked as literals wherever
    else they appear. Memory only; files outside the installation are read with their own time bound."""
    secrets: list[str] = []
    for inst in installations:
        root = Path(inst["root"])
        for candidate in (root / "Alias.dat", root / "Bin" / "Alias.dat"):
            if candidate.is_file():
                try:
                    secrets.extend(alias_passwords(read_bytes(candidate)))
                except FileProblem:
                    pass
        source = inst.get("alias_source") or {}
        if source.get("status") != "ok" or not source.get("path"):
            continue
        try:
            data = read_outside(Path(source["path"]))
        except FileProblem:
            continue
        if source.get("kind") == "config-global":
            secrets.extend(config_global_passwords(data))
        else:
            secrets.extend(alias_passwords(data))
    return list(dict.fromkeys(secrets))


def _given_secrets(opts: CollectOptions) -> list[str]:
    """The database password the user gave (wizard, ``COLLECTOR_DB_PASSWORD``): the clear text of what
    an encrypted Alias.dat hides. Memory only."""
    return [s for s in (opts.db_password, os.environ.get(PASSWORD_ENV)) if s and s.strip()]


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
        scratch = Path(tempfile.mkdtemp(prefix="scratch-", dir=folder))
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise explain_os_error(exc, folder.parent, output=False) from exc
    try:
        plan, results, doc, ctx = plan_collection(opts, scratch, progress)
        redactor = BundleRedactor(opts, [*_known_secrets(ctx.installations), *_given_secrets(opts)])
        # probe reasons and inspect problems quote file contents and driver messages: redacted too
        stage.probes = [{**entry, "reason": redactor.scrub(entry["reason"])}
                        for entry in (r.manifest_entry() for r in results)]
        for problem in doc.get("problems") or []:
            problem["message"] = redactor.scrub(problem.get("message"))
        stage.meta = {"inspect": doc, "window": [ctx.window.start.isoformat(), ctx.window.end.isoformat()],
                      "personal_data_masked": opts.personal_data_masked,
                      "database_summary": _database_summary(results),
                      "monitors": opts.monitor_layout}
        included = plan.included
        total = sum(i.size for i in included)
        written = 0
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
            staged_item.source = redactor.scrub(staged_item.source)
        for entry in stage.skipped:
            entry["source"] = redactor.scrub(entry.get("source"))
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


class BundleRedactor:
    """One redactor per bundle (one pseudonym map), adapted to the stage's streaming interface."""

    def __init__(self, opts: CollectOptions, known_secrets: list[str]):
        self.redactor = Redactor(RedactOptions(personal_data=opts.personal_data_masked,
                                               hostnames=tuple(opts.hostnames), usernames=tuple(opts.usernames)),
                                 known_secrets=known_secrets)

    def transform(self, kind: str, arcname: str):
        def run(src, sink) -> dict[str, Any]:
            result = self.redactor.redact_file(src, sink, kind=kind, filename=arcname)
            return {"redactions": result.counts, "encoding": result.encoding}
        return run

    def scrub(self, text: str | None) -> str | None:
        """A short text (a probe's reason) with what the rules find redacted."""
        return self.redactor.redact_text(text, kind="system").text if text else text

    def scan_file(self, path: Path) -> dict[str, int]:
        report = self.redactor.scan_file(path, kind="attachments")
        return dict(report.counts)

    def save_private_map(self, bundle_id: str) -> None:
        if len(self.redactor.pseudonyms):
            self.redactor.pseudonyms.save(bundle_id)


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
    stage.meta["ticket_subject"] = answers.title
    path = write_zip(stage, out_path, manifest, ticket,
                     progress=progress,
                     cancel=cancel.is_set if cancel else None)
    return path, manifest


def estimate(opts: CollectOptions) -> dict[str, Any]:
    """What a collection would take and its size, without writing a bundle."""
    with tempfile.TemporaryDirectory(prefix="collector-estimate-") as scratch:
        plan, results, _doc, ctx = plan_collection(opts, Path(scratch))
    by_kind: dict[str, dict[str, int]] = {}
    for item in plan.included:
        entry = by_kind.setdefault(item.kind, {"files": 0, "bytes": 0})
        entry["files"] += 1
        entry["bytes"] += item.size
    return {
        "schema": "collector.estimate/1",
        "window": ctx.window.to_json(), "window_text": ctx.window.describe(),
        "files": len(plan.included), "bytes": plan.total_size, "by_kind": dict(sorted(by_kind.items())),
        "items": [i.manifest_entry() for i in plan.included],
        "skipped": [i.manifest_entry() for i in plan.skipped],
        "probes": [r.manifest_entry() for r in results],
    }
