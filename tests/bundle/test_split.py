"""collector.bundle.split: diagnostico.zip, or independent parts of at most the limit."""

from __future__ import annotations

import hashlib
import io
import random
import zipfile

import pytest

from collector.bundle.split import PIECES_NOTE, Member, write_parts
from tests.bundle.factory import log_text, noise

MIB = 1024 * 1024


def _opener(files: dict[str, bytes]):
    return lambda name: io.BytesIO(files[name])


def _members(files: dict[str, bytes]) -> list[Member]:
    return [Member(name, len(data)) for name, data in files.items()]


def _contents(parts) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for part in parts:
        with zipfile.ZipFile(part) as zf:  # every part opens on its own
            assert zf.testzip() is None
            for name in zf.namelist():
                if name != PIECES_NOTE:
                    assert name not in found, f"{name} in two parts"
                    found[name] = zf.read(name)
    return found


def test_small_bundle_is_one_diagnostico_zip(tmp_path):
    files = {"manifest.json": b"{}", "ticket.md": b"texto", "logs/RM.log": log_text(300_000)}
    parts = write_parts(_members(files), _opener(files), tmp_path)
    assert [p.name for p in parts] == ["diagnostico.zip"]
    assert _contents(parts) == files
    assert [p.name for p in tmp_path.iterdir()] == ["diagnostico.zip"]  # no temporary left behind


def test_compressible_logs_bigger_than_the_limit_still_fit_one_part(tmp_path):
    files = {"manifest.json": b"{}", "logs/a.log": log_text(int(1.5 * MIB), 1), "logs/b.log": log_text(MIB, 2)}
    parts = write_parts(_members(files), _opener(files), tmp_path, limit=MIB)
    assert [p.name for p in parts] == ["diagnostico.zip"]
    assert parts[0].stat().st_size <= MIB
    assert _contents(parts) == files


def test_parts_are_independent_and_never_over_the_limit(tmp_path):
    files = {"manifest.json": b"{}", "ticket.md": b"texto"}
    for i in range(7):
        files[f"attachments/dump{i}.bin"] = noise(400_000, i)
    parts = write_parts(_members(files), _opener(files), tmp_path, limit=MIB)
    assert [p.name for p in parts] == [f"diagnostico-parte{i}.zip" for i in range(1, len(parts) + 1)]
    assert len(parts) == 4  # 7 × 400 kB, two per part of 1 MiB
    assert all(p.stat().st_size <= MIB for p in parts)
    assert _contents(parts) == files
    with zipfile.ZipFile(parts[0]) as first:
        assert {"manifest.json", "ticket.md"} <= set(first.namelist())


def test_a_binary_file_over_the_limit_is_cut_into_pieces_that_join_back(tmp_path):
    big = noise(int(2.5 * MIB), 9)
    files = {"manifest.json": b"{}", "attachments/base.bak": big}
    parts = write_parts(_members(files), _opener(files), tmp_path, limit=MIB)
    assert len(parts) == 3 and all(p.stat().st_size <= MIB for p in parts)
    contents = _contents(parts)
    pieces = sorted(n for n in contents if n.startswith("attachments/base.bak."))
    assert pieces == ["attachments/base.bak.001", "attachments/base.bak.002", "attachments/base.bak.003"]
    joined = b"".join(contents[n] for n in pieces)
    assert hashlib.sha256(joined).digest() == hashlib.sha256(big).digest()
    for part in parts:
        with zipfile.ZipFile(part) as zf:
            if any(n.startswith("attachments/base.bak.") for n in zf.namelist()):
                note = zf.read(PIECES_NOTE).decode()
                assert "copy /b base.bak.001+base.bak.002" in note


def test_a_huge_log_is_cut_at_line_ends_so_each_piece_is_readable(tmp_path):
    rng = random.Random(5)
    lines = [f"2026-11-28 10:00:{i % 60:02d} [ERR] {rng.randbytes(40).hex()}\n".encode() for i in range(40_000)]
    log = b"".join(lines)  # ~4 MB of text that compresses only about 2x
    files = {"manifest.json": b"{}", "logs/RM.log": log}
    parts = write_parts(_members(files), _opener(files), tmp_path, limit=MIB)
    assert all(p.stat().st_size <= MIB for p in parts)
    contents = _contents(parts)
    pieces = sorted(n for n in contents if n.startswith("logs/RM.log."))
    assert len(pieces) >= 2
    assert all(contents[n].endswith(b"\n") for n in pieces)
    assert b"".join(contents[n] for n in pieces) == log


def test_limit_below_one_mebibyte_is_refused(tmp_path):
    with pytest.raises(ValueError):
        write_parts([], _opener({}), tmp_path, limit=1000)


def test_members_are_deflated_at_the_level_the_sizes_were_measured_with(tmp_path):
    """``ZipFile.open(info, "w")`` ignores the archive's level for a ZipInfo it is handed: the part
    writer sets it on each member, so what the planner measured is what the part holds."""
    import zlib

    from collector.bundle.compression import DEFLATE_LEVEL

    data = log_text(2 * MIB, seed=5)
    parts = write_parts([Member("logs/RM.log", len(data))], _opener({"logs/RM.log": data}), tmp_path)
    packer = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    expected = len(packer.compress(data) + packer.flush())
    with zipfile.ZipFile(parts[0]) as zf:
        assert zf.getinfo("logs/RM.log").compress_size == expected
