"""Text or binary, and which encoding — the one sniffer of the project (probes and redaction).

RM files come in UTF-8 (with or without BOM), cp1252 and, from Windows tools, UTF-16 (with or
without BOM). Files also *change* encoding midway: PowerShell's ``>>`` appends UTF-16LE to an ANSI
log, an ANSI tool appends to a UTF-16 file. So the encoding is decided per segment, never once per
file: ``segments`` splits any stretch of bytes into ASCII-compatible parts (UTF-8 or cp1252: every
ASCII byte is that character) and UTF-16LE/BE parts (runs of code units whose high byte is zero,
the shape of Latin text in UTF-16, joined across short gaps of other characters such as smart
quotes). The first bytes (``sniff_bytes``) only say what to report and whether the file is binary.

Binary means a known binary format (magic number) or control characters in the bytes that are not
NUL: RM and crash logs pad with NULs, and one stray NUL does not make a log binary.

Every text file is decoded so that re-encoding gives back exactly the same bytes: invalid UTF-8
and the five bytes cp1252 leaves undefined go through ``surrogateescape``, lone UTF-16 surrogates
through ``surrogatepass``. Nothing is ever skipped because of its encoding.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

SNIFF_BYTES = 64 * 1024

# (bom, codec); UTF-32 first: its little-endian BOM starts with UTF-16's
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# magic numbers of binary formats found in log folders (rotated archives, dumps, images)
_MAGIC = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF8", "gif"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"MZ", "executável"),
    (b"SQLite format 3\x00", "sqlite"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "documento OLE"),
    (b"MDMP", "dump de memória"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
)

# the control characters that binary data is full of and text never holds (NUL is judged apart)
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f\v\b\x1b\x00") + b"\x7f"
_TEXT_BYTES = bytes(b for b in range(256) if b not in _CONTROL)
MAX_CONTROL_SHARE = 0.05  # of the bytes that are not NUL

ASCII_COMPATIBLE = "ascii"  # segment codec: UTF-8 or cp1252, handled as bytes
UTF16_LE, UTF16_BE = "utf-16-le", "utf-16-be"

# three or more UTF-16 code units of Latin text (high byte zero, low byte not zero)
_RUN_LE = re.compile(rb"(?:[^\x00]\x00){3,}")
_RUN_BE = re.compile(rb"(?:\x00[^\x00]){3,}")
MAX_GAP = 32  # bytes of other UTF-16 characters (€, smart quotes, CJK) a run may bridge


@dataclass(frozen=True)
class Sniff:
    """What the first bytes of a file say about it."""

    binary: bool
    encoding: str | None  # codec without BOM: utf-8, cp1252, utf-16-le, utf-16-be, utf-32-le, utf-32-be
    bom: bytes = b""
    reason: str | None = None  # why it is binary, in Portuguese (shown to the user / manifest)

    @property
    def label(self) -> str:
        """``utf-8``, ``utf-8-sig``, ``cp1252``, ``utf-16-le+bom``...: for the manifest."""
        if self.encoding is None:
            return "binary"
        if self.bom and self.encoding == "utf-8":
            return "utf-8-sig"
        return self.encoding + ("+bom" if self.bom else "")


def errors_for(codec: str) -> str:
    """The error handler that makes decode → encode an exact round trip for ``codec``."""
    return "surrogatepass" if codec.startswith(("utf-16", "utf-32")) else "surrogateescape"


def _utf16_share(data: bytes) -> tuple[int, int]:
    """Bytes covered by UTF-16LE runs and by UTF-16BE runs."""
    le = sum(m.end() - m.start() for m in _RUN_LE.finditer(data))
    be = sum(m.end() - m.start() for m in _RUN_BE.finditer(data))
    return le, be


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 when most of the head is UTF-16 runs (LE wins a tie: Windows writes LE)."""
    sample = head[:8192]
    if len(sample) < 6:
        return None
    le, be = _utf16_share(sample)
    if max(le, be) < 0.5 * len(sample):
        return None
    return UTF16_LE if le >= be else UTF16_BE


ARCHIVES = frozenset({"zip", "gzip", "7z", "rar", "bzip2", "xz"})


def archive_format(head: bytes) -> str | None:
    """The compressed-archive format the first bytes announce (``gzip`` for a rotated ``.log.gz``)."""
    for magic, what in _MAGIC:
        if what in ARCHIVES and head.startswith(magic):
            return what
    return None


def _binary_reason(head: bytes) -> str | None:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"arquivo binário ({what})"
    if not head:
        return None
    nuls = head.count(0)
    if nuls:
        le, be = _utf16_share(head)
        if le + be >= nuls:  # the NULs are UTF-16 text
            return None
    text_bytes = len(head) - nuls
    if text_bytes and len(head.translate(None, _TEXT_BYTES)) > MAX_CONTROL_SHARE * text_bytes:
        return "arquivo binário (caracteres de controle)"
    return None


