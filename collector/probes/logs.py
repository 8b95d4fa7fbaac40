"""The RM logs of the time window (SPEC §3 "Logs", §4.3): a plan, not copies.

Inputs: the log folders that inspect found (``installations[].log_dirs``), the window and the caps
of a ``CollectContext``. For each file in those folders (depth-limited):

- modified before the window: not read at all (counted as ``outside``);
- binary (NUL bytes / control characters in the first 8 KB): left out, "arquivo binário";
- compressed (a rotated ``*.log.gz``, a zipped old log): left out unopened, with a reason that says
  so. Nothing in the RM stack writes them: RM's TRACKLOG is Serilog's file sink, which rolls into new
  plain files (``log20180701.txt``, ``_001``; https://github.com/serilog/serilog-sinks-file), and
  IIS/HTTP.sys roll over into new plain ``.log`` files by period or size
  (https://learn.microsoft.com/windows/win32/api/http/ne-http-http_logging_rollover_type). A
  ``.gz`` there comes from an administrator's archiving script, holds entries older than the file
  that replaced it, and its content could only travel decompressed and redacted — never as the
  compressed bytes, which no rule can read. The manifest lists it, so an analyst who needs it asks;

- a TRACKLOG (lines carry the Serilog timestamp): *cut to the window* by bisection on byte offsets
  (``collector.probes.tracklog``), the range running from the first entry of the window to the
  start of the first entry after it — so continuation lines of the last entry come along;
- other text: taken whole when modified inside the window (``TimeWindow.modified_inside``: a window
  that reaches the present has no upper bound, so a file written while we collect still counts);
- IntelliTrace (``*.itrace``, ``IntelliTraceCollection``): huge, only when asked, with a warning;
- unreadable, locked, vanished, offline: left out with the reason.

Caps: a file's part of the window above ``caps.log_file_bytes`` keeps its newest part (cut at an
entry start); when all the logs together exceed ``caps.log_bundle_bytes``, a single cut-off time is
found so that everything from it to the end of the window fits, i.e. the newest part of the window is
kept across all files. Every cut is recorded in the item (``note``, ``cut``) for the manifest.

On Windows a file held open by its writer can show a stale mtime in its directory entry; files the
listing calls old are checked again with a real ``stat`` before being dismissed (local paths).
"""

from __future__ import annotations

import fnmatch
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any, Literal

from collector.core.kinds import KINDS, Kind
from collector.core.plan import (
    ArcNames,
    Caps,
    CollectContext,
    Plan,
    PlannedItem,
    arc_join,
    installation_labels,
    split_any,
)
from collector.core.probe import Probe
from collector.core.sizes import human_size
from collector.core.timewindow import TimeWindow
from collector.probes import fileio, tracklog
from collector.probes.tracklog import LogReader
from collector.redact.encoding import archive_format, sniff_bytes

log = logging.getLogger(__name__)

MAX_DEPTH = 4             # folder levels below a log folder
MAX_FILES = 20_000        # files looked at per log folder
HEAD = 8192               # bytes looked at for binary detection
INTELLITRACE_DIR = "intellitracecollection"


# -------------------------------------------------------------------------------------------------
# sources


@dataclass(frozen=True)
class LogSource:
    label: str            # installation label (arcname folder)
    root: str | None      # installation root
    folder: str           # a log folder
    kind: Kind = Kind.LOGS  # the evidence kind; its folder is the top folder in the bundle


def _labelled(ctx: CollectContext) -> list[tuple[dict[str, Any], str]]:
    installs = [i for i in ctx.installations if i.get("root") or i.get("log_dirs")]
    labels = installation_labels([str(i.get("root") or (i.get("log_dirs") or ["logs"])[0]) for i in installs])
    return list(zip(installs, labels, strict=True))


def log_sources(ctx: CollectContext) -> list[LogSource]:
    """Every (installation, log folder) pair of the context, in order, without repeats."""
    out: list[LogSource] = []
    seen: set[str] = set()
    for inst, label in _labelled(ctx):
        for folder in inst.get("log_dirs") or []:
            key = _key(str(folder))
            if key in seen:
                continue
            seen.add(key)
            out.append(LogSource(label, str(inst["root"]) if inst.get("root") else None, str(folder)))
    return out


