"""Staging paths beyond Windows' 260 characters: every staged file goes through fileio.fs_path, which
gives long Windows paths the \\\\?\\ form."""

from __future__ import annotations

import io

from collector.bundle.stage import Stage
from collector.probes import fileio


def test_long_arcnames_are_staged_and_read_back(tmp_path):
    deep = "/".join(["pasta-de-log-com-nome-comprido"] * 10) + "/RM.Host.Service.2026-11-27.log"
    stage = Stage.create(tmp_path / "stage")
    item = stage.add_stream(io.BytesIO(b"linha\n"), "logs/" + deep, "logs", None)
    path = stage.file_path(item.path)
    assert len(str(path)) > 260 and path.read_bytes() == b"linha\n"


def test_staged_paths_take_the_extended_form_on_windows(tmp_path, monkeypatch):
    seen = []

    def fs_path(path):
        seen.append(str(path))
        return str(path)

    monkeypatch.setattr(fileio, "fs_path", fs_path)
    stage = Stage.create(tmp_path / "stage")
    item = stage.add_stream(io.BytesIO(b"x"), "logs/a.log", "logs", None)
    stage.file_path(item.path)
    assert seen == [str(tmp_path / "stage" / "files" / "logs" / "a.log")] * 2
    # and what fs_path does with a long Windows path (pure string logic)
    long_path = "C:\\Users\\maria.silva\\AppData\\Local\\ColetorRM\\stage\\files\\" + "x" * 250 + "\\a.log"
    assert fileio.to_extended_path(long_path) == "\\\\?\\" + long_path
