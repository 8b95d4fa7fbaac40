"""Text or binary, and which encoding, from the first bytes."""

from __future__ import annotations

import codecs

import pytest

from collector.redact import is_probably_binary, sniff, sniff_bytes


@pytest.mark.parametrize(("data", "encoding", "bom", "label"), [
    (b"", "utf-8", b"", "utf-8"),
    (b"plain ascii\r\n", "utf-8", b"", "utf-8"),
    ("ação\n".encode(), "utf-8", b"", "utf-8"),
    (codecs.BOM_UTF8 + "ação".encode(), "utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    ("ação\n".encode("cp1252"), "cp1252", b"", "cp1252"),
    (codecs.BOM_UTF16_LE + "ação".encode("utf-16-le"), "utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le+bom"),
    (codecs.BOM_UTF16_BE + "ação".encode("utf-16-be"), "utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be+bom"),
    ("systeminfo output\r\n".encode("utf-16-le"), "utf-16-le", b"", "utf-16-le"),
    ("systeminfo output\r\n".encode("utf-16-be"), "utf-16-be", b"", "utf-16-be"),
    (codecs.BOM_UTF32_LE + "x".encode("utf-32-le"), "utf-32-le", codecs.BOM_UTF32_LE, "utf-32-le+bom"),
])
def test_text_encodings(data, encoding, bom, label):
    s = sniff_bytes(data)
    assert not s.binary and s.encoding == encoding and s.bom == bom and s.label == label


def test_utf8_sequence_cut_by_the_sample_end_is_still_utf8():
    assert sniff_bytes("aç".encode()[:-1]).encoding == "utf-8"


@pytest.mark.parametrize(("data", "what"), [
    (b"PK\x03\x04rest", "zip"),
    (b"\x1f\x8b\x08\x00", "gzip"),
    (b"\x89PNG\r\n\x1a\nxxxx", "png"),
    (b"MZ\x90\x00\x03", "executável"),
    (b"MDMP\x93\xa7", "dump"),
    (b"abc\x00def\x00\x00\x01\x02ghi", "controle"),
    (bytes(range(1, 32)) * 20, "controle"),
])
def test_binary_files_with_a_reason(data, what):
    s = sniff_bytes(data)
    assert s.binary and s.encoding is None and what in s.reason and s.label == "binary"


def test_on_files(tmp_path):
    text = tmp_path / "a.log"
    text.write_text("linha\n", encoding="utf-8")
    archive = tmp_path / "TrackLog-1.log.gz"
    archive.write_bytes(b"\x1f\x8b\x08\x00" + bytes(100))
    assert not is_probably_binary(text) and is_probably_binary(archive)
    assert sniff(archive).reason == "arquivo binário (gzip)"


def test_a_log_with_some_nul_padding_is_still_text():
    data = b"2026-11-28 09:00:00 [INF] ok\r\n" * 200 + b"\x00" * 400
    s = sniff_bytes(data)
    assert not s.binary and s.encoding == "utf-8"