def portal_log_sources(ctx: CollectContext) -> list[LogSource]:
    """The log folders of the other RM parts (``installations[].parts[].log_dirs``: FrameHTML / Meu RH,
    Corpore.Net, Portal Educacional, rm-update), as the ``portal-logs`` kind."""
    out: list[LogSource] = []
    seen: set[str] = set()
    for inst, label in _labelled(ctx):
        for part in inst.get("parts") or []:
            part_root = str(part.get("root") or "")
            part_label = split_any(part_root)[-1] if part_root else str(part.get("kind") or "parte")
            for folder in part.get("log_dirs") or []:
                key = _key(str(folder))
                if key in seen:
                    continue
                seen.add(key)
                out.append(LogSource(f"{label}/{part_label}", part_root or None, str(folder), Kind.PORTAL_LOGS))
    return out


def _intellitrace_sources(ctx: CollectContext) -> list[LogSource]:
    """``<root>/IntelliTraceCollection`` of every installation (IntelliTrace may live outside Logs)."""
    return [LogSource(label, str(inst["root"]), str(Path(str(inst["root"])) / "IntelliTraceCollection"))
            for inst, label in _labelled(ctx) if inst.get("root")]


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _pure(path: str) -> PurePath:
    return PureWindowsPath(path) if ("\\" in path or ":" in path[:3]) else PurePath(path)


def _relative(path: str, root: str | None, folder: str) -> list[str]:
    """Arcname components of ``path``: relative to the installation root when the log folder lies
    inside it (``Logs/x.log``, ``Bin/Logs/x.log``), else ``<folder name>/...``."""
    for base, keep_base in ((root, False), (folder, True)):
        if not base:
            continue
        try:
            rel = _pure(path).relative_to(_pure(base))
        except ValueError:
            continue
        comps = split_any(str(rel))
        if keep_base:
            comps = split_any(base)[-1:] + comps
        return comps
    return split_any(path)[-1:]


# -------------------------------------------------------------------------------------------------
# walking


@dataclass
class _Found:
    source: LogSource
    entry: fileio.EntryInfo
    intellitrace: bool


# SPEC §4.8: what a log folder may contribute (``CollectContext.options["log_patterns"]`` overrides)
LOG_PATTERNS = ("*.log", "*.txt", "*.json", "*.clef", "*.svclog", "*.log.[0-9]*", "*.log.gz", "*.log.*.gz")
_PROFILE_ROOTS = ("users", "documents and settings", "home")
_SHARED_PROFILES = ("public", "default", "default user", "all users")


def log_like(name: str, patterns: tuple[str, ...] | list[str] = LOG_PATTERNS) -> bool:
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, p.lower()) for p in patterns)


def _other_users_profile(path: Path) -> bool:
    """A path inside another user's profile (``C:\\Users\\maria`` when we run as joao): never read."""
    parts = [p.lower() for p in _pure(str(path)).parts]
    mine = {Path.home().name.lower(), os.environ.get("USERNAME", "").lower(), os.environ.get("USER", "").lower()}
    for i, part in enumerate(parts[:-1]):
        if part in _PROFILE_ROOTS:
            owner = parts[i + 1]
            return owner not in mine and owner not in _SHARED_PROFILES
    return False


def _inside(path: Path, folder: Path) -> bool:
    try:
        return os.path.realpath(path).startswith(os.path.join(os.path.realpath(folder), ""))
    except OSError:
        return False


