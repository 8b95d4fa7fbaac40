"""The time window of a collection: which RMError files and which log entries belong to the bundle.

``--since WHEN`` (and ``since`` in an analyst's request, SPEC §4.6) is an ISO date or date/time, with
or without a UTC offset (without one it is the machine's local time), or a duration counted back from
now: ``90m``, ``36h``, ``7d``, ``2w`` (units may be combined: ``1d12h``). Brazilian dates
(``20/11/2026``, ``20/11/2026 14:30``) are accepted too, since that is what users type. The window ends
now; by default it covers the last two days (SPEC §4.4).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from collector.core.errors import UsageError

DEFAULT_SPAN = timedelta(days=2)

_UNITS = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DURATION_RE = re.compile(r"(\d+)\s*(min|m|h|d|w)", re.IGNORECASE)
_DURATION_FULL_RE = re.compile(r"(?:\d+\s*(?:min|m|h|d|w)\s*)+", re.IGNORECASE)
_BR_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y")
_MAX_DURATION = timedelta(days=3660)

_HINT = "use uma data ISO (2026-11-20 ou 2026-11-20T14:30) ou uma duração (90m, 36h, 7d)"


def local_now() -> datetime:
    """Now, aware, in the machine's local time zone."""
    return datetime.now().astimezone()


def _localize(naive: datetime, tz: tzinfo | None) -> datetime:
    """A naive date/time is local time: the machine's (DST-aware) or ``tz`` when given."""
    if tz is not None:
        return naive.replace(tzinfo=tz)
    return naive.astimezone()


def parse_duration(text: str) -> timedelta | None:
    """``90m`` / ``36h`` / ``7d`` / ``2w`` / ``1d12h`` → timedelta; None when ``text`` is not a duration."""
    compact = text.strip()
    if not compact or not _DURATION_FULL_RE.fullmatch(compact):
        return None
    seconds = sum(int(n) * _UNITS[unit.lower()] for n, unit in _DURATION_RE.findall(compact))
    return timedelta(seconds=seconds)


def parse_when(text: str, now: datetime | None = None, *, tz: tzinfo | None = None) -> datetime:
    """The start of a window from ``--since``: an aware datetime. Raises ``UsageError`` (Portuguese).

    ``now`` (aware) is the reference for durations; ``tz`` is the zone of naive dates (default: the
    machine's local zone).
    """
    if now is None:
        now = local_now()
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    raw = (text or "").strip()
    if not raw:
        raise UsageError(f"janela de tempo vazia: {_HINT}")

    if raw[0].isdigit() and raw[-1].isalpha() and raw[-1] not in "zZ":
        span = parse_duration(raw)
        if span is None:
            raise UsageError(f"duração inválida: '{raw}' ({_HINT})")
        if span <= timedelta(0):
            raise UsageError(f"a duração precisa ser maior que zero: '{raw}'")
        if span > _MAX_DURATION:
            raise UsageError(f"duração longa demais: '{raw}' (no máximo 10 anos)")
        return now - span

    when = _parse_datetime(raw, tz)
    if when is None:
        raise UsageError(f"data/hora inválida: '{raw}' ({_HINT})")
    if when > now:
        raise UsageError(f"a data/hora '{raw}' está no futuro")
    return when


def _parse_datetime(raw: str, tz: tzinfo | None) -> datetime | None:
    when: datetime | None = None
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        for fmt in _BR_FORMATS:
            try:
                when = datetime.strptime(raw, fmt)
                break
            except ValueError:
                continue
    if when is None:
        return None
    if when.tzinfo is None:
        when = _localize(when, tz)
    return when


@dataclass(frozen=True)
class TimeWindow:
    """``[start, end]``, both timezone-aware, inclusive at both ends."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("TimeWindow needs timezone-aware datetimes")
        if self.start > self.end:
            raise ValueError("TimeWindow start is after its end")

    # construction -----------------------------------------------------------------------------
    @classmethod
    def last(cls, span: timedelta, now: datetime | None = None) -> TimeWindow:
        now = now or local_now()
        return cls(now - span, now)

    @classmethod
    def default(cls, now: datetime | None = None) -> TimeWindow:
        """The last two days (SPEC §4.4)."""
        return cls.last(DEFAULT_SPAN, now)

    @classmethod
    def since(cls, when: str | None, now: datetime | None = None, *, tz: tzinfo | None = None) -> TimeWindow:
        """From ``--since WHEN`` (None or empty → the default window) up to now."""
        now = now or local_now()
        if when is None or not str(when).strip():
            return cls.default(now)
        return cls(parse_when(str(when), now, tz=tz), now)

    # queries ----------------------------------------------------------------------------------
    @property
    def start_ts(self) -> float:
        return self.start.timestamp()

    @property
    def end_ts(self) -> float:
        return self.end.timestamp()

    @property
    def span(self) -> timedelta:
        return self.end - self.start

    def contains(self, when: datetime | float) -> bool:
        ts = when.timestamp() if isinstance(when, datetime) else float(when)
        return self.start_ts <= ts <= self.end_ts

    def reaches_present(self, grace: float = 300.0) -> bool:
        """Whether the window ends now (within ``grace`` seconds): the collection's own window."""
        return self.end_ts >= time.time() - grace

    def modified_inside(self, mtime: float) -> bool:
        """Whether a file last modified at ``mtime`` was modified inside the window. A window that
        reaches the present has no upper bound: files written while we collect count too."""
        return mtime >= self.start_ts and (mtime <= self.end_ts or self.reaches_present())

    def overlaps(self, first: float | None, last: float | None) -> bool:
        """Whether ``[first, last]`` (epoch seconds; None = unbounded) meets the window."""
        return (first is None or first <= self.end_ts) and (last is None or last >= self.start_ts)

    def to_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(timespec="seconds"), "end": self.end.isoformat(timespec="seconds")}

    def describe(self) -> str:
        """Portuguese, for summaries: ``de 26/11/2026 09:15 a 28/11/2026 09:15 (UTC-03:00)``."""
        def fmt(d: datetime) -> str:
            return d.strftime("%d/%m/%Y %H:%M")

        offset = self.end.strftime("%z")
        zone = f"UTC{offset[:3]}:{offset[3:]}" if offset else ""
        return f"de {fmt(self.start)} a {fmt(self.end)} ({zone})"
