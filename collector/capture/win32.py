"""The few Windows calls capture needs, through ctypes. Every function is a harmless no-op elsewhere.

- DPI awareness: a DPI-unaware process on a 125–150 % screen gets logical coordinates and a scaled
  (blurred) or cropped capture. ``ensure_dpi_aware`` must run before the first capture and before any
  window is created (Qt 6 sets per-monitor v2 itself, which is the same thing).
- ``monitor_scale``: the scaling factor of the monitor holding a rectangle, for the manifest and the
  size of the cursor we draw.
- ``cursor_position``: mss does not capture the cursor on Windows; the recorder draws it.
- ``exclude_from_capture``: the floating recording control calls it on its own window handle.
- ``is_remote_session``: Terminal Server / RemoteApp / Citrix, where the frame rate is capped.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import Any

log = logging.getLogger(__name__)

IS_WINDOWS = sys.platform == "win32"

_DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2 = -4
_PROCESS_PER_MONITOR_DPI_AWARE = 2
_AWARENESS_NAMES = {0: "unaware", 1: "system", 2: "per_monitor"}
_MONITOR_DEFAULTTONEAREST = 2
_MDT_EFFECTIVE_DPI = 0
_CURSOR_SHOWING = 0x1
_WDA_EXCLUDEFROMCAPTURE = 0x11

_dpi_awareness: str | None = None


class _POINT(ctypes.Structure):
    _fields_ = [("x", ctypes.c_long), ("y", ctypes.c_long)]


class _CURSORINFO(ctypes.Structure):
    _fields_ = [("cbSize", ctypes.c_uint32), ("flags", ctypes.c_uint32),
                ("hCursor", ctypes.c_void_p), ("ptScreenPos", _POINT)]


def ensure_dpi_aware() -> str | None:
    """Make the process per-monitor DPI-aware (once). Returns the awareness in effect:
    ``per_monitor``, ``system`` or ``unaware``; None off Windows."""
    global _dpi_awareness
    if sys.platform != "win32":
        return None
    if _dpi_awareness is None:
        _dpi_awareness = _set_dpi_awareness()
        if _dpi_awareness != "per_monitor":
            log.warning("process DPI awareness is %s: captures may be scaled", _dpi_awareness)
    return _dpi_awareness


def _set_dpi_awareness() -> str:


    if sys.platform != "win32":  # Windows only (mypy then checks the rest for Windows alone)


        raise NotImplementedError
    user32 = ctypes.windll.user32
    # Windows 10 1703+: per-monitor v2. Fails harmlessly when awareness was already set (by Qt, or a
    # manifest); we read back what is in effect either way.
    try:
        user32.SetProcessDpiAwarenessContext.argtypes = [ctypes.c_void_p]
        user32.SetProcessDpiAwarenessContext(ctypes.c_void_p(_DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2))
        user32.GetThreadDpiAwarenessContext.restype = ctypes.c_void_p
        user32.GetAwarenessFromDpiAwarenessContext.argtypes = [ctypes.c_void_p]
        context = user32.GetThreadDpiAwarenessContext()
        return _AWARENESS_NAMES.get(user32.GetAwarenessFromDpiAwarenessContext(context), "unaware")
    except (AttributeError, OSError):
        pass
    try:  # Windows 8.1
        shcore = ctypes.windll.shcore
        shcore.SetProcessDpiAwareness(_PROCESS_PER_MONITOR_DPI_AWARE)
        value = ctypes.c_int(0)
        shcore.GetProcessDpiAwareness(None, ctypes.byref(value))
        return _AWARENESS_NAMES.get(value.value, "unaware")
    except (AttributeError, OSError):
        pass
    try:  # Vista / 7
        user32.SetProcessDPIAware()
        return "system" if user32.IsProcessDPIAware() else "unaware"
    except (AttributeError, OSError):
        return "unaware"


def monitor_scale(left: int, top: int, width: int, height: int) -> float | None:
    """Scaling factor (1.0, 1.25, 1.5, ...) of the monitor at the centre of a rectangle; None off Windows
    or when the system does not say."""
    if sys.platform != "win32":
        return None
    try:
        user32 = ctypes.windll.user32
        user32.MonitorFromPoint.argtypes = [_POINT, ctypes.c_uint32]
        user32.MonitorFromPoint.restype = ctypes.c_void_p
        hmon = user32.MonitorFromPoint(_POINT(left + width // 2, top + height // 2), _MONITOR_DEFAULTTONEAREST)
        dpi_x, dpi_y = ctypes.c_uint(0), ctypes.c_uint(0)
        shcore = ctypes.windll.shcore
        shcore.GetDpiForMonitor.argtypes = [ctypes.c_void_p, ctypes.c_int,
                                            ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(ctypes.c_uint)]
        if shcore.GetDpiForMonitor(hmon, _MDT_EFFECTIVE_DPI, ctypes.byref(dpi_x), ctypes.byref(dpi_y)) != 0:
            return None
        return round(dpi_x.value / 96, 2) if dpi_x.value else None
    except (AttributeError, OSError):
        return None


def cursor_position() -> tuple[int, int] | None:
    """The cursor's hot spot on the virtual desktop, or None when the cursor is hidden."""
    if sys.platform != "win32":
        return None
    info = _CURSORINFO()
    info.cbSize = ctypes.sizeof(_CURSORINFO)
    if not ctypes.windll.user32.GetCursorInfo(ctypes.byref(info)):
        return None
    if not info.flags & _CURSOR_SHOWING:
        return None
    return info.ptScreenPos.x, info.ptScreenPos.y