def _walk(src: LogSource, plan: Plan, *, intellitrace_only: bool = False,
          patterns: tuple[str, ...] | list[str] = LOG_PATTERNS) -> list[_Found]:
    """The files of a log folder worth planning. Left out and counted (``plan.stats``): names that
    are not log-like, links (never followed out of the folder), another user's profile folders."""
    found: list[_Found] = []
    top = Path(src.folder)
    if not intellitrace_only and _other_users_profile(top):
        plan.count("other_user_profile")
        return found
    stack: list[tuple[Path, int, bool]] = [(top, 0, intellitrace_only)]
    while stack:
        folder, depth, in_itrace = stack.pop()
        try:
            entries = fileio.list_dir(folder)
        except FileNotFoundError:
            if depth == 0 and not intellitrace_only:
                plan.count("missing_folders")
            continue
        except OSError as exc:
            status, reason = fileio.classify_error(exc)
            plan.add(PlannedItem(src.kind, folder, _arcname(src, str(folder)) + "/", skipped=f"pasta: {reason}",
                                 status=status))
            continue
        for e in sorted(entries, key=lambda x: x.name):
            if e.is_link and not _inside(e.path, top):
                plan.count("link_outside_folder")
                continue
            if e.is_dir:
                if e.is_link:
                    plan.count("link_outside_folder")
                elif _other_users_profile(e.path):
                    plan.count("other_user_profile")
                elif depth < MAX_DEPTH:
                    stack.append((e.path, depth + 1, in_itrace or e.name.lower() == INTELLITRACE_DIR))
                continue
            if not e.is_file:
                continue
            itrace = in_itrace or e.name.lower().endswith(".itrace")
            if intellitrace_only and not itrace:
                continue
            if not itrace and not log_like(e.name, patterns):
                plan.count("not_log_like")
                continue
            if len(found) >= MAX_FILES:
                plan.count("not_listed")
                continue
            found.append(_Found(src, e, itrace))
    return found


def _arcname(src: LogSource, path: str) -> str:
    return arc_join(KINDS[src.kind].folder, src.label, *_relative(path, src.root, src.folder))


# -------------------------------------------------------------------------------------------------
# planning one file


@dataclass
class _Candidate:
    """A text log to include: ``[start, end)`` of ``path``; ``timed`` when cut by its timestamps."""

    path: Path
    arcname: str
    file_size: int
    start: int
    end: int
    mtime: float
    timed: bool
    mode: Literal["window", "whole", "unsorted", "utf16"]
    first_ts: float | None = None
    last_ts: float | None = None
    window_size: int = 0          # bytes of the window before any cap
    cut_at: str | None = None
    limited_by: str | None = None
    encoding: str | None = None
    network: bool = False
    kind: Kind = Kind.LOGS

    @property
    def size(self) -> int:
        return self.end - self.start

    @property
    def newest(self) -> float:
        return self.last_ts if self.last_ts is not None else self.mtime


def _fresh_mtime(entry: fileio.EntryInfo, network: bool, window: TimeWindow) -> float:
    """The mtime, re-read with a real ``stat`` on Windows when the directory entry says "old" (NTFS
    updates the directory entries of files held open lazily)."""
    if entry.mtime < window.start_ts - tracklog.SLACK and fileio.IS_WINDOWS and not network:
        try:
            return fileio.stat_file(entry.path).st_mtime
        except OSError:
            return entry.mtime
    return entry.mtime


