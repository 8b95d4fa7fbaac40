"""Cutting a recording after its last complete fragment (what a full disk leaves behind)."""

from __future__ import annotations

import numpy as np
import pytest

from collector.capture.encoder import FrameConverter, VideoWriter
from collector.capture.salvage import trim_incomplete_tail
from tests.capture.helpers import top_level_boxes, video_info

EXT = {"h264": ".mp4", "vp9": ".webm"}
FORMAT = {"h264": "mp4", "vp9": "webm"}


def _recording(path, codec, seconds=6):
    writer = VideoWriter(path, codec, 320, 240, 10)
    converter = FrameConverter(320, 240)
    rng = np.random.default_rng(3)
    for i in range(seconds * 10):
        writer.write(converter.to_frame(rng.integers(0, 256, (240, 320, 4), np.uint8)), i * 100)
    return writer


def _decode_all(path) -> int:
    return video_info(path)["frames"]


@pytest.mark.parametrize("codec", ["h264", "vp9"])
def test_a_file_cut_inside_a_fragment_is_trimmed_to_one_that_decodes(tmp_path, codec):
    path = tmp_path / f"v{EXT[codec]}"
    writer = _recording(path, codec)
    writer.close()
    data = path.read_bytes()
    full_frames = _decode_all(path)
    cut = tmp_path / f"cut{EXT[codec]}"
    cut.write_bytes(data[: int(len(data) * 0.6)])  # what a full disk leaves: half a fragment at the end
    removed = trim_incomplete_tail(cut, FORMAT[codec])
    assert removed > 0
    frames = _decode_all(cut)  # decodes to its end without "invalid data"
    assert 0 < frames < full_frames


def test_mp4_trim_keeps_whole_moof_mdat_pairs(tmp_path):
    path = tmp_path / "v.mp4"
    _recording(path, "h264").close()
    data = path.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: int(len(data) * 0.5)])
    trim_incomplete_tail(cut, "mp4")
    boxes = top_level_boxes(cut)
    assert boxes[:2] == ["ftyp", "moov"] and boxes[-1] == "mdat"
    assert boxes.count("moof") == boxes.count("mdat")


@pytest.mark.parametrize("codec", ["h264", "vp9"])
def test_a_complete_file_is_left_alone(tmp_path, codec):
    path = tmp_path / f"v{EXT[codec]}"
    _recording(path, codec, seconds=3).close()
    before = path.read_bytes()
    assert trim_incomplete_tail(path, FORMAT[codec]) == 0
    assert path.read_bytes() == before


@pytest.mark.parametrize("fmt", ["mp4", "webm"])
def test_a_foreign_or_empty_file_is_not_damaged(tmp_path, fmt):
    path = tmp_path / "x"
    path.write_bytes(b"")
    assert trim_incomplete_tail(path, fmt) == 0
    path.write_bytes(b"hello, not a video file")
    assert trim_incomplete_tail(path, fmt) == 0
    assert path.read_bytes() == b"hello, not a video file"
