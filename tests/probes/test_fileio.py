import io
import os
import threading

import pytest

from collector.core.plan import PlannedItem
from collector.probes import fileio
from collector.probes.fileio import (
    FileLocked,
    FolderOffline,
    classify_error,
    list_dir,
    open_planned,
    open_range,
    open_shared,
    run_bounded,
    share_root,
    strip_extended_path,
    to_extended_path,
)
from tests.probes.sharing import SharingViolation, fresh_offline_memory  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("fresh_offline_memory")


# -- paths -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "extended"), [
    ("C:\\totvs\\CorporeRM\\RM.Net\\Logs\\a.log", "\\\\?\\C:\\totvs\\CorporeRM\\RM.Net\\Logs\\a.log"),
    ("C:/totvs/RM.Net/../RM.Net/Logs", "\\\\?\\C:\\totvs\\RM.Net\\Logs"),
    ("\\\\fileserver\\rm\\Logs\\a.log", "\\\\?\\UNC\\fileserver\\rm\\Logs\\a.log"),
    ("\\\\?\\C:\\already", "\\\\?\\C:\\already"),
    ("relative\\path", "relative\\path"),
])
def test_extended_paths(path, extended):
    assert to_extended_path(path) == extended
    if path[1:3] == ":\\" or path.startswith("\\\\f"):
        assert strip_extended_path(extended) == path


def test_share_roots_and_network_paths():
    assert share_root("\\\\FileServer\\RM\\Logs\\a.log") == "\\\\fileserver\\rm"
    assert share_root("//fileserver/rm/logs") == "\\\\fileserver\\rm"
    assert share_root("\\\\?\\UNC\\srv\\share\\x") == "\\\\srv\\share"
    assert share_root("C:\\totvs") is None
    assert share_root("/tmp/x") is None
    assert fileio.is_network_path("\\\\srv\\share\\Logs")
    assert not fileio.is_network_path("/tmp")


# -- opening -----------------------------------------------------------------------------------------

def test_open_shared_reads_a_file_with_accents_and_a_long_path(tmp_path):
    deep = tmp_path
    while len(str(deep)) < 300:
        deep = deep / "pasta de logs çãé"
    deep.mkdir(parents=True)
    target = deep / "Ação RM.Host.log"
    target.write_bytes(b"conte\xfado cp1252\r\n")
    with open_shared(target) as f:
        assert f.read() == b"conte\xfado cp1252\r\n"
    names = [e.name for e in list_dir(deep)]
    assert names == ["Ação RM.Host.log"]


def test_sharing_violation_is_retried_then_reported_locked(tmp_path, monkeypatch):
    target = tmp_path / "RM.Host.log"
    target.write_bytes(b"ok")
    real = fileio._open_once
    calls = []

    def flaky(path):
        calls.append(path)
        if len(calls) < 3:
            raise SharingViolation(13, "sharing violation", str(path))
        return real(path)

    monkeypatch.setattr(fileio, "_open_once", flaky)
    with open_shared(target, delay=0.001) as f:
        assert f.read() == b"ok"
    assert len(calls) == 3

    def locked(path):
        raise SharingViolation(13, "sharing violation", str(path))

    monkeypatch.setattr(fileio, "_open_once", locked)
    with pytest.raises(FileLocked) as info:
        open_shared(target, attempts=3, delay=0.001)
    assert classify_error(info.value) == ("locked", "arquivo bloqueado por outro programa")


def test_other_errors_are_not_retried(tmp_path, monkeypatch):
    calls = []

    def denied(path):
        calls.append(path)
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(fileio, "_open_once", denied)
    with pytest.raises(PermissionError) as info:
        open_shared(tmp_path / "x", delay=0.001)
    assert len(calls) == 1
    assert classify_error(info.value) == ("unreadable", "sem permissão de leitura")


def test_error_classification():
    with pytest.raises(FileNotFoundError) as missing:
        open_shared("/nonexistent/RMError.txt")
    assert classify_error(missing.value)[0] == "vanished"
    assert classify_error(FolderOffline("x"))[0] == "offline"
    assert classify_error(IsADirectoryError(21, "Is a directory"))[0] == "unreadable"
    assert classify_error(OSError(5, "Input/output error")) == ("unreadable", "erro de leitura: Input/output error")


# -- bounded time on network paths ------------------------------------------------------------------

