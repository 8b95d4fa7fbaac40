"""A multi-pattern prefilter for the triggers: one Hyperscan pass over a chunk finds every candidate.

``triggers.TriggerScanner`` runs one ``re`` pass per anchor byte: fine for a dozen triggers, but
every rule added costs another pass or another alternative tried at a common byte. Hyperscan
(Intel's multi-pattern regex engine, on PyPI as ``hyperscan``) matches all the triggers — literal
plus what must follow it — in a single pass whatever their number. Hyperscan has no lookarounds,
so each pattern is the trigger without them (a superset of the real candidates); every candidate is
then confirmed with the trigger's exact ``re`` pattern at that position before its handler runs,
in the order of the positions, exactly as ``TriggerScanner`` would have called it.

When the ``hyperscan`` package cannot be imported (a platform without a wheel), ``make_scanner``
returns the pure-``re`` ``TriggerScanner``: same results, slower with many rules.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from collector.redact.hits import ChunkScan
from collector.redact.triggers import Handler, Trigger, TriggerScanner

try:  # an optional accelerator: results never depend on it
    import hyperscan
except ImportError:  # pragma: no cover - platforms without a wheel
    hyperscan = None  # type: ignore[assignment]


def _strip_lookarounds(pattern: bytes) -> bytes:
    """``pattern`` without its ``(?=...)``, ``(?!...)``, ``(?<=...)``, ``(?<!...)`` groups."""
    out = bytearray()
    i, n = 0, len(pattern)
    while i < n:
        if pattern.startswith((b"(?=", b"(?!", b"(?<=", b"(?<!"), i) and (i == 0 or pattern[i - 1] != 0x5C):
            depth, j = 0, i
            while j < n:
                c = pattern[j]
                if c == 0x5C:  # an escaped character
                    j += 2
                    continue
                if c == 0x5B:  # a character class: skip to its end
                    j += 1
                    if j < n and pattern[j] == 0x5D:
                        j += 1
                    while j < n and pattern[j] != 0x5D:
                        j += 2 if pattern[j] == 0x5C else 1
                    j += 1
                    continue
                if c == 0x28:
                    depth += 1
                elif c == 0x29:
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            i = j + 1
            continue
        out.append(pattern[i])
        i += 1
    return bytes(out)


class _Candidate:
    """One trigger's exact check. Its ``re`` patterns are compiled at the first candidate: most of the
    ~100 triggers never fire in a given collection, and compiling them all costs every process start
    tens of milliseconds."""

    __slots__ = ("trigger", "handlers", "_confirm", "_not_after", "literal_only")

    def __init__(self, trigger: Trigger, handlers: tuple[Handler, ...]):
        self.trigger = trigger
        self.handlers = handlers
        self.literal_only = not _strip_lookarounds(trigger.follow)
        self._confirm: Callable[..., Any] | None = None
        self._not_after: Callable[..., Any] | None = None

    def confirm(self, view: bytes, at: int) -> Any:
        if self._confirm is None:
            follow = b"(?=" + self.trigger.follow + b")" if self.trigger.follow else b""
            self._confirm = re.compile(re.escape(self.trigger.literal) + follow, re.S).match
        return self._confirm(view, at)

    def preceded(self, view: bytes, start: int) -> bool:
        """The byte class ``not_after`` stands right before the literal (the candidate is void)."""
        if not self.trigger.not_after:
            return False
        if self._not_after is None:
            self._not_after = re.compile(b"(?:" + self.trigger.not_after + b")\\Z", re.S).search
        return self._not_after(view, max(0, start - 16), start) is not None


@functools.lru_cache(maxsize=32)
def _database(patterns: tuple[tuple[bytes, bool], ...], som: bool = False) -> Any:
    """A compiled block-mode database, cached in memory and (serialized) on disk: compiling the
    rules' patterns costs a few hundred milliseconds, loading them a millisecond. Without
    start-of-match tracking (it makes bounded repeats too large): starts are found back from ends."""
    digest = hashlib.sha256(repr((getattr(hyperscan, "__version__", ""), patterns, som)).encode()).hexdigest()[:32]
    cached = _cache_file(digest)
    if cached is not None:
        try:
            db = hyperscan.loadb(cached.read_bytes(), hyperscan.HS_MODE_BLOCK)
            db.scratch = hyperscan.Scratch(db)
            return db
        except Exception:  # absent, stale or corrupt: compiled again below
            pass
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    flags = [hyperscan.HS_FLAG_DOTALL | (hyperscan.HS_FLAG_CASELESS if caseless else 0)
             | (hyperscan.HS_FLAG_SOM_LEFTMOST if som else 0) for _p, caseless in patterns]
    db.compile(expressions=[p for p, _c in patterns], ids=list(range(len(patterns))), elements=len(patterns),
               flags=flags)
    if cached is not None:
        try:
            tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
            tmp.write_bytes(hyperscan.dumpb(db))
            os.replace(tmp, cached)
        except Exception:  # a read-only or full disk: the next run compiles again
            pass
    return db


def _cache_file(digest: str) -> Path | None:
    try:
        folder = Path(tempfile.gettempdir()) / f"collector-hs-{_user_tag()}"
        folder.mkdir(mode=0o700, exist_ok=True)
        return folder / f"{digest}.hsdb"
    except OSError:
        return None


def _user_tag() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid else hashlib.sha256(os.path.expanduser("~").encode()).hexdigest()[:8]


_local = threading.local()


def _scratch(db: Any) -> Any:
    """Hyperscan's scratch space may serve one scan at a time: one per thread and database."""
    table = getattr(_local, "scratch", None)
    if table is None or len(table) > 64:
        table = _local.scratch = {}
    entry = table.get(id(db))
    if entry is None or entry[0] is not db:  # an id may be reused after a database is dropped
        entry = table[id(db)] = (db, hyperscan.Scratch(db))
    return entry[1]


