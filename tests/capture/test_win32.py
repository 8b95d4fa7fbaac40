"""Windows calls: no-ops elsewhere; on Windows, the real thing."""

from __future__ import annotations

import sys

import pytest

from collector.capture import win32

on_windows = pytest.mark.skipif(sys.platform != "win32", reason="Windows API (user32/shcore)")
off_windows = pytest.mark.skipif(sys.platform == "win32", reason="checks the non-Windows fallbacks")


@off_windows
def test_everything_is_a_harmless_no_op_off_windows():
    assert win32.ensure_dpi_aware() is None
    assert win32.monitor_scale(0, 0, 1920, 1080) is None
    assert win32.cursor_position() is None
    assert win32.exclude_from_capture(12345) is False
    assert win32.is_remote_session() is False


@on_windows
def test_the_process_becomes_dpi_aware():
    assert win32.ensure_dpi_aware() in ("per_monitor", "system")
    assert win32.ensure_dpi_aware() == win32.ensure_dpi_aware()  # idempotent


@on_windows
def test_monitor_scale_and_cursor_on_windows():
    scale = win32.monitor_scale(0, 0, 100, 100)
    assert scale is None or scale >= 1.0
    position = win32.cursor_position()
    assert position is None or len(position) == 2
    assert isinstance(win32.is_remote_session(), bool)
    assert win32.exclude_from_capture(0) is False  # not a window
