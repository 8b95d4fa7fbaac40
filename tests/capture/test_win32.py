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


class ScriptedUser32:
    """user32 as the tests script it: top-level windows (hwnd → pid, rect, visible, minimized)."""

    def __init__(self, windows=(), affinity_ok=True):
        self.windows = {w[0]: w for w in windows}
        self.affinity_calls = []
        self.affinity_ok = affinity_ok

    class _Fn:
        def __init__(self, fn):
            self.fn = fn

        def __call__(self, *a):
            return self.fn(*a)

    @property
    def SetWindowDisplayAffinity(self):  # noqa: N802 - Windows name
        fn = self._Fn(lambda hwnd, value: self.affinity_calls.append((hwnd.value, value)) or int(self.affinity_ok))
        return fn

    def EnumWindows(self, callback, _param):  # noqa: N802
        for hwnd in self.windows:
            if not callback(hwnd, 0):
                break
        return 1

    def IsWindowVisible(self, hwnd):  # noqa: N802
        return self.windows[hwnd][3]

    def IsIconic(self, hwnd):  # noqa: N802
        return self.windows[hwnd][4]

    def GetWindowThreadProcessId(self, hwnd, pid):  # noqa: N802
        pid[0] = self.windows[hwnd][1]
        return 1

    def GetWindowRect(self, hwnd, rect):  # noqa: N802
        left, top, width, height = self.windows[hwnd][2]
        rect[0].left, rect[0].top, rect[0].right, rect[0].bottom = left, top, left + width, top + height
        return 1


@pytest.fixture
def windows_user32(monkeypatch):
    user32 = ScriptedUser32()
    monkeypatch.setattr(win32.sys, "platform", "win32")
    monkeypatch.setattr(win32, "_user32", lambda: user32)
    return user32


@pytest.mark.parametrize("build, expected", [(14393, False), (17763, False), (19041, True), (22631, True)])
def test_capture_exclusion_only_from_build_19041(windows_user32, build, expected):
    # Server 2016 (14393) and 2019 (17763) would paint the control black in the recording: not called there
    assert win32.can_exclude_from_capture(build) is expected
    assert win32.exclude_from_capture(0x1234, build=build) is expected
    assert windows_user32.affinity_calls == ([(0x1234, 0x11)] if expected else [])


def test_capture_exclusion_refused_by_the_system(windows_user32):
    windows_user32.affinity_ok = False
    assert win32.exclude_from_capture(0x1234, build=22631) is False


def test_unknown_build_does_not_exclude(windows_user32, monkeypatch):
    monkeypatch.setattr(win32, "windows_build", lambda: None)
    assert win32.can_exclude_from_capture() is False


def test_rm_main_window_is_the_largest_visible_one_of_our_processes(windows_user32):
    windows_user32.windows = {w[0]: w for w in [
        (1, 100, (0, 0, 300, 200), True, False),          # RM splash / small window
        (2, 100, (1920, 0, 1600, 900), True, False),      # RM main window, second monitor
        (3, 100, (0, 0, 3000, 3000), False, False),       # hidden
        (4, 100, (0, 0, 3000, 3000), True, True),         # minimized
        (5, 555, (0, 0, 1920, 1080), True, False),        # another program / another user's RM
    ]}
    assert win32.window_rect_of({100}) == (1920, 0, 1600, 900)
    assert win32.window_rect_of({999}) is None
    assert win32.window_rect_of(set()) is None


def test_rm_window_uses_this_sessions_rm_processes(windows_user32, monkeypatch):
    from collector.core import winsession

    windows_user32.windows = {1: (1, 100, (0, 0, 800, 600), True, False),
                              2: (2, 200, (1920, 0, 800, 600), True, False)}
    monkeypatch.setattr(winsession, "session_processes", lambda: {100: "RM.exe", 101: "notepad.exe"})
    assert win32.rm_window_rect() == (0, 0, 800, 600)
