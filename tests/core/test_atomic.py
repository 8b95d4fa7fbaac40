"""atomic.replace / rename: brief retries while an antivirus or indexer holds the file (Windows 5/32)."""

from __future__ import annotations

import os

import pytest

from collector.core import atomic


def _winerror(code):
    exc = PermissionError(13, "Acesso negado" if code == 5 else "O arquivo já está sendo usado por outro processo")
    exc.winerror = code
    return exc


def _flaky(real, failures):
    """``real`` after raising each of ``failures`` once (a scanner holding the file for a moment)."""
    def op(a, b):
        if failures:
            raise failures.pop(0)
        real(a, b)
    return op


@pytest.mark.parametrize("code", [5, 32])
def test_replace_waits_out_a_scanner(tmp_path, monkeypatch, code):
    src, dst = tmp_path / "a.tmp", tmp_path / "a"
    src.write_text("new")
    dst.write_text("old")
    naps = []
    monkeypatch.setattr(atomic.os, "replace", _flaky(os.replace, [_winerror(code), _winerror(code)]))
    atomic.replace(src, dst, sleep=naps.append)
    assert dst.read_text() == "new" and not src.exists()
    assert naps == [atomic.REPLACE_DELAY, atomic.REPLACE_DELAY * 2]


def test_replace_gives_up_with_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic.os, "replace", lambda a, b: (_ for _ in ()).throw(_winerror(32)))
    naps = []
    with pytest.raises(atomic.ReplaceBlocked) as info:
        atomic.replace(tmp_path / "x.tmp", tmp_path / "pedido.json", sleep=naps.append)
    assert len(naps) == atomic.REPLACE_ATTEMPTS - 1
    assert str(info.value) == ("não foi possível gravar pedido.json: o arquivo está em uso por outro programa "
                               "(antivírus ou indexador?); tente de novo em instantes")


def test_other_errors_are_not_retried(tmp_path):
    naps = []
    with pytest.raises(FileNotFoundError):
        atomic.replace(tmp_path / "missing", tmp_path / "dst", sleep=naps.append)
    assert naps == []


def test_rename_retries_too(tmp_path, monkeypatch):
    src = tmp_path / "part-1.zip"
    src.write_bytes(b"zip")
    monkeypatch.setattr(atomic.os, "rename", _flaky(os.rename, [_winerror(5)]))
    atomic.rename(src, tmp_path / "part-2.zip", sleep=lambda s: None)
    assert (tmp_path / "part-2.zip").read_bytes() == b"zip"


def test_atomic_write_goes_through_the_retrying_replace(tmp_path, monkeypatch):
    failures = [_winerror(32)]
    monkeypatch.setattr(atomic.os, "replace", _flaky(os.replace, failures))
    monkeypatch.setattr(atomic.time, "sleep", lambda s: None)
    atomic.atomic_write_json(tmp_path / "state.json", {"a": 1})
    assert (tmp_path / "state.json").read_text(encoding="utf-8").strip().startswith("{")
    assert not failures