def _plan_file(found: _Found, arcname: str, window: TimeWindow, caps: Caps,
               network: bool) -> _Candidate | PlannedItem | str:
    """A candidate, a skipped item, or a counter name (``outside``, ``empty``)."""
    entry = found.entry
    kind = found.source.kind
    mtime = _fresh_mtime(entry, network, window)
    if mtime < window.start_ts - tracklog.SLACK:
        return "outside"          # cannot hold an entry of the window
    touched = window.modified_inside(mtime)
    with fileio.open_shared(entry.path) as f:
        size = os.fstat(f.fileno()).st_size
        if size == 0:
            return "empty"
        head = f.read(HEAD)
        sniffed = sniff_bytes(head)
        if sniffed.binary:
            if not touched:
                return "outside"
            packed = archive_format(head)
            reason = (f"log compactado ({packed}): deixado de fora sem abrir, nada dele vai no pacote; "
                      "descompacte-o e anexe o texto se o analista pedir") if packed else None
            return PlannedItem(kind, entry.path, arcname, size=size, mtime=mtime, redact=False,
                               skipped=reason or sniffed.reason or "arquivo binário", status="binary")
        candidate = partial(_Candidate, path=entry.path, arcname=arcname, file_size=size, mtime=mtime,
                            network=network, kind=kind)
        encoding = sniffed.encoding if sniffed.encoding in ("utf-16-le", "utf-16-be") else None
        if encoding is not None:
            if not touched:
                return "outside"
            start = max(0, size - caps.log_file_bytes)
            start += start % 2  # keep UTF-16 code units whole
            if start:
                start = _utf16_line_start(f, start, size, encoding)
            return candidate(start=start, end=size, timed=False, mode="utf16", encoding=encoding,
                              window_size=size, cut_at="bytes" if start else None,
                              limited_by="file_cap" if start else None)
        reader = LogReader(f, size)
        first = reader.first_entry()
        cut = reader.cut(window.start_ts, window.end_ts, first=first) if first is not None else "plain"
        if cut is None:
            return "outside"
        if isinstance(cut, str):  # plain text, or entries out of order: whole when modified in the window
            if not touched:
                return "outside"
            start, how = reader.keep_newest(0, size, caps.log_file_bytes)
            return candidate(start=start, end=size, timed=False,
                              mode="whole" if cut == "plain" else "unsorted", window_size=size,
                              cut_at=how, limited_by="file_cap" if how else None)
        start, how = reader.keep_newest(cut.start, cut.end, caps.log_file_bytes)
        first_ts = cut.first_ts
        if how == "entry":
            entry_at = reader.next_entry(start, cut.end)
            first_ts = entry_at[1] if entry_at else first_ts
        return candidate(start=start, end=cut.end, timed=True, mode="window", first_ts=first_ts,
                          last_ts=cut.last_ts, window_size=cut.size, cut_at=how,
                          limited_by="file_cap" if how else None)


def _utf16_line_start(f, start: int, size: int, encoding: str) -> int:
    """The first UTF-16 line start at or after ``start`` (even offsets), so a cap never separates a
    secret from its key on the first kept line; ``start`` itself when no line break comes soon."""
    newline = "\n".encode(encoding)
    f.seek(start)
    data = f.read(min(size - start, 1 << 20))
    pos = 0
    while True:
        at = data.find(newline, pos)
        if at < 0:
            return start
        if at % 2 == 0:
            return min(size, start + at + 2)
        pos = at + 1


def _plan_intellitrace(found: _Found, arcname: str, window: TimeWindow, ctx: CollectContext) -> PlannedItem | None:
    e = found.entry
    if not window.modified_inside(e.mtime):
        return None
    if not ctx.include_intellitrace:
        return PlannedItem(Kind.LOGS, e.path, arcname, size=e.size, mtime=e.mtime, redact=False,
                           skipped="IntelliTrace: incluído só quando pedido", status="optin")
    if e.size > ctx.caps.intellitrace_bytes:
        return PlannedItem(Kind.LOGS, e.path, arcname, size=e.size, mtime=e.mtime, redact=False,
                           skipped=f"IntelliTrace maior que o limite de {human_size(ctx.caps.intellitrace_bytes)}",
                           status="too_large")
    return PlannedItem(Kind.LOGS, e.path, arcname, size=e.size, mtime=e.mtime, redact=False,
                       warning="IntelliTrace: arquivo binário grande, enviado sem anonimização")


# -------------------------------------------------------------------------------------------------
# the per-bundle cap


class _Readers:
    """Open readers of the files the bundle-cap search bisects (closed at the end)."""

    def __init__(self) -> None:
        self._open: dict[Path, tuple[Any, LogReader]] = {}

    def get(self, c: _Candidate) -> LogReader:
        if c.path not in self._open:
            f = fileio.open_shared(c.path)
            self._open[c.path] = (f, LogReader(f, c.end))
        return self._open[c.path][1]

    def close(self) -> None:
        for f, _ in self._open.values():
            f.close()
        self._open.clear()


def _start_from(c: _Candidate, t: float, readers: _Readers, memo: dict[tuple[int, float], int]) -> int:
    """Where ``c`` would start if only entries from time ``t`` on were kept."""
    if not c.timed:
        return c.start if c.mtime >= t else c.end
    if c.first_ts is not None and c.first_ts >= t:
        return c.start
    if c.last_ts is not None and c.last_ts < t - tracklog.SLACK:
        return c.end
    key = (id(c), t)
    if key not in memo:
        def find() -> int:
            return max(c.start, readers.get(c).find(t))

        try:
            if c.network:
                memo[key] = fileio.run_bounded(find, timeout=fileio.NETWORK_TIMEOUT, path=c.path)
            else:
                memo[key] = find()
        except OSError:  # vanished or offline meanwhile: nothing of it fits
            memo[key] = c.end
    return memo[key]


