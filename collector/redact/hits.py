"""What the rules found in one chunk of bytes, and how the findings become the redacted chunk.

The engine works on bytes: UTF-8 and cp1252 files are never decoded (every pattern is ASCII, and
in both encodings an ASCII byte is always that character), so untouched bytes are untouched by
construction and lower-casing keeps positions. Rules never edit: they report hits
(start, end, rule, replacement). Overlaps are resolved once — a hit inside another is dropped, two
hits that overlap partially become one masked span so that no part of either survives — and the
output is assembled in a single pass, which also gives the spans the review page marks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from collector.redact.catalog import PRIORITY

MASK = "********"  # every secret, whatever its length: the length of a secret must not leak
MASK_BYTES = MASK.encode()

# (kind, normalized original) -> pseudonym
PseudonymFn = Callable[[str, str], str]
Hit = list[Any]  # [start, end, rule, replacement]: mutable, resolve() trims overlaps

_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_HEX = bytes.maketrans(b"0123456789abcdef-", b"xxxxxxxxxxxxxxxx:")


class ChunkScan:
    """One chunk under scan: its bytes, a lower-cased copy (same positions), and the hits found."""

    __slots__ = ("text", "low", "kind", "filename", "hits", "_pseudonym", "_pseudonyms", "state",
                 "next_state", "covered", "_digits", "_hex", "memo")

    def __init__(self, text: bytes, kind: str, filename: str, pseudonym: PseudonymFn, state: dict[str, Any]):
        self.text = text
        self.low = text.lower()  # ASCII only: one byte for one byte
        self.kind = kind
        self.filename = filename
        self.hits: list[Hit] = []
        self._pseudonym = pseudonym
        self._pseudonyms: dict[tuple[str, str], bytes] = {}
        self.state = state  # what the previous chunk of the same file left open (a PEM key)
        self.next_state: dict[str, Any] = {}
        # rule family -> (start, end) of the last span it masked that no trigger inside it could
        # reach beyond: triggers there are skipped (keeps input like "token=token=..." linear)
        self.covered: dict[str, tuple[int, int]] = {}
        self._digits: bytes | None = None
        self._hex: bytes | None = None
        self.memo: dict[str, Any] = {}  # what several rules compute once per chunk (shape spans)

    @property
    def digits(self) -> bytes:
        """The chunk with every digit turned into ``0`` (so digit shapes are literal searches)."""
        if self._digits is None:
            self._digits = self.text.translate(_DIGITS)
        return self._digits

    @property
    def hex(self) -> bytes:
        """The lower-cased chunk with hex digits as ``x`` and ``-`` as ``:`` (MAC shapes)."""
        if self._hex is None:
            self._hex = self.low.translate(_HEX)
        return self._hex

    def mask(self, start: int, end: int, rule: str) -> None:
        if start < end:
            self.hits.append([start, end, rule, MASK_BYTES, ()])

    def mask_trimmed(self, start: int, end: int, rule: str) -> None:
        """Mask ``[start, end)`` without its surrounding blanks (they are layout, not secret)."""
        text = self.text
        while start < end and text[start] in b" \t\r\n":
            start += 1
        while end > start and text[end - 1] in b" \t\r\n":
            end -= 1
        self.mask(start, end, rule)

    def at_line_end(self, pos: int) -> bool:
        return pos >= len(self.low) or self.low[pos] in b"\r\n"

    def inside_covered(self, family: str, pos: int) -> bool:
        span = self.covered.get(family)
        return span is not None and span[0] <= pos < span[1]

    def replace(self, start: int, end: int, rule: str, replacement: bytes) -> None:
        self.hits.append([start, end, rule, replacement, ()])

    def pseudonymize(self, start: int, end: int, rule: str, kind: str, key: str, quote: bool = False) -> None:
        """``quote``: the original was an unquoted JSON number; the pseudonym becomes a JSON string."""
        replacement = self._pseudonyms.get((kind, key))
        if replacement is None:
            replacement = self._pseudonyms[(kind, key)] = self._pseudonym(kind, key).encode("ascii")
        if quote:
            replacement = b'"' + replacement + b'"'
        self.hits.append([start, end, rule, replacement, ()])


def resolve(hits: list[Hit]) -> list[Hit]:
    """Sorted, non-overlapping hits. On equal spans the rule listed first in ``RULES`` wins."""
    if len(hits) < 2:
        return hits
    hits.sort(key=lambda h: (h[0], -h[1], PRIORITY.get(h[2], 99)))
    out = [hits[0]]
    for hit in hits[1:]:
        last = out[-1]
        if hit[0] >= last[1]:
            out.append(hit)
        elif hit[1] > last[1]:  # partial overlap: one masked span covering both
            out[-1] = [last[0], hit[1], last[2], MASK_BYTES, (*last[4], hit[2])]
        # else: inside the previous hit, already covered
    return out


def apply(text: bytes, hits: list[Hit], counts: dict[str, int], spans: list[tuple[int, int, str]] | None) -> bytes:
    """The chunk with every (resolved) hit replaced; counts per rule; output spans if asked."""
    if not hits:
        return text
    parts = []
    pos = 0
    out_pos = 0
    for start, end, rule, replacement, extra in hits:
        if start > pos:
            parts.append(text[pos:start])
            out_pos += start - pos
        parts.append(replacement)
        if spans is not None:
            spans.append((out_pos, out_pos + len(replacement), rule))
        out_pos += len(replacement)
        pos = end
        counts[rule] = counts.get(rule, 0) + 1
        for other in extra:
            counts[other] = counts.get(other, 0) + 1
    parts.append(text[pos:])
    return b"".join(parts)
