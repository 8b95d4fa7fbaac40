"""Finding where rules must look, fast: literal triggers grouped by a rare anchor byte.

Python's ``re`` scans for a *literal* first byte at memchr speed, but a pattern that starts with a
character class (``[kwh]``, an alternation of words) costs several nanoseconds per byte. So every
trigger (``senha``, ``token``, ``bearer``, ``@``, a host name...) is written from its rarest byte:
``k(?:(?<=to)ken...)`` finds "token" by scanning for "k" and checking the bytes around it. Triggers
that share an anchor byte share one pass; a trigger may add a lookahead (``follow``) so that only
real candidates (``token=``, not ``CancellationToken)``) reach Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from collector.redact.hits import ChunkScan

# Approximate frequency (%) of bytes in lower-cased RM logs (measured on generated TRACKLOG text);
# unknown printable bytes count as rare, non-ASCII bytes as uncommon.
_MEASURED = (
    "! 0.01 ; 0.03 > 0.06 z 0.07 w 0.12 @ 0.12 j 0.2 ' 0.24 k 0.26 y 0.27 q 0.3 ( 0.32 ) 0.32 = 0.37 "
    ", 0.41 x 0.42 [ 0.53 ] 0.53 h 0.66 9 0.71 7 0.75 \\ 0.83 8 0.85 4 0.98 5 1.0 v 1.06 6 1.26 u 1.32 "
    "b 1.44 g 1.47 f 1.53 p 1.57 3 1.58 - 1.84 : 2.17 m 2.25 1 2.47 2 2.76 t 3.13 . 3.16 d 3.16 0 3.61 "
    "l 3.63 n 3.69 s 3.73 i 4.1 r 4.43 c 5.36 e 5.37 o 5.89 a 6.25"
)
FREQUENCY = {b: 0.05 for b in range(256)}
FREQUENCY.update({b: 0.3 for b in range(128, 256)})
FREQUENCY.update({ord(c): 0.3 for c in "\"/<_"})
FREQUENCY[ord(" ")] = 15.0
FREQUENCY[ord("\t")] = 1.0
_items = _MEASURED.split(" ")
for _c, _f in zip(_items[0::2], _items[1::2], strict=True):
    FREQUENCY[ord(_c)] = float(_f)
for _b in range(ord("A"), ord("Z") + 1):  # in case-sensitive views upper case is rarer than lower
    FREQUENCY[_b] = FREQUENCY[_b + 32] * 0.3
del _items, _c, _f, _b


@dataclass(frozen=True)
class Trigger:
    literal: bytes  # lower case, unless case_sensitive
    follow: bytes = b""  # a regex that must match right after the literal (checked in C)
    case_sensitive: bool = False  # searched in the original bytes instead of the lower-cased copy
    not_after: bytes = b""  # a byte class (regex) that must not come right before the literal


Handler = Callable[..., None]  # handler(chunk_scan, trigger, start, end)


# Cost model (ms per MB, measured): a pass costs ~0.27 plus, per % of anchor bytes in the text,
# ~0.08 and ~0.05 more for each alternative tried at every anchor byte.
_PASS, _PER_ANCHOR, _PER_ALT = 0.27, 0.08, 0.05


def _assign(triggers: list[Trigger]) -> dict[Trigger, int]:
    """Which byte of each trigger anchors it: few passes, rare anchors, short alternations
    (greedy, then local moves while one lowers the estimated cost)."""
    size: dict[int, int] = {}
    where: dict[Trigger, int] = {}

    def add_cost(b: int) -> float:
        f = FREQUENCY[b]
        return f * _PER_ALT if size.get(b) else _PASS + f * (_PER_ANCHOR + _PER_ALT)

    def remove_saving(b: int) -> float:
        f = FREQUENCY[b]
        return f * _PER_ALT if size[b] > 1 else _PASS + f * (_PER_ANCHOR + _PER_ALT)

    hardest_first = sorted(triggers, key=lambda t: (-min(FREQUENCY[b] for b in t.literal), t.literal))
    for t in hardest_first:
        b = min(sorted(set(t.literal)), key=add_cost)
        where[t] = b
        size[b] = size.get(b, 0) + 1
    for _ in range(8):
        moved = False
        for t in hardest_first:
            current = where[t]
            saving = remove_saving(current)
            size[current] -= 1
            best = min(sorted(set(t.literal)), key=add_cost)
            if best != current and add_cost(best) < saving - 1e-9:
                where[t] = best
                size[best] = size.get(best, 0) + 1
                moved = True
            else:
                size[current] += 1
        if not moved:
            break
    return where


class TriggerScanner:
    """All triggers of all rules, compiled into a few anchored passes."""

    def __init__(self, entries: list[tuple[Trigger, Handler]]):
        # same literal+follow+view from several rules: one alternative, several handlers
        merged: dict[Trigger, list[Handler]] = {}
        for trigger, handler in entries:
            merged.setdefault(trigger, []).append(handler)
        groups: dict[tuple[bool, int], list[tuple[Trigger, int]]] = {}
        for case_sensitive in (False, True):
            triggers = [t for t in merged if t.case_sensitive == case_sensitive]
            where = _assign(triggers)
            for trigger in sorted(triggers, key=lambda t: (-len(t.literal), t.literal)):
                offset = trigger.literal.index(where[trigger])
                groups.setdefault((case_sensitive, where[trigger]), []).append((trigger, offset))
        self._passes = []  # (case_sensitive, regex, {group name: (trigger, anchor offset, handlers)})
        n = 0
        for (case_sensitive, byte), items in groups.items():
            alts, table = [], {}
            for trigger, offset in items:
                name = f"t{n}"
                n += 1
                lit = trigger.literal
                before = b"(?<=" + re.escape(lit[: offset + 1]) + b")" if offset else b""
                if trigger.not_after:
                    before += b"(?<!" + trigger.not_after + re.escape(lit[: offset + 1]) + b")"
                follow = b"(?=" + trigger.follow + b")" if trigger.follow else b""
                alts.append(b"(?P<" + name.encode() + b">" + before + re.escape(lit[offset + 1:]) + follow + b")")
                table[name] = (trigger, offset, tuple(merged[trigger]))
            pattern = re.escape(bytes((byte,))) + b"(?:" + b"|".join(alts) + b")"
            self._passes.append((case_sensitive, re.compile(pattern, re.S), table))

    @property
    def passes(self) -> int:
        return len(self._passes)

    def run(self, cs: ChunkScan) -> None:
        for case_sensitive, regex, table in self._passes:
            view = cs.text if case_sensitive else cs.low
            for m in regex.finditer(view):
                trigger, offset, handlers = table[m.lastgroup]  # type: ignore[index]  # every alternative is named
                start = m.start() - offset
                end = start + len(trigger.literal)
                for handler in handlers:
                    handler(cs, trigger, start, end)