#: ``WDA_EXCLUDEFROMCAPTURE`` exists from Windows 10 2004 (build 19041); before, Windows applies
#: ``WDA_MONITOR`` instead and the control shows as a black box in the recording.
#: https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-setwindowdisplayaffinity
EXCLUDE_FROM_CAPTURE_BUILD = 19041


def _user32() -> Any:  # pragma: no cover - Windows only
    return ctypes.windll.user32  # type: ignore[attr-defined]


def windows_build() -> int | None:
    """The real build number (``platform_version``, not the one emulated for an unmanifested process).
    https://docs.python.org/3/library/sys.html#sys.getwindowsversion"""
    if sys.platform != "win32":
        return None
    try:
        return int(sys.getwindowsversion().platform_version[2])
    except (AttributeError, IndexError, TypeError, ValueError):
        return None


def can_exclude_from_capture(build: int | None = None) -> bool:
    """True when a window can be kept out of captures (Windows 10 2004 / Server 2022 and later)."""
    build = windows_build() if build is None else build
    return build is not None and build >= EXCLUDE_FROM_CAPTURE_BUILD


def exclude_from_capture(hwnd: int, build: int | None = None) -> bool:
    """Keep a window (the recording control) out of every screen capture. Returns False, without
    touching the window, where the system cannot (before build 19041 the call would paint it black in
    the recording; other platforms): the caller then keeps the control off the recorded monitor."""
    if sys.platform != "win32" or not can_exclude_from_capture(build):
        return False
    try:
        user32 = _user32()
        user32.SetWindowDisplayAffinity.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
        return bool(user32.SetWindowDisplayAffinity(ctypes.c_void_p(hwnd), _WDA_EXCLUDEFROMCAPTURE))
    except (AttributeError, OSError):
        return False


class _RECT(ctypes.Structure):
    _fields_ = [("left", ctypes.c_long), ("top", ctypes.c_long), ("right", ctypes.c_long), ("bottom", ctypes.c_long)]


_WNDENUMPROC = getattr(ctypes, "WINFUNCTYPE", ctypes.CFUNCTYPE)(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


def window_rect_of(pids: set[int]) -> tuple[int, int, int, int] | None:
    """(left, top, width, height) of the largest visible top-level window of one of ``pids`` (RM's
    main window, for "record the monitor showing RM", SPEC §4.9); None when there is none.
    https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-enumwindows
    https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-getwindowthreadprocessid
    https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-getwindowrect"""
    if sys.platform != "win32" or not pids:
        return None
    try:
        user32 = _user32()
    except (AttributeError, OSError):
        return None
    found: list[tuple[int, int, int, int]] = []

    def visit(hwnd: Any, _param: Any) -> int:
        try:
            if not user32.IsWindowVisible(hwnd) or user32.IsIconic(hwnd):
                return 1
            pid = ctypes.c_ulong(0)
            user32.GetWindowThreadProcessId(hwnd, ctypes.pointer(pid))
            if pid.value not in pids:
                return 1
            rect = _RECT()
            if user32.GetWindowRect(hwnd, ctypes.pointer(rect)):
                width, height = rect.right - rect.left, rect.bottom - rect.top
                if width > 0 and height > 0:
                    found.append((rect.left, rect.top, width, height))
        except (AttributeError, OSError):
            pass
        return 1  # go on enumerating

    try:
        user32.EnumWindows(_WNDENUMPROC(visit), None)
    except (AttributeError, OSError):
        return None
    return max(found, key=lambda r: r[2] * r[3]) if found else None


def rm_window_rect() -> tuple[int, int, int, int] | None:
    """Where RM's main window is, among the RM processes of this session (``winsession``)."""
    if sys.platform != "win32":
        return None
    from collector.core import winsession

    names = {"rm.exe", "rm.host.exe"}
    processes = winsession.session_processes() or {}
    return window_rect_of({pid for pid, name in processes.items() if name.lower() in names})


def is_remote_session() -> bool:
    """True in a Remote Desktop / RemoteApp / RemoteFX / Citrix session (a shared server); see
    ``collector.core.winsession`` for how (SM_REMOTESESSION, then GlassSessionId / console session)."""
    from collector.core import winsession

    return winsession.is_remote_session()
