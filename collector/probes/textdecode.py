"""Decoding of files written by Windows tools: UTF-8 (with or without BOM), UTF-16 with BOM, cp1252."""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(head: bytes) -> str:
    """The encoding of a file from its first bytes: a BOM decides; else UTF-8 when valid, else cp1252."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # a multi-byte character cut by the end of the sample is still UTF-8
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
        return "cp1252"


def decode(data: bytes) -> tuple[str, str]:
    """Decodes a whole file's bytes; returns (text, encoding). Never raises for bad bytes."""
    encoding = detect_encoding(data)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; keep going with a replacement character
        return data.decode(encoding, errors="replace"), encoding
