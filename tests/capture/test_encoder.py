"""VideoWriter, FrameConverter and finalize: real encoding with PyAV, checked by decoding."""

from __future__ import annotations

import errno
import os
import shutil

import numpy as np
import pytest

from collector.capture.encoder import CountingFile, FrameConverter, VideoWriter, finalize, is_disk_full
from tests.capture.helpers import top_level_boxes, video_info

EXT = {"h264": ".mp4", "vp9": ".webm"}


def _bgra(width, height, x, color=(0, 0, 255)) -> np.ndarray:
    """A grey picture with a 40-pixel-wide coloured bar at ``x`` (colour as RGB)."""
    frame = np.full((height, width, 4), 128, np.uint8)
    frame[:, x:x + 40, :3] = color[::-1]
    return frame


def _write(path, codec, times_ms, size=(320, 240), fps=10):
    writer = VideoWriter(path, codec, *size, fps)
    converter = FrameConverter(*size)
    for i, t in enumerate(times_ms):
        writer.write(converter.to_frame(_bgra(*size, (i * 7) % (size[0] - 40))), t)
    return writer


@pytest.mark.parametrize("codec", ["h264", "vp9"])
def test_wall_clock_timestamps_survive_encoding_and_finalize(tmp_path, codec):
    path = tmp_path / f"v{EXT[codec]}"
    times = [0, 137, 250, 1000, 1003, 2500, 2600, 4999]
    writer = _write(path, codec, times)
    writer.close()
    info = video_info(path)
    assert info["frames"] == len(times)
    assert [round(t * 1000) for t in info["times"]] == times
    finalize(path, codec)
    assert [round(t * 1000) for t in video_info(path)["times"]] == times


@pytest.mark.parametrize("codec", ["h264", "vp9"])
def test_the_closing_frame_is_never_a_keyframe(tmp_path, codec):
    path = tmp_path / f"v{EXT[codec]}"
    writer = _write(path, codec, range(0, 2000, 100))  # 20 frames: the next one would be key-due
    converter = FrameConverter(320, 240)
    writer.write(converter.to_frame(_bgra(320, 240, 0)), 2000, closing=True)
    writer.close()
    info = video_info(path)
    assert info["keys"] == [0.0] and info["last"] == 2.0


def test_timestamps_never_go_backwards(tmp_path):
    writer = _write(tmp_path / "v.mp4", "h264", [0, 100, 100, 90])
    writer.close()
    assert [round(t * 1000) for t in video_info(tmp_path / "v.mp4")["times"]] == [0, 100, 101, 102]


@pytest.mark.parametrize("codec", ["h264", "vp9"])
def test_keyframes_at_most_two_seconds_apart(tmp_path, codec):
    path = tmp_path / f"v{EXT[codec]}"
    _write(path, codec, range(0, 9000, 100)).close()  # 10 fps, 9 s
    keys = video_info(path)["keys"]
    assert keys[0] == 0.0
    assert max(b - a for a, b in zip(keys, keys[1:], strict=False)) <= 2.0
    assert len(keys) >= 5


def test_mp4_is_fragmented_while_recording_so_a_copy_taken_midway_plays(tmp_path):
    path = tmp_path / "v.mp4"
    writer = _write(path, "h264", range(0, 5000, 100))  # 5 s written, not closed (a killed recorder)
    snapshot = tmp_path / "killed.mp4"
    shutil.copyfile(path, snapshot)
    assert writer.bytes_written == os.path.getsize(path)
    boxes = top_level_boxes(snapshot)
    assert boxes[:2] == ["ftyp", "moov"] and "moof" in boxes  # empty moov first, then fragments
    info = video_info(snapshot)
    assert info["last"] >= 3.0  # loses at most the fragment in progress (<= 2 s)
    writer.close()


def test_webm_written_midway_plays(tmp_path):
    path = tmp_path / "v.webm"
    writer = _write(path, "vp9", range(0, 5000, 100))
    snapshot = tmp_path / "killed.webm"
    shutil.copyfile(path, snapshot)
    assert video_info(snapshot)["last"] >= 2.5
    writer.close()


def test_finalize_puts_the_mp4_index_first_and_replaces_the_file(tmp_path):
    path = tmp_path / "v.mp4"
    _write(path, "h264", range(0, 3000, 100)).close()
    before = video_info(path)
    assert "moof" in top_level_boxes(path)
    finalize(path, "h264")
    boxes = top_level_boxes(path)
    assert boxes.index("moov") < boxes.index("mdat") and "moof" not in boxes
    assert video_info(path)["times"] == before["times"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.mp4"]  # no temporary file left


def test_finalize_failure_keeps_the_original(tmp_path):
    path = tmp_path / "v.mp4"
    path.write_bytes(b"not a video")
    with pytest.raises(Exception):  # noqa: B017 (whatever PyAV raises)
        finalize(path, "h264")
    assert path.read_bytes() == b"not a video"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.mp4"]


def test_converter_scales_a_4k_monitor_down_keeping_the_picture(tmp_path):
    converter = FrameConverter(1920, 1080)
    frame = converter.to_frame(_bgra(3840, 2160, 1000, color=(255, 0, 0)))
    assert (frame.width, frame.height, frame.format.name) == (1920, 1080, "yuv420p")
    rgb = frame.to_ndarray(format="rgb24")
    assert rgb[500, 510, 0] > 200 and rgb[500, 510, 2] < 60  # the bar, at half the x
    assert abs(int(rgb[500, 100, 0]) - 128) < 8  # the grey


def test_converter_letterboxes_a_changed_resolution():
    converter = FrameConverter(640, 360)
    rgb = converter.to_frame(np.full((480, 640, 4), 200, np.uint8)).to_ndarray(format="rgb24")  # 4:3 into 16:9
    x, _, w, _ = 80, 0, 480, 360
    assert rgb[180, x + 5].mean() > 180 and rgb[180, x + w - 5].mean() > 180
    assert rgb[180, 10].max() < 30 and rgb[180, 630].max() < 30  # black bars left and right


def test_disk_full_surfaces_as_an_oserror_and_what_was_written_stays(tmp_path):
    class FullDisk(CountingFile):
        def write(self, data):
            if self.bytes_written + len(data) > 600_000:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return super().write(data)

    path = tmp_path / "v.mp4"
    writer = VideoWriter(path, "h264", 320, 240, 10, opener=FullDisk)
    rng = np.random.default_rng(0)
    converter = FrameConverter(320, 240)
    with pytest.raises(OSError) as err:
        for i in range(200):
            writer.write(converter.to_frame(rng.integers(0, 256, (240, 320, 4), np.uint8)), i * 100)
    assert is_disk_full(err.value)
    writer.abort()
    assert 0 < path.stat().st_size <= 600_000
    assert video_info(path)["frames"] > 0


def test_is_disk_full():
    assert is_disk_full(OSError(errno.ENOSPC, "full"))
    assert is_disk_full(OSError(errno.EFBIG, "too big"))
    assert not is_disk_full(OSError(errno.EACCES, "denied"))
    assert not is_disk_full(ValueError("x"))
