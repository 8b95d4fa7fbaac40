"""Pictures of a recording for the review's preview strip: real videos encoded and decoded with PyAV."""

from __future__ import annotations

import numpy as np
import pytest

from collector.capture.frames import stills
from tests.capture.helpers import COLOURS, coloured_recording


@pytest.mark.parametrize(("codec", "ext"), [("h264", ".mp4"), ("vp9", ".webm")])
def test_pictures_spread_over_thecoloured_recording(tmp_path, codec, ext):
    path = coloured_recording(tmp_path / f"gravacao{ext}", codec)
    got = stills(path, count=3, max_width=160, max_height=160)
    assert [round(s.seconds) for s in got] == [1, 3, 5]
    for still, colour in zip(got, COLOURS, strict=True):
        assert (still.width, still.height) == (160, 90)  # the video's shape, within the box
        pixels = np.frombuffer(still.rgb, np.uint8).reshape(still.height, still.width, 3)
        assert np.abs(pixels.mean(axis=(0, 1)) - colour).max() < 20, (still.seconds, pixels.mean(axis=(0, 1)))


def test_a_broken_file_gives_what_could_be_read(tmp_path):
    whole = coloured_recording(tmp_path / "inteira.mp4")
    cut = tmp_path / "cortada.mp4"
    cut.write_bytes(whole.read_bytes()[:2000])
    partial = stills(cut)  # the start of the video, no error
    assert len(partial) <= 1 and all(s.seconds < 2 for s in partial)
    junk = tmp_path / "nao-e-video.mp4"
    junk.write_bytes(b"isto nao e um video" * 100)
    assert stills(junk) == []