def sniff_bytes(head: bytes) -> Sniff:
    """Classify a file from its first bytes (``SNIFF_BYTES`` is plenty)."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return Sniff(False, codec, bom)
    reason = _binary_reason(head)
    if reason:
        return Sniff(True, None, reason=reason)
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head)
        if utf16:
            return Sniff(False, utf16)
    return Sniff(False, ascii_codec(head))


def ascii_codec(data: bytes) -> str:
    """``utf-8`` when ``data`` is valid UTF-8 (a sequence cut at its end is fine), else ``cp1252``."""
    if data.isascii():
        return "utf-8"
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(data, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def segments(data: bytes, hint: str | None = None) -> list[tuple[int, int, str]]:
    """``[(start, end, codec)]`` covering ``data``: ``ASCII_COMPATIBLE``, ``UTF16_LE`` or ``UTF16_BE``.

    ``hint`` (the file's BOM codec) breaks the LE/BE tie of an all-UTF-16 stretch. Data without a
    NUL byte is one ASCII-compatible segment (checked at memchr speed).
    """
    n = len(data)
    if b"\x00" not in data:
        return [(0, n, ASCII_COMPATIBLE)] if n else []
    runs: list[tuple[int, int, str]] = []
    prefer_be = hint == UTF16_BE
    for regex, codec in ((_RUN_LE, UTF16_LE), (_RUN_BE, UTF16_BE)):
        for m in regex.finditer(data):
            runs.append((m.start(), m.end(), codec))
    # earliest start wins; on the same start the hinted byte order
    runs.sort(key=lambda r: (r[0], (r[2] == UTF16_LE) == prefer_be))
    merged: list[list[Any]] = []
    for i, (start, end, codec) in enumerate(runs):
        if merged and codec != merged[-1][2] and _same_codec_soon(runs, i, merged[-1][2], start):
            continue  # a character outside Latin shifted the other byte order's view by one byte
        if merged:
            last = merged[-1]
            if start < last[1]:  # overlaps a run already taken (the other byte order, shifted)
                if codec == last[2] and end > last[1] and (start - last[0]) % 2 == 0:
                    last[1] = end
                continue
            gap = start - last[1]
            if codec == last[2] and gap <= MAX_GAP and gap % 2 == 0 and not _has_nul_unit(data, last[1], start):
                last[1] = end
                continue
        merged.append([start, end, codec])
    out: list[tuple[int, int, str]] = []
    pos = 0
    for start, end, codec in merged:
        if start > pos:
            out.append((pos, start, ASCII_COMPATIBLE))
        out.append((start, end, codec))
        pos = end
    if pos < n:
        out.append((pos, n, ASCII_COMPATIBLE))
    return out


def _same_codec_soon(runs: list[tuple[int, int, str]], i: int, codec: str, start: int) -> bool:
    """Whether a run of ``codec`` starts within a byte of ``start`` (the runs are sorted by start)."""
    for s, _e, c in runs[i + 1:i + 4]:
        if s > start + 1:
            return False
        if c == codec:
            return True
    return False


def _has_nul_unit(data: bytes, start: int, end: int) -> bool:
    return any(data[i] == 0 and data[i + 1] == 0 for i in range(start, end - 1, 2))


def decode_segment(data: bytes, codec: str) -> str:
    """One segment as text (exact round trip with ``encode_segment``)."""
    if codec == ASCII_COMPATIBLE:
        codec = ascii_codec(data)
    return data.decode(codec, errors_for(codec))


def decode(data: bytes) -> tuple[str, str]:
    """A whole small file's bytes as text, each segment in its own encoding; (text, label).

    For reading configs: never raises; the BOM is dropped; undecodable bytes become U+FFFD.
    """
    sniffed = sniff_bytes(data[:SNIFF_BYTES])
    body = data[len(sniffed.bom):]
    if sniffed.encoding in ("utf-32-le", "utf-32-be"):
        return body.decode(sniffed.encoding, "replace"), sniffed.label
    parts = []
    codecs_seen = set()
    for start, end, codec in segments(body, sniffed.encoding):
        piece = body[start:end]
        if codec == ASCII_COMPATIBLE:
            codec = ascii_codec(piece)
        codecs_seen.add(codec)
        parts.append(piece.decode(codec, "replace"))
    text = "".join(parts).replace("\x00", "")
    label = sniffed.label if len(codecs_seen) <= 1 else "misto (" + "+".join(sorted(codecs_seen)) + ")"
    return text, label


def read_head(stream: BinaryIO, size: int = SNIFF_BYTES) -> bytes:
    chunks, missing = [], size
    while missing > 0:
        data = stream.read(missing)
        if not data:
            break
        chunks.append(data)
        missing -= len(data)
    return b"".join(chunks)


def sniff(path: str | Path) -> Sniff:
    """Classify the file at ``path`` (reads only its first ``SNIFF_BYTES``)."""
    with open(path, "rb") as stream:
        return sniff_bytes(read_head(stream))


def is_probably_binary(path: str | Path) -> bool:
    """True for files that must not be treated as text (archives, dumps, images, control bytes)."""
    return sniff(path).binary


def is_binary(head: bytes) -> bool:
    """``sniff_bytes(head).binary``: the binary test the probes apply to a file's first bytes."""
    return sniff_bytes(head).binary