def test_run_bounded_gives_up_and_remembers_the_share():
    release = threading.Event()
    calls = []

    def stuck():
        calls.append(1)
        release.wait(30)
        return "late"

    try:
        with pytest.raises(FolderOffline):
            run_bounded(stuck, timeout=0.2, path="\\\\deadserver\\rm\\Logs")
        with pytest.raises(FolderOffline):  # same share: fails at once, no new thread
            run_bounded(stuck, timeout=5, path="\\\\DeadServer\\RM\\Logs\\sub")
        assert len(calls) == 1
        assert run_bounded(lambda: "other", timeout=5, path="\\\\liveserver\\rm") == "other"
        fileio.forget_offline()
        assert run_bounded(lambda: "back", timeout=5, path="\\\\deadserver\\rm") == "back"
    finally:
        release.set()


def test_run_bounded_passes_errors_through():
    def boom():
        raise FileNotFoundError(2, "No such file", "x")

    with pytest.raises(FileNotFoundError):
        run_bounded(boom, timeout=5, path="\\\\srv\\share")


def test_list_dir_on_an_offline_share_times_out(monkeypatch):
    release = threading.Event()
    monkeypatch.setattr(fileio, "NETWORK_TIMEOUT", 0.2)
    monkeypatch.setattr(fileio, "_scan", lambda path: release.wait(30) or [])
    try:
        with pytest.raises(FolderOffline):
            list_dir("\\\\offline\\share\\Logs")
    finally:
        release.set()


def test_list_dir_reports_what_it_saw(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.log").write_bytes(b"12345")
    os.utime(tmp_path / "a.log", (1_700_000_000, 1_700_000_000))
    entries = {e.name: e for e in list_dir(tmp_path, timeout=5)}
    assert entries["a.log"].is_file and entries["a.log"].size == 5 and entries["a.log"].mtime == 1_700_000_000
    assert entries["a.log"].path == tmp_path / "a.log"
    assert entries["sub"].is_dir and not entries["sub"].is_file
    with pytest.raises(FileNotFoundError):
        list_dir(tmp_path / "missing")


# -- streaming planned items ------------------------------------------------------------------------

def test_open_range_is_bounded_even_when_the_file_grows(tmp_path):
    target = tmp_path / "live.log"
    target.write_bytes(b"0123456789")
    with open_range(target, 2, 6) as stream:
        with open(target, "ab") as w:
            w.write(b"appended")
        assert stream.read(2) == b"23"
        assert stream.read() == b"45"
        assert stream.read() == b""


def test_open_range_ends_early_when_the_file_shrank(tmp_path):
    target = tmp_path / "rotated.log"
    target.write_bytes(b"0123456789")
    with open_range(target, 4, 10) as stream:
        os.truncate(target, 6)
        assert stream.read() == b"45"


def test_open_planned(tmp_path):
    target = tmp_path / "RMError.txt"
    target.write_bytes(b"x" * 300_000)
    whole = PlannedItem("rmerror", target, "rmerror/RMError.txt", size=300_000)
    with open_planned(whole) as stream:
        data = b"".join(iter(lambda: stream.read(65536), b""))
    assert len(data) == 300_000
    part = PlannedItem("logs", target, "logs/x", size=10, byte_range=(5, 15))
    with open_planned(part) as stream:
        assert isinstance(stream, io.BufferedIOBase)
        assert stream.read() == b"x" * 10
    with pytest.raises(ValueError):
        open_planned(PlannedItem("logs", target, "logs/x", skipped="arquivo binário"))
    with pytest.raises(ValueError):
        open_planned(PlannedItem("system", None, "system/x"))
    target.unlink()
    with pytest.raises(FileNotFoundError):
        open_planned(whole)


# -- regular files only ------------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_at_once_by_every_open(tmp_path):
    fifo = tmp_path / "RM.exe.config"
    os.mkfifo(fifo)
    with pytest.raises(fileio.NotAFile):
        open_shared(fifo)
    with pytest.raises(fileio.NotAFile):
        fileio.read_small(fifo, 1024)
    status, reason = classify_error(fileio.NotAFile(19, "x"))
    assert status == "unreadable" and "não é um arquivo comum" in reason
    (entry,) = list_dir(tmp_path)
    assert not entry.is_file and not entry.is_dir  # listed, never taken for a file


def test_links_are_marked_in_listings(tmp_path):
    target = tmp_path / "elsewhere.log"
    target.write_text("x")
    folder = tmp_path / "Logs"
    folder.mkdir()
    (folder / "link.log").symlink_to(target)
    (folder / "real.log").write_text("y")
    entries = {e.name: e for e in list_dir(folder)}
    assert entries["link.log"].is_link and not entries["real.log"].is_link