LOOK_BACK = 1024  # bytes before a match's end searched for its literal (a trigger's follow is shorter)


class HyperscanScanner:
    """The same contract as ``TriggerScanner`` (``run(chunk_scan)`` calls the handlers), in one pass
    per group of triggers: the rules' own (compiled once per process) and the bundle's literals
    (known secrets, host and user names: a small database of their own)."""

    def __init__(self, *groups: list[tuple[Trigger, Handler]]):
        self._groups = []
        for entries in groups:
            merged: dict[Trigger, list[Handler]] = {}
            for trigger, handler in entries:
                merged.setdefault(trigger, []).append(handler)
            if not merged:
                continue
            candidates = [_Candidate(t, tuple(h)) for t, h in merged.items()]
            patterns = tuple((re.escape(c.trigger.literal) + _strip_lookarounds(c.trigger.follow),
                              not c.trigger.case_sensitive) for c in candidates)
            self._groups.append((_database(patterns), candidates))

    @property
    def passes(self) -> int:
        return len(self._groups)

    def run(self, cs: ChunkScan) -> None:
        found: set[tuple[int, int, int, int]] = set()  # (start, -length: longest first, group, pattern)
        low, text = cs.low, cs.text
        for group, (db, candidates) in enumerate(self._groups):
            ends: set[tuple[int, int]] = set()

            def on_match(pattern_id: int, start: int, end: int, flags: int, context: Any,
                         ends: set[tuple[int, int]] = ends) -> None:
                ends.add((pattern_id, end))

            db.scan(text, match_event_handler=on_match, scratch=_scratch(db))
            previous: dict[int, int] = {}
            for pattern_id, end in sorted(ends):
                c = candidates[pattern_id]
                view = text if c.trigger.case_sensitive else low
                lit = c.trigger.literal
                if c.literal_only:  # the match is the literal itself: its start is known
                    at = end - len(lit)
                    if c.confirm(view, at):
                        found.add((at, -len(lit), group, pattern_id))
                    continue
                # every occurrence of the literal before this end that the exact pattern confirms (two
                # occurrences may share an end); the window starts where the previous end's stopped
                floor = max(0, end - LOOK_BACK, previous.get(pattern_id, 0) - len(lit) + 1)
                previous[pattern_id] = end
                at = view.find(lit, floor, end)
                while at >= 0:
                    if c.confirm(view, at):
                        found.add((at, -len(lit), group, pattern_id))
                    at = view.find(lit, at + 1, end)
        for start, _longest, group, pattern_id in sorted(found):
            c = self._groups[group][1][pattern_id]
            view = text if c.trigger.case_sensitive else low
            if c.preceded(view, start):
                continue
            end = start + len(c.trigger.literal)
            for handler in c.handlers:
                handler(cs, c.trigger, start, end)


class SpanScanner:
    """Every (pattern index, start, end) of a few bounded, case-sensitive patterns in one pass (the
    digit shapes of CPF/CNPJ); ``None`` from ``span_scanner`` when Hyperscan is not available."""

    def __init__(self, patterns: tuple[bytes, ...]):
        self._db = _database(tuple((p, False) for p in patterns), som=True)

    def spans(self, data: bytes) -> list[tuple[int, int, int]]:
        found: list[tuple[int, int, int]] = []

        def on_match(pattern_id: int, start: int, end: int, flags: int, context: Any) -> None:
            found.append((pattern_id, start, end))

        self._db.scan(data, match_event_handler=on_match, scratch=_scratch(self._db))
        return found


@functools.lru_cache(maxsize=8)
def span_scanner(patterns: tuple[bytes, ...]) -> SpanScanner | None:
    if hyperscan is None:
        return None
    try:
        return SpanScanner(patterns)
    except Exception:  # cannot compile here: the caller's pure-re path
        return None


def make_scanner(entries: list[tuple[Trigger, Callable[..., None]]],
                 bundle_entries: Sequence[tuple[Trigger, Callable[..., None]]] = ()) -> TriggerScanner | HyperscanScanner:
    """The fastest scanner available (Hyperscan when installed and every pattern compiles)."""
    if hyperscan is not None:
        try:
            return HyperscanScanner(list(entries), list(bundle_entries))
        except Exception:  # a pattern Hyperscan cannot compile: the exact scanner, never a lost rule
            pass
    return TriggerScanner([*entries, *bundle_entries])