def _apply_bundle_cap(cands: list[_Candidate], cap: int, window: TimeWindow) -> list[_Candidate]:
    """Keeps the newest part of the window across all files; returns the candidates dropped."""
    if sum(c.size for c in cands) <= cap:
        return []
    readers = _Readers()
    memo: dict[tuple[int, float], int] = {}
    try:
        def total(t: float) -> int:
            return sum(c.end - _start_from(c, t, readers, memo) for c in cands)

        lo, hi = window.start_ts, window.end_ts + 1.0
        while hi - lo > 1.0:   # to the second
            mid = (lo + hi) / 2
            if total(mid) <= cap:
                hi = mid
            else:
                lo = mid
        for c in cands:
            start = _start_from(c, hi, readers, memo)
            if start != c.start:
                c.start = start
                c.limited_by = "bundle_cap"
                c.cut_at = "entry" if c.timed else "whole"
                if c.timed and start < c.end:
                    try:
                        entry = readers.get(c).next_entry(start, c.end)
                    except OSError:
                        entry = None
                    c.first_ts = entry[1] if entry else c.first_ts
        # a last strict pass: untimed files newer than the cut-off could still overflow
        excess = sum(c.size for c in cands) - cap
        for c in sorted(cands, key=lambda c: c.newest):
            if excess <= 0:
                break
            if c.size == 0:
                continue
            take = min(c.size, excess)
            c.start += take
            excess -= take
            c.limited_by = "bundle_cap"
            c.cut_at = "bytes"
    finally:
        readers.close()
    return [c for c in cands if c.size <= 0]


# -------------------------------------------------------------------------------------------------
# the plan


def _iso(ts: float | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts).astimezone().isoformat(timespec="milliseconds")


def _to_item(c: _Candidate, window: TimeWindow, caps: Caps) -> PlannedItem:
    cut: dict[str, Any] = {
        "mode": c.mode,
        "file_size": c.file_size,
        "window_bytes": c.window_size,
        "range": [c.start, c.end],
    }
    if c.timed:
        cut["first_entry"] = _iso(c.first_ts)
        cut["last_entry"] = _iso(c.last_ts)
    if c.limited_by:
        cut["limited_by"] = c.limited_by
        cut["cut_at"] = c.cut_at
        cut["dropped_bytes"] = c.window_size - c.size
    notes = []
    if c.mode == "window":
        if c.window_size < c.file_size:
            notes.append(f"cortado à janela de tempo: {human_size(c.window_size)} de {human_size(c.file_size)}")
    elif c.mode == "unsorted":
        notes.append("entradas fora de ordem: arquivo inteiro")
    elif c.mode == "utf16":
        notes.append("UTF-16: arquivo inteiro")
    if c.limited_by == "file_cap":
        notes.append(f"limite de {human_size(caps.log_file_bytes)} por arquivo: mantida a parte mais recente")
    elif c.limited_by == "bundle_cap":
        notes.append(f"limite de {human_size(caps.log_bundle_bytes)} de logs no pacote: mantida a parte mais recente")
    if c.limited_by and c.timed and c.first_ts is not None:
        notes.append(f"a partir de {datetime.fromtimestamp(c.first_ts).astimezone():%d/%m/%Y %H:%M:%S}")
    return PlannedItem(c.kind, c.path, c.arcname, size=c.size, byte_range=(c.start, c.end), redact=True,
                       encoding=c.encoding, mtime=c.mtime, note="; ".join(notes) or None, cut=cut)


def plan_logs(ctx: CollectContext) -> Plan:
    """The logs part of a collection (see module doc)."""
    return plan_log_sources(ctx, log_sources(ctx), _intellitrace_sources(ctx))


def plan_portal_logs(ctx: CollectContext) -> Plan:
    """The ``portal-logs`` part: the same cut to the window, for the portals' and rm-update's folders."""
    return plan_log_sources(ctx, portal_log_sources(ctx), [])


