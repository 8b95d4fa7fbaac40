"""The cursor we draw into recordings, and where it comes from."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

from collector.capture import cursor as cur

BLACK = [0, 0, 0, 255]
WHITE = [255, 255, 255, 255]


def _frame(width=64, height=48, value=100) -> np.ndarray:
    return np.full((height, width, 4), value, np.uint8)


def test_the_arrow_has_its_hot_spot_at_the_point_and_a_white_fill():
    frame = _frame()
    cur.draw_cursor(frame, 10, 5)
    assert frame[5, 10].tolist() == BLACK  # the tip
    assert frame[5 + 5, 10 + 2].tolist() == WHITE  # inside the arrow
    assert frame[4, 10].tolist() == [100] * 4  # nothing above the tip
    assert frame[5, 9].tolist() == [100] * 4  # nor left of it
    changed = np.argwhere((frame != 100).any(axis=2))
    assert changed[:, 0].min() == 5 and changed[:, 1].min() == 10
    assert changed[:, 0].max() - 5 + 1 == 19 and changed[:, 1].max() - 10 + 1 == 12  # 12 x 19 arrow


def test_restore_puts_back_exactly_what_was_covered():
    rng = np.random.default_rng(1)
    frame = rng.integers(0, 256, (48, 64, 4), np.uint8)
    original = frame.copy()
    patch = cur.draw_cursor(frame, 30, 20)
    assert not np.array_equal(frame, original)
    cur.restore(frame, patch)
    assert np.array_equal(frame, original)


@pytest.mark.parametrize(("x", "y"), [(-5, -3), (60, 40), (-11, 10), (0, 47)])
def test_the_arrow_is_clipped_at_the_edges(x, y):
    frame = _frame()
    original = frame.copy()
    patch = cur.draw_cursor(frame, x, y)
    assert patch is not None
    cur.restore(frame, patch)
    assert np.array_equal(frame, original)


@pytest.mark.parametrize(("x", "y"), [(-12, 0), (64, 0), (0, 48), (-100, -100)])
def test_an_arrow_entirely_outside_draws_nothing(x, y):
    frame = _frame()
    assert cur.draw_cursor(frame, x, y) is None
    assert (frame == 100).all()
    cur.restore(frame, None)


def test_on_a_scaled_monitor_the_arrow_is_scaled_too():
    small, big = _frame(), _frame()
    cur.draw_cursor(small, 0, 0, scale=1.0)
    cur.draw_cursor(big, 0, 0, scale=2.0)
    assert (big != 100).any(axis=2).sum() == 4 * (small != 100).any(axis=2).sum()
    cur.draw_cursor(_frame(), 0, 0, scale=None)  # unknown scale: 1


@pytest.mark.skipif(not shutil.which("xdotool"), reason="needs xdotool to move the X pointer")
def test_x11_cursor_reads_the_pointer_position(x_display):
    source = cur.X11Cursor()  # connected first: Xvfb resets (pointer re-centred) when its last client leaves
    try:
        subprocess.run(["xdotool", "mousemove", "123", "456"], check=True)
        assert source.position() == (123, 456)
        subprocess.run(["xdotool", "mousemove", "1900", "7"], check=True)
        assert source.position() == (1900, 7)
    finally:
        source.close()
    assert source.position() is None  # closed: no crash
    source.close()


def test_x11_cursor_on_a_missing_display_fails_cleanly():
    with pytest.raises(OSError):
        cur.X11Cursor(":4242")


def test_open_cursor_source_picks_x11_with_a_display_and_nothing_without(x_display, monkeypatch):
    source = cur.open_cursor_source()
    try:
        assert isinstance(source, cur.X11Cursor)
    finally:
        source.close()
    monkeypatch.delenv("DISPLAY")
    source = cur.open_cursor_source()
    assert isinstance(source, cur.NoCursor) and source.position() is None
    monkeypatch.setenv("DISPLAY", ":4242")  # unreachable display: no cursor, the recording goes on
    assert isinstance(cur.open_cursor_source(), cur.NoCursor)
