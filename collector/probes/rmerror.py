"""RMError files of the time window (SPEC §3 "RMError").

The RM client saves its error dialog as a file whose location is not documented. We look for names
matching the patterns (default ``RMError*``, case-insensitive, configurable) in the user's Desktop,
Documents, Downloads and temp folder (``collector.probes.userdirs``; OneDrive-aware) and in the
installation roots, a few folder levels deep only (an RM installation holds thousands of files), and
keep those modified inside the window, newest first, up to ``caps.rmerror_files``.
"""

from __future__ import annotations

import fnmatch
import heapq
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from collector.core.kinds import KINDS, Kind
from collector.core.plan import (
    ArcNames,
    CollectContext,
    Plan,
    PlannedItem,
    arc_join,
    installation_labels,
)
from collector.core.probe import Probe
from collector.core.sizes import human_size
from collector.probes import fileio
from collector.redact.encoding import sniff_bytes

DEFAULT_PATTERNS = ("RMError*",)
INSTALL_DEPTH = 1       # the root and its direct subfolders (Bin, Temp...)
HEAD = 8192


@dataclass(frozen=True)
class SearchFolder:
    label: str
    path: Path
    depth: int


def search_folders(ctx: CollectContext) -> list[SearchFolder]:
    """Where to look: the injected ``ctx.search_dirs`` or the user's folders, then the installations."""
    if ctx.search_dirs is not None:
        folders = [SearchFolder(label, Path(path), 1) for label, path in ctx.search_dirs]
    else:
        from collector.probes.userdirs import user_folders

        folders = [SearchFolder(f.label, f.path, f.depth) for f in user_folders()]
    roots = ctx.installation_roots()
    for root, label in zip(roots, installation_labels(roots), strict=True):
        folders.append(SearchFolder(f"instalação {label}", Path(root), INSTALL_DEPTH))
    return folders


def _matcher(patterns: tuple[str, ...] | list[str]):
    lowered = [p.lower() for p in (patterns or DEFAULT_PATTERNS) if p and p.strip()]
    lowered = lowered or [p.lower() for p in DEFAULT_PATTERNS]
    return lambda name: any(fnmatch.fnmatchcase(name.lower(), p) for p in lowered)


@dataclass
class _Match:
    folder: SearchFolder
    entry: fileio.EntryInfo


LISTED_OVER_CAP = 20  # files over the cap named in the manifest; the others are only counted


def candidates(ctx: CollectContext, plan: Plan | None = None) -> Iterator[tuple[SearchFolder, fileio.EntryInfo]]:
    """Every file named like an RMError file in the search folders, whatever its time (also the
    RMError watcher's listing, :mod:`collector.probes.rmerror_watch`). An unreadable search folder
    is counted in ``plan``."""
    matches = _matcher(ctx.rmerror_patterns)
    for folder in search_folders(ctx):
        stack = [(folder.path, 0)]
        while stack:
            path, depth = stack.pop()
            try:
                entries = fileio.list_dir(path)
            except FileNotFoundError:
                continue
            except OSError as exc:
                if depth == 0 and plan is not None:
                    plan.count(f"folder_{fileio.classify_error(exc)[0]}")
                continue
            for e in entries:
                if e.is_dir:
                    if depth < folder.depth:
                        stack.append((e.path, depth + 1))
                    continue
                if e.is_file and matches(e.name):
                    yield folder, e
            del entries


def _find(ctx: CollectContext, plan: Plan, keep: int) -> list[_Match]:
    """The ``keep`` newest matches (a heap: memory stays flat with 100,000 RMError files in a folder);
    the older ones are counted as ``cap``."""
    found: list[tuple[float, int, _Match]] = []
    seen: set[str] = set()
    order = 0
    for folder, e in candidates(ctx, plan):
        if not ctx.window.modified_inside(e.mtime):
            plan.count("outside")
            continue
        key = os.path.normcase(os.path.abspath(e.path))
        if key in seen:
            continue
        seen.add(key)
        order += 1
        entry = (e.mtime, -order, _Match(folder, e))
        if len(found) < keep:
            heapq.heappush(found, entry)
        else:
            heapq.heappushpop(found, entry)
            plan.count("cap")
    return [m for _t, _o, m in sorted(found, key=lambda x: (x[0], x[1]), reverse=True)]


def _check(item: PlannedItem, cap: int) -> None:
    """Opens the file as the writer will (sharing, locks) and fills size/encoding, or the skip reason."""
    if item.source is None:
        return
    try:
        with fileio.open_shared(item.source) as f:
            item.size = os.fstat(f.fileno()).st_size
            head = f.read(HEAD)
    except OSError as exc:
        item.status, item.skipped = fileio.classify_error(exc)
        return
    sniffed = sniff_bytes(head)
    if sniffed.binary:
        item.status, item.skipped = "binary", f"{sniffed.reason} (anexe-o manualmente se precisar)"
        item.redact = False
    elif item.size > cap:
        item.status, item.skipped = "too_large", f"maior que o limite de {human_size(cap)}"
    else:
        item.encoding = sniffed.encoding if sniffed.encoding in ("utf-16-le", "utf-16-be") else None


def plan_rmerror(ctx: CollectContext) -> Plan:
    plan = Plan()
    names = ArcNames()
    limit = max(0, ctx.caps.rmerror_files)
    found = _find(ctx, plan, limit + LISTED_OVER_CAP)
    for n, match in enumerate(found):
        e = match.entry
        arcname = names.claim(arc_join(KINDS[Kind.RMERROR].folder, e.name))
        item = PlannedItem(Kind.RMERROR, e.path, arcname, size=e.size, mtime=e.mtime, note=f"encontrado em {match.folder.label}")
        if n >= limit:
            item.status, item.skipped = "cap", f"limite de {limit} arquivos RMError: só os mais recentes"
        elif fileio.is_network_path(e.path):
            try:
                fileio.run_bounded(_check, item, ctx.caps.rmerror_file_bytes,
                                   timeout=fileio.NETWORK_TIMEOUT, path=e.path)
            except fileio.FolderOffline as exc:
                item.status, item.skipped = fileio.classify_error(exc)
        else:
            _check(item, ctx.caps.rmerror_file_bytes)
        plan.add(item)
    return plan


class RmErrorProbe(Probe):
    name = "rmerror"
    kind = Kind.RMERROR
    description = "Arquivos RMError da janela de tempo (Área de Trabalho, Documentos, Downloads, temp, instalação)"
    timeout = 30.0

    def applies(self, ctx: CollectContext) -> str | None:
        return None if ctx.wants(self.kind) else "RMError não incluído nesta coleta"

    def run(self, ctx: CollectContext) -> Plan:
        return plan_rmerror(ctx)
