"""Text or binary, and which encoding: decided from the first bytes of a file.

RM files come in UTF-8 (with or without BOM), cp1252 and, from Windows tools, UTF-16. Every text
file is decoded so that re-encoding gives back exactly the same bytes: invalid UTF-8 and the five
bytes cp1252 leaves undefined go through ``surrogateescape``, lone UTF-16 surrogates through
``surrogatepass``. Nothing is ever skipped because of its encoding.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

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

# every byte except the control characters that binary data is full of and text never holds
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 and b != 0x7F or b in b"\t\n\r\f\v\b\x1b\x00")
MAX_NUL_SHARE = 0.10  # a log cut by a crash may end in NUL padding: a little of it is still text
MAX_CONTROL_SHARE = 0.05


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


def _utf16_without_bom(head: bytes) -> str | None:
    sample = head[: 4096 - (len(head[:4096]) % 2)]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls > 0.4 * pairs and even_nuls < 0.05 * pairs:
        return "utf-16-le"
    if even_nuls > 0.4 * pairs and odd_nuls < 0.05 * pairs:
        return "utf-16-be"
    return None


def sniff_bytes(head: bytes) -> Sniff:
    """Classify a file from its first bytes (``SNIFF_BYTES`` is plenty)."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return Sniff(False, codec, bom)
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return Sniff(True, None, reason=f"arquivo binário ({what})")
    if b"\x00" in head:
        codec = _utf16_without_bom(head)
        if codec:
            return Sniff(False, codec)
        if head.count(0) > MAX_NUL_SHARE * len(head):
            return Sniff(True, None, reason="arquivo binário (contém bytes nulos)")
    if head and len(head.translate(None, _NOT_CONTROL)) > MAX_CONTROL_SHARE * len(head):
        return Sniff(True, None, reason="arquivo binário (caracteres de controle)")
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(head, final=False)  # a sequence cut by the sample's end is not an error
    except UnicodeDecodeError:
        return Sniff(False, "cp1252")
    return Sniff(False, "utf-8")


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
    """True for files that must not be treated as text (archives, dumps, images, NUL-filled data)."""
    return sniff(path).binary
