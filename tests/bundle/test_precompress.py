"""Members deflated in the background while staging (``bundle.precompress``) give the same bundle."""

import io
import zipfile

from collector.bundle import zipwriter
from collector.bundle.precompress import FOLDER
from collector.bundle.stage import Stage
from tests.bundle.factory import PNG_HEADER, log_text, noise

FILES = {
    "logs/RM/TrackLog-01.log": log_text(3_500_000, seed=1),  # several 1 MB blocks
    "logs/RM/TrackLog-02.log": log_text(200_000, seed=2),
    "logs/RM/vazio.log": b"",
    "screenshots/tela-1.png": PNG_HEADER + noise(50_000),  # stored, never deflated in the background
    "config/RM.exe.config": b"<configuration><appSettings/></configuration>\r\n",
}


def _stage(folder, precompress: bool) -> Stage:
    stage = Stage.create(folder)
    if precompress:
        stage.precompress()
    for arcname, data in FILES.items():
        stage.add_stream(io.BytesIO(data), arcname, arcname.split("/", 1)[0], None)
    return stage


def _members(path):
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None  # every CRC checks out
        return {i.filename: (i.compress_type, i.CRC, i.file_size, i.compress_size, zf.read(i))
                for i in zf.infolist()}


def test_precompressed_bundle_has_the_same_members_as_the_serial_one(tmp_path):
    serial = zipwriter.write_zip(_stage(tmp_path / "a", False), tmp_path / "a.zip", {"n": 1}, "t")
    stage = _stage(tmp_path / "b", True)
    assert stage.deflated is not None
    parallel = zipwriter.write_zip(stage, tmp_path / "b.zip", {"n": 1}, "t")
    a, b = _members(serial), _members(parallel)
    assert list(a) == list(b) == ["manifest.json", "ticket.md", *FILES]
    assert a == b  # same data, same CRC, same sizes: the same deflate stream at the same level
    for arcname, data in FILES.items():
        assert b[arcname][4] == data
    assert b["screenshots/tela-1.png"][0] == zipfile.ZIP_STORED
    assert b["logs/RM/TrackLog-01.log"][0] == zipfile.ZIP_DEFLATED
    # the streams were used, then deleted with the stage's cache
    assert stage.deflated is None and not (stage.folder / FOLDER).exists()


def test_other_zip_tools_read_the_precompressed_members(tmp_path):
    import shutil
    import subprocess

    stage = _stage(tmp_path / "s", True)
    out = zipwriter.write_zip(stage, tmp_path / "b.zip", {}, "")
    unzip = shutil.which("unzip")
    if unzip is None:  # zipfile's own CRC check above is then the only reader
        with zipfile.ZipFile(out) as zf:
            assert zf.testzip() is None
        return
    done = subprocess.run([unzip, "-t", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_file_changed_after_it_was_deflated_is_compressed_again(tmp_path):
    stage = _stage(tmp_path / "s", True)
    path = stage.file_path("logs/RM/TrackLog-02.log")
    stage.deflated._jobs["logs/RM/TrackLog-02.log"].result()  # deflated already
    covered = b"linha coberta pelo usuario\n" * 1000
    stage.replace_content("logs/RM/TrackLog-02.log", covered)
    assert path.read_bytes() == covered
    members = _members(zipwriter.write_zip(stage, tmp_path / "b.zip", {}, ""))
    assert members["logs/RM/TrackLog-02.log"][4] == covered
    assert members["logs/RM/TrackLog-01.log"][4] == FILES["logs/RM/TrackLog-01.log"]


def test_a_stage_reloaded_from_disk_zips_without_the_streams(tmp_path):
    stage = _stage(tmp_path / "s", True)
    stage.save()
    reloaded = Stage.load(stage.folder)
    assert reloaded.deflated is None
    members = _members(zipwriter.write_zip(reloaded, tmp_path / "b.zip", {}, ""))
    assert {k: v[4] for k, v in members.items() if k in FILES} == FILES
    stage.discard()


def test_discard_stops_the_background_work_and_removes_the_streams(tmp_path):
    stage = _stage(tmp_path / "s", True)
    stage.discard()
    assert stage.deflated is None
    assert not stage.folder.exists()


class _Breaks(io.RawIOBase):
    """A source that gives a few blocks, then fails like a share going away."""

    def __init__(self):
        self.left = 3

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.left == 0:
            raise OSError(5, "Input/output error")
        self.left -= 1
        data = log_text(len(buffer), seed=self.left)
        buffer[:len(data)] = data
        return len(data)


def test_a_member_that_fails_while_staging_leaves_no_stream_and_no_wait(tmp_path):
    stage = _stage(tmp_path / "s", True)
    try:
        stage.add_stream(io.BufferedReader(_Breaks(), 1 << 20), "logs/RM/quebrado.log", "logs", None)
    except OSError:
        pass
    else:  # pragma: no cover - the source always fails
        raise AssertionError("the broken source should have failed the member")
    assert "logs/RM/quebrado.log" not in [i.path for i in stage.items]
    members = _members(zipwriter.write_zip(stage, tmp_path / "b.zip", {}, ""))  # never waits on it
    assert "logs/RM/quebrado.log" not in members
    assert {k: v[4] for k, v in members.items() if k in FILES} == FILES
    stage.discard()


def test_large_members_round_trip_through_the_streamed_deflate(tmp_path):
    stage = Stage.create(tmp_path / "s")
    stage.precompress()
    data = log_text(6 << 20, seed=9)  # more blocks than the queue holds: the writer waits, nothing lost
    for n in range(4):
        stage.add_stream(io.BytesIO(data), f"logs/RM/{n}.log", "logs", None)
    members = _members(zipwriter.write_zip(stage, tmp_path / "b.zip", {}, ""))
    assert all(members[f"logs/RM/{n}.log"][4] == data for n in range(4))


def test_an_unexpected_deflate_error_does_not_stop_the_thread_nor_the_zip(tmp_path, monkeypatch):
    """zlib.error or MemoryError in the background thread: that member is compressed by the zip
    itself, the others still use their streams, and nothing waits forever."""
    import zlib

    from collector.bundle import precompress

    feed = precompress._Job.feed

    def failing(job, data):
        if job.target.name == "1.deflate":  # the first member
            raise zlib.error("simulated")
        feed(job, data)

    monkeypatch.setattr(precompress._Job, "feed", failing)
    stage = _stage(tmp_path / "s", True)
    members = _members(zipwriter.write_zip(stage, tmp_path / "b.zip", {"n": 1}, "t"))
    assert {k: v[4] for k, v in members.items() if k in FILES} == FILES
    assert members == _members(zipwriter.write_zip(_stage(tmp_path / "a", False), tmp_path / "a.zip",
                                                   {"n": 1}, "t"))
