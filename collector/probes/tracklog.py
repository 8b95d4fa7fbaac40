"""Cutting a timestamped log (RM TRACKLOG / Serilog) to a time window without reading it all.

A TRACKLOG line starts ``{SourceContext}{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} {Legacy} [{Level:u3}]``
(SPEC §3): the source context (often empty) is glued to the timestamp. A line with a timestamp starts
an *entry*; lines without one (exception stacks, SQL) belong to the entry above. Everything here
works on bytes — timestamps are ASCII in UTF-8 and in cp1252 alike — and never decodes or loads a
file: reads are bounded (``CHUNK``), only the first ``PREFIX`` bytes of a line are looked at, so a
10 MB line costs reading it, not holding it.

Finding a time: bisect on byte offsets. From an offset, skip to the next line start, read lines until
one carries a timestamp, compare, halve. When the interval is small, scan forward.

Disorder: async writers (Serilog's Async sink, several processes sharing a file) can write entries a
little out of order. The bisection looks for ``t - slack`` and then scans forward to the first entry
at or after ``t``, so disorder smaller than ``slack`` (default 60 s) never moves the cut past an entry
that belongs to the window; the byte range is contiguous, so a few entries slightly outside the window
near its edges can come along. A file whose last entry is older than its first by more than the slack
(clock changes, concatenated files) is reported as unsorted and the caller takes it whole.
Naive timestamps (a template without ``zzz``) are read in the machine's local time. Lines before a
file's first entry carry no time and are left out of a cut; a continuation line that itself starts
with a glued word and a date (``Data:2026-11-27 10:00:00``) would be taken for an entry — rare, and
harmless: the cut then happens one line earlier or later.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import BinaryIO

CHUNK = 64 * 1024          # the largest single read
FIRST_READ = 4 * 1024      # reads start small (a bisection probe needs one line) and double
PREFIX = 512               # bytes of a line searched for its timestamp (≤ FIRST_READ)
BLOCK = 16 * 1024          # the bisection stops at this interval and scans
HEAD_SCAN = 64 * 1024      # how far the first entry is looked for to call a file timestamped
BACK_SCAN = 4 * 1024 * 1024  # how far back the last entry is looked for
SLACK = 60.0               # seconds of tolerated disorder

TS_RE = re.compile(
    rb"^\S{0,256}?"                                         # source context, glued (may be empty)
    rb"(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)"       # yyyy-MM-dd HH:mm:ss
    rb"(?:[.,](\d{1,7}))?"                                  # .fff (log4net writes ,fff)
    rb"(?: ?(Z|[+-]\d\d:?\d\d)(?![\d:]))?"                  # zzz
)


@lru_cache(maxsize=64)
def _offset_tz(text: bytes) -> tzinfo:
    if text == b"Z":
        return UTC
    sign = -1 if text[:1] == b"-" else 1
    digits = text[1:].replace(b":", b"")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def line_timestamp(line: bytes, tz: tzinfo | None = None) -> float | None:
    """Epoch seconds of the timestamp that starts ``line`` (after a glued source context), else None.

    Naive timestamps are in ``tz`` (default: the machine's local time, DST-aware).
    """
    m = TS_RE.match(line)
    if m is None:
        return None
    year, month, day, hour, minute, second, frac, offset = m.groups()
    micro = int((frac + b"000000")[:6]) if frac else 0
    try:
        when = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro)
        if offset is not None:
            return when.replace(tzinfo=_offset_tz(offset)).timestamp()
        if tz is not None:
            return when.replace(tzinfo=tz).timestamp()
        return when.timestamp()  # naive: local time
    except (ValueError, OverflowError, OSError):
        return None


@dataclass(frozen=True)
class Cut:
    """The window's part of a log: ``[start, end)`` bytes, from an entry start to the next entry
    after the window (or EOF); ``first_ts``/``last_ts``: timestamps of its first and last entries."""

    start: int
    end: int
    first_ts: float
    last_ts: float | None

    @property
    def size(self) -> int:
        return self.end - self.start


class LogReader:
    """Bounded-read access to the entries of one open log of (fixed) ``size`` bytes.

    ``size`` is taken once: a file being appended to is read up to that size, so its growth during
    the cut changes nothing. ``bytes_read`` counts what the reader read.
    """

    def __init__(self, f: BinaryIO, size: int, tz: tzinfo | None = None) -> None:
        self.f = f
        self.size = size
        self.tz = tz
        self.bytes_read = 0

    # raw access -------------------------------------------------------------------------------
    def _read(self, pos: int, n: int) -> bytes:
        n = min(n, self.size - pos)
        if n <= 0:
            return b""
        self.f.seek(pos)
        data = self.f.read(n)
        self.bytes_read += len(data)
        return data

    def at_line_start(self, pos: int) -> bool:
        return pos <= 0 or self._read(pos - 1, 1) == b"\n"

    def next_line_start(self, pos: int, limit: int | None = None) -> int | None:
        """The first line start strictly after ``pos`` (after the next ``\\n``) and before ``limit``."""
        limit = self.size if limit is None else min(limit, self.size)
        step = FIRST_READ
        while pos < limit:
            chunk = self._read(pos, step)
            step = min(CHUNK, step * 2)
            if not chunk:
                return None
            nl = chunk.find(b"\n")
            if nl >= 0:
                start = pos + nl + 1
                return start if start < limit else None
            pos += len(chunk)
        return None

    def lines(self, start: int, limit: int | None = None) -> Iterator[tuple[int, bytes]]:
        """``(offset, prefix)`` of every line starting in ``[start, limit)``; a line cut by ``start``
        is skipped. ``prefix`` is at most ``PREFIX`` bytes of the line."""
        limit = self.size if limit is None else min(limit, self.size)
        pos: int | None = max(0, start)
        if pos and not self.at_line_start(pos):
            pos = self.next_line_start(pos, limit)
        step = FIRST_READ
        while pos is not None and pos < limit:
            chunk = self._read(pos, step)
            step = min(CHUNK, step * 2)
            if not chunk:
                return
            i, n = 0, len(chunk)
            while True:
                nl = chunk.find(b"\n", i)
                if nl < 0:
                    break
                yield pos + i, chunk[i:min(nl + 1, i + PREFIX)]
                i = nl + 1
                if pos + i >= limit:
                    return
            if i == n:
                pos += n
            elif pos + n >= self.size:      # the last line, without a newline
                yield pos + i, chunk[i:i + PREFIX]
                return
            elif i > 0:                      # a line cut by the chunk's end: read it again from its start
                pos += i
            else:                            # one line longer than a whole chunk: skip the rest of it
                yield pos, chunk[:PREFIX]
                pos = self.next_line_start(pos + n - 1, limit)

    def entries(self, start: int = 0, limit: int | None = None) -> Iterator[tuple[int, float]]:
        """``(offset, timestamp)`` of every entry starting in ``[start, limit)``."""
        tz = self.tz
        for offset, prefix in self.lines(start, limit):
            ts = line_timestamp(prefix, tz)
            if ts is not None:
                yield offset, ts

    def next_entry(self, start: int, limit: int | None = None) -> tuple[int, float] | None:
        return next(self.entries(start, limit), None)

    def first_entry(self, within: int = HEAD_SCAN) -> tuple[int, float] | None:
        return self.next_entry(0, min(self.size, within))

    def last_entry(self, before: int | None = None, max_back: int = BACK_SCAN) -> tuple[int, float] | None:
        """The last entry starting before ``before`` (default EOF), looking back at most ``max_back``."""
        end = self.size if before is None else min(before, self.size)
        pos = end
        step = FIRST_READ
        while pos > 0 and end - pos < max_back:
            start = max(0, pos - step)
            step = min(CHUNK, step * 2)
            found = None
            for entry in self.entries(start, pos):
                found = entry
            if found is not None:
                return found
            pos = start
        return None

    # searching by time ------------------------------------------------------------------------
    def _bisect(self, t: float, strict: bool) -> int:
        """An offset at or before the first entry with ts >= t (> t if strict), assuming order."""
        lo, hi = 0, self.size
        while hi - lo > BLOCK:
            mid = (lo + hi) // 2
            entry = self.next_entry(mid, hi)
            if entry is None:          # only continuation lines in [mid, hi)
                hi = mid
                continue
            offset, ts = entry
            if ts > t or (ts == t and not strict):
                hi = mid
            else:
                lo = offset + 1
        return lo

    def find(self, t: float, *, strict: bool = False, slack: float = SLACK) -> int:
        """Offset of the first entry with ts >= t (> t when ``strict``), or ``size`` when none.

        Bisects for ``t - slack`` and scans forward from there (see the module doc on disorder).
        """
        lo = self._bisect(t - slack, strict)
        for offset, ts in self.entries(lo):
            if ts > t or (ts == t and not strict):
                return offset
        return self.size

    def cut(self, start_ts: float, end_ts: float, *, slack: float = SLACK,
            first: tuple[int, float] | None = None) -> Cut | None | str:
        """The ``[start_ts, end_ts]`` part of the log: a ``Cut``, None when the window holds none of
        it, or ``"unsorted"`` when the file is not in time order (the caller decides)."""
        first = first or self.first_entry()
        if first is None:
            return "unsorted" if self.size else None
        last = self.last_entry()  # None: the file ends with a huge entry; search for the end then
        if last is not None:
            if last[1] < first[1] - slack:
                return "unsorted"
            if last[1] < start_ts - slack:
                return None
        if first[1] > end_ts:
            return None
        begin = first[0] if first[1] >= start_ts else self.find(start_ts, slack=slack)
        if last is not None and last[1] <= end_ts:
            end = self.size
        else:
            end = self.find(end_ts, strict=True, slack=slack)
        if begin >= end:
            return None
        entry = self.next_entry(begin, end)
        first_ts = entry[1] if entry else first[1]
        tail = last if end == self.size else self.last_entry(before=end)
        return Cut(begin, end, first_ts, tail[1] if tail else None)

    def keep_newest(self, start: int, end: int, cap: int) -> tuple[int, str | None]:
        """Shrinks ``[start, end)`` to at most ``cap`` bytes keeping its end, cut at an entry start
        (else a line start, else mid-line). Returns (new start, "entry"|"line"|"bytes"|None)."""
        if end - start <= cap:
            return start, None
        target = end - cap
        entry = self.next_entry(target, end)
        if entry is not None:
            return entry[0], "entry"
        line = self.next_line_start(target - 1, end) if target > 0 else target
        if line is not None:
            return line, "line"
        return target, "bytes"