def plan_log_sources(ctx: CollectContext, sources: list[LogSource], itrace: list[LogSource]) -> Plan:
    window, caps = ctx.window, ctx.caps
    plan = Plan()
    names = ArcNames()
    seen: set[str] = set()
    cands: list[_Candidate] = []

    found: list[_Found] = []
    patterns = tuple(ctx.options.get("log_patterns") or LOG_PATTERNS)
    for src in sources:
        found += _walk(src, plan, patterns=patterns)
    for src in itrace:
        found += _walk(src, plan, intellitrace_only=True)

    for item in found:
        key = _key(str(item.entry.path))
        if key in seen:
            continue
        seen.add(key)
        arcname = _arcname(item.source, str(item.entry.path))
        if item.intellitrace:
            planned = _plan_intellitrace(item, arcname, window, ctx)
            if planned is not None:
                planned.arcname = names.claim(planned.arcname)
                plan.add(planned)
            continue
        network = fileio.is_network_path(item.entry.path)
        try:
            if network:
                result = fileio.run_bounded(_plan_file, item, arcname, window, caps, True,
                                            timeout=fileio.NETWORK_TIMEOUT * 2, path=item.entry.path)
            else:
                result = _plan_file(item, arcname, window, caps, False)
        except OSError as exc:
            status, reason = fileio.classify_error(exc)
            result = PlannedItem(item.source.kind, item.entry.path, arcname, size=item.entry.size,
                                 mtime=item.entry.mtime, skipped=reason, status=status)
        except Exception as exc:  # one odd file never stops the others
            log.debug("planning %s failed", item.entry.path, exc_info=True)
            result = PlannedItem(item.source.kind, item.entry.path, arcname, size=item.entry.size,
                                 mtime=item.entry.mtime, skipped=f"erro inesperado: {type(exc).__name__}",
                                 status="error")
        if isinstance(result, str):
            plan.count(result)
        elif isinstance(result, PlannedItem):
            result.arcname = names.claim(result.arcname)
            plan.add(result)
        else:
            result.arcname = names.claim(result.arcname)
            cands.append(result)

    dropped = {id(c) for c in _apply_bundle_cap(cands, caps.log_bundle_bytes, window)}
    for c in cands:
        if id(c) in dropped:
            plan.add(PlannedItem(c.kind, c.path, c.arcname, size=c.window_size, mtime=c.mtime,
                                 skipped=f"limite de {human_size(caps.log_bundle_bytes)} de logs no pacote: "
                                         "só a parte mais recente da janela foi mantida",
                                 status="cap"))
        else:
            plan.add(_to_item(c, window, caps))
    plan.items.sort(key=lambda i: i.arcname.lower())
    return plan


class LogsProbe(Probe):
    name = "logs"
    kind = Kind.LOGS
    description = "Logs do RM da janela de tempo (TRACKLOG cortado por horário)"
    timeout = 120.0

    def applies(self, ctx: CollectContext) -> str | None:
        if not ctx.wants(self.kind):
            return "logs não incluídos nesta coleta"
        if not log_sources(ctx) and not (ctx.include_intellitrace and ctx.installations):
            return "nenhuma pasta de logs encontrada"
        return None

    def run(self, ctx: CollectContext) -> Plan:
        return plan_logs(ctx)


class PortalLogsProbe(Probe):
    """Logs of the web portals (FrameHTML / Meu RH, Corpore.Net, Portal Educacional) and of rm-update,
    found by inspect (``collector.probes.rm_parts``), cut to the window like the RM's own."""

    name = "portal-logs"
    kind = Kind.PORTAL_LOGS
    description = "Logs dos portais do RM (FrameHTML / Meu RH, Corpore.Net, Portal Educacional) e do rm-update"
    timeout = 120.0

    def applies(self, ctx: CollectContext) -> str | None:
        if not ctx.wants(self.kind):
            return "logs dos portais não incluídos nesta coleta"
        if not portal_log_sources(ctx):
            return "nenhuma pasta de logs de portal encontrada"
        return None

    def run(self, ctx: CollectContext) -> Plan:
        return plan_portal_logs(ctx)
