"""SPEC §3 "full sharing": config and PE reads use the same shared open as logs (CreateFileW with
FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE on Windows), with the sharing-violation retries.
Windows is scripted here: ``fileio._open_windows`` stands for CreateFileW."""

from __future__ import annotations

import pytest

from collector.probes import fileio, rm_config
from collector.probes.pe_version import read_pe_version
from collector.probes.smallfile import FileProblem
from tests.fixtures import rm_install as fx


def _sharing_violation(path):
    exc = PermissionError(13, "O arquivo já está sendo usado por outro processo", path)
    exc.winerror = 32
    return exc


@pytest.fixture
def windows_open(monkeypatch):
    opened, busy = [], {}

    def create_file_w(path):
        opened.append(path)
        if busy.get(path, 0):
            busy[path] -= 1
            raise _sharing_violation(path)
        return open(path, "rb")

    monkeypatch.setattr(fileio, "IS_WINDOWS", True)
    monkeypatch.setattr(fileio, "_open_windows", create_file_w)
    monkeypatch.setattr(fileio, "_regular_only", lambda f, path: f)
    monkeypatch.setattr(fileio, "RETRY_DELAY", 0.001)
    return opened, busy


def test_config_and_pe_reads_go_through_the_shared_open(tmp_path, windows_open):
    opened, busy = windows_open
    exe = fx.make_pe(tmp_path / "RM.exe", "12.1.2406.145")
    config = tmp_path / "RM.exe.config"
    config.write_bytes(fx.app_config({"DEFAULTDB": "CorporeRM"}))
    busy[str(config)] = 2  # RM (or an antivirus) holds it for a moment
    assert read_pe_version(exe).version.startswith("12.1.2406")
    assert rm_config.read_app_settings(config)["DEFAULTDB"] == "CorporeRM"
    assert opened.count(str(exe)) == 1 and opened.count(str(config)) == 3


def test_a_config_locked_for_good_is_one_clear_problem(tmp_path, windows_open):
    _opened, busy = windows_open
    config = tmp_path / "RM.Host.exe.config"
    config.write_bytes(fx.app_config({"a": "b"}))
    busy[str(config)] = 99
    with pytest.raises(FileProblem) as info:
        rm_config.read_app_settings(config)
    assert "bloqueado" in str(info.value) or "uso" in str(info.value)
