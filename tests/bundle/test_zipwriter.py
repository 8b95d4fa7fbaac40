import errno
import hashlib
import io
import json
import zipfile

import pytest

from collector.bundle import zipwriter
from collector.bundle.stage import Stage
from collector.core.errors import Cancelled, CollectorError


def _stage(tmp_path):
    stage = Stage.create(tmp_path / "stage")
    stage.add_stream(io.BytesIO(b"linha 1\n\nlinha 3\n"), "logs/app.log", "logs", "/x/app.log")
    stage.add_stream(io.BytesIO(b"\x89PNG fake"), "screenshots/tela-1.png", "screenshots", None)
    stage.add_stream(io.BytesIO(b"dup"), "logs/app.log", "logs", "/y/app.log")  # same name: renamed
    return stage


def test_stage_hashes_while_writing_and_zip_round_trips(tmp_path):
    stage = _stage(tmp_path)
    assert [i.path for i in stage.items] == ["logs/app.log", "screenshots/tela-1.png", "logs/app (2).log"]
    item = stage.items[0]
    assert item.sha256 == hashlib.sha256(b"linha 1\n\nlinha 3\n").hexdigest() and item.size == 17
    out = zipwriter.write_zip(stage, tmp_path / "b.zip", {"schema": "collector.bundle/1"}, "texto\n")
    with zipfile.ZipFile(out) as zf:
        assert zf.namelist() == ["manifest.json", "ticket.md", "logs/app.log", "screenshots/tela-1.png",
                                 "logs/app (2).log"]
        assert zf.read("logs/app.log") == b"linha 1\n\nlinha 3\n"
        assert zf.getinfo("screenshots/tela-1.png").compress_type == zipfile.ZIP_STORED
        assert json.loads(zf.read("manifest.json")) == {"schema": "collector.bundle/1"}


def test_excluded_items_stay_out(tmp_path):
    stage = _stage(tmp_path)
    stage.exclude("screenshots/tela-1.png")
    out = zipwriter.write_zip(stage, tmp_path / "b.zip", {}, "")
    assert "screenshots/tela-1.png" not in zipfile.ZipFile(out).namelist()
    assert Stage.load(stage.folder).item("screenshots/tela-1.png").excluded


def test_replace_content_updates_hash(tmp_path):
    stage = _stage(tmp_path)
    item = stage.replace_content("screenshots/tela-1.png", b"covered")
    assert item.sha256 == hashlib.sha256(b"covered").hexdigest()
    assert stage.file_path(item.path).read_bytes() == b"covered"


def test_disk_full_leaves_no_partial_bundle(tmp_path, monkeypatch):
    stage = _stage(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    real_open = zipfile.ZipFile.open

    def full(self, *a, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "open", full)
    with pytest.raises(CollectorError, match="disco cheio"):
        zipwriter.write_zip(stage, out_dir / "b.zip", {}, "")
    monkeypatch.setattr(zipfile.ZipFile, "open", real_open)
    assert list(out_dir.iterdir()) == []


def test_read_only_and_missing_folder(tmp_path, monkeypatch):
    stage = _stage(tmp_path)
    with pytest.raises(CollectorError, match="não existe"):
        zipwriter.write_zip(stage, tmp_path / "nope" / "b.zip", {}, "")

    def denied(*a, **kw):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(zipwriter.zipfile, "ZipFile", denied)
    with pytest.raises(CollectorError, match="sem permissão"):
        zipwriter.write_zip(stage, tmp_path / "b.zip", {}, "")
    assert not list(tmp_path.glob("*.partial"))


def test_cancel_removes_partial(tmp_path):
    stage = _stage(tmp_path)
    with pytest.raises(Cancelled):
        zipwriter.write_zip(stage, tmp_path / "b.zip", {}, "", cancel=lambda: True)
    assert not list(tmp_path.glob("*b.zip*"))
