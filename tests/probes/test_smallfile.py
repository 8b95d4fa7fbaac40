"""Small files read whole through the one time-bounded primitive (issue 11 item 9)."""

import os
import threading
import time

import pytest

from collector.probes import fileio
from collector.probes.smallfile import FileProblem, read_bytes, read_text
from tests.probes.sharing import SharingViolation, fresh_offline_memory  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("fresh_offline_memory")


def test_permission_denied(tmp_path):
    path = tmp_path / "Alias.dat"
    path.write_text("x")
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything
        pytest.skip("running as root: permissions do not apply")
    with pytest.raises(FileProblem, match="sem permissão"):
        read_bytes(path)


def test_locked_file_retries_then_reports_locked(tmp_path, monkeypatch):
    path = tmp_path / "RM.exe.config"
    path.write_text("x")
    calls = []

    def locked(p):
        calls.append(p)
        raise SharingViolation(13, "The process cannot access the file")

    monkeypatch.setattr(fileio, "_open_once", locked)
    monkeypatch.setattr(fileio.time, "sleep", lambda s: None)
    with pytest.raises(FileProblem, match="locked"):
        read_bytes(path)
    assert len(calls) == fileio.OPEN_ATTEMPTS


def test_lock_released_during_retry(tmp_path, monkeypatch):
    path = tmp_path / "RM.exe.config"
    path.write_bytes(b"ok")
    real = fileio._open_once
    state = {"n": 0}

    def flaky(p):
        state["n"] += 1
        if state["n"] == 1:
            raise SharingViolation(13, "locked")
        return real(p)

    monkeypatch.setattr(fileio, "_open_once", flaky)
    monkeypatch.setattr(fileio.time, "sleep", lambda s: None)
    assert read_bytes(path) == b"ok"


def test_missing_and_directory(tmp_path):
    with pytest.raises(FileProblem, match="não encontrado"):
        read_bytes(tmp_path / "nope")
    with pytest.raises(FileProblem, match="pasta"):
        read_bytes(tmp_path)


def test_too_large_is_refused_not_truncated(tmp_path):
    path = tmp_path / "appsettings.json"
    path.write_bytes(b"x" * 100)
    with pytest.raises(FileProblem, match="grande demais"):
        read_bytes(path, limit=10)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("name", ["RM.exe.config", "Alias.dat", "appsettings.log.json"])
def test_a_fifo_named_like_a_config_costs_one_fact_at_once(tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(FileProblem, match="não é um arquivo comum"):
        read_text(fifo)
    assert time.monotonic() - started < 2  # refused, not read until the timeout


def test_a_device_is_refused():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    with pytest.raises(FileProblem, match="não é um arquivo comum"):
        read_bytes("/dev/zero")  # would never end


def test_a_read_that_never_answers_gives_up_after_the_bound(tmp_path, monkeypatch):
    """A stuck share: the open blocks (simulated by an open that waits on an event nobody sets)."""
    path = tmp_path / "RM.exe.config"
    path.write_bytes(b"<configuration/>")
    never = threading.Event()

    def stuck(p):
        never.wait(30)
        raise OSError("released")

    monkeypatch.setattr(fileio, "_open_once", stuck)
    started = time.monotonic()
    with pytest.raises(FileProblem, match="sem resposta"):
        read_bytes(path, timeout=0.3)
    assert time.monotonic() - started < 2
    # remembered: the next read of the same path fails at once, without a new thread piling up
    started = time.monotonic()
    with pytest.raises(FileProblem, match="sem resposta"):
        read_bytes(path, timeout=5)
    assert time.monotonic() - started < 0.5
    never.set()
    # another file of the same (local) folder is not affected
    monkeypatch.undo()
    other = tmp_path / "Alias.dat"
    other.write_bytes(b"<x/>")
    assert read_bytes(other) == b"<x/>"


@pytest.mark.parametrize("raw, expected", [
    ("Produção".encode("cp1252"), "Produção"),
    (b"\xef\xbb\xbf" + "Produção".encode(), "Produção"),
    ("Produção".encode("utf-16"), "Produção"),
    ("Produção em UTF-16 sem BOM".encode("utf-16-le"), "Produção em UTF-16 sem BOM"),
    ("Produção em UTF-16BE sem BOM".encode("utf-16-be"), "Produção em UTF-16BE sem BOM"),
    ("Produção".encode(), "Produção"),
    ("ANSI: ação\r\n".encode("cp1252") + "UTF-16: ação\r\n".encode("utf-16-le"), "ANSI: ação\r\nUTF-16: ação\r\n"),
    (b"caf\x81", "caf\ufffd"),  # a byte cp1252 leaves undefined: replaced, not a crash
])
def test_encodings(tmp_path, raw, expected):
    path = tmp_path / "f.config"
    path.write_bytes(raw)
    assert read_text(path) == expected
