"""The mouse cursor, drawn into recorded frames by us (mss does not capture it on Windows).

``CursorSource.position()`` gives the hot spot on the virtual desktop (None when hidden or unknown);
``open_cursor_source()`` picks the platform's source: ``GetCursorInfo`` on Windows, ``XQueryPointer``
through libX11 on X11 (libX11 is present wherever mss works there), nothing elsewhere. Tests inject
their own source. ``draw_cursor`` paints a classic arrow into a BGRA frame and returns what it covered
so the caller can put the pixels back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
from typing import Protocol

import numpy as np

from collector.capture import win32

log = logging.getLogger(__name__)

# Classic arrow, hot spot at the top-left corner. X = outline (black), . = fill (white).
_ARROW = [
    "X",
    "XX",
    "X.X",
    "X..X",
    "X...X",
    "X....X",
    "X.....X",
    "X......X",
    "X.......X",
    "X........X",
    "X.........X",
    "X......XXXXX",
    "X...X..X",
    "X..XX..X",
    "X.X  X..X",
    "XX   X..X",
    "X     X..X",
    "      X..X",
    "       XX",
]


def _arrow_masks(scale: int) -> tuple[np.ndarray, np.ndarray]:
    width = max(len(row) for row in _ARROW)
    rows = [row.ljust(width) for row in _ARROW]
    grid = np.array([list(row) for row in rows])
    outline, fill = grid == "X", grid == "."
    if scale > 1:
        outline = outline.repeat(scale, axis=0).repeat(scale, axis=1)
        fill = fill.repeat(scale, axis=0).repeat(scale, axis=1)
    return outline, fill


_MASKS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


class CursorSource(Protocol):
    def position(self) -> tuple[int, int] | None: ...

    def close(self) -> None: ...


class NoCursor:
    """No cursor information (no platform support): frames go without a cursor."""

    def position(self) -> tuple[int, int] | None:
        return None

    def close(self) -> None:
        pass


class WindowsCursor:
    def position(self) -> tuple[int, int] | None:
        return win32.cursor_position()

    def close(self) -> None:
        pass


class X11Cursor:
    """XQueryPointer on its own display connection. Use it from one thread only."""

    def __init__(self, display: str | None = None) -> None:
        name = ctypes.util.find_library("X11")
        if not name:
            raise OSError("libX11 not found")
        lib = ctypes.CDLL(name)
        lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        lib.XOpenDisplay.restype = ctypes.c_void_p
        lib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        lib.XDefaultRootWindow.restype = ctypes.c_ulong
        lib.XQueryPointer.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                      ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_ulong),
                                      ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int),
                                      ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int),
                                      ctypes.POINTER(ctypes.c_uint)]
        lib.XQueryPointer.restype = ctypes.c_int
        lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
        display = display if display is not None else os.environ.get("DISPLAY")
        self._dpy = lib.XOpenDisplay(display.encode() if display else None)
        if not self._dpy:
            raise OSError(f"cannot open display {display!r}")
        self._lib = lib
        self._root = lib.XDefaultRootWindow(self._dpy)

    def position(self) -> tuple[int, int] | None:
        if not self._dpy:
            return None
        root, child = ctypes.c_ulong(), ctypes.c_ulong()
        rx, ry, wx, wy = ctypes.c_int(), ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        mask = ctypes.c_uint()
        same_screen = self._lib.XQueryPointer(self._dpy, self._root, ctypes.byref(root), ctypes.byref(child),
                                              ctypes.byref(rx), ctypes.byref(ry), ctypes.byref(wx),
                                              ctypes.byref(wy), ctypes.byref(mask))
        return (rx.value, ry.value) if same_screen else None

    def close(self) -> None:
        if self._dpy:
            self._lib.XCloseDisplay(self._dpy)
            self._dpy = None


def open_cursor_source() -> CursorSource:
    """The platform's cursor source; ``NoCursor`` when there is none (the recording goes on)."""
    if win32.IS_WINDOWS:
        return WindowsCursor()
    if os.environ.get("DISPLAY"):
        try:
            return X11Cursor()
        except OSError as exc:
            log.info("no cursor position on this display: %s", exc)
    return NoCursor()


Patch = tuple[int, int, int, int, np.ndarray]


def draw_cursor(frame: np.ndarray, x: int, y: int, scale: float | None = None) -> Patch | None:
    """Paint the arrow with its hot spot at (x, y) into a BGRA frame (H x W x 4, writable), clipped to
    the frame. Returns the covered pixels for ``restore``, or None when nothing was drawn."""
    factor = max(1, round(scale or 1))
    if factor not in _MASKS:
        _MASKS[factor] = _arrow_masks(factor)
    outline, fill = _MASKS[factor]
    height, width = frame.shape[:2]
    mh, mw = outline.shape
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + mw, width), min(y + mh, height)
    if x0 >= x1 or y0 >= y1:
        return None
    saved = frame[y0:y1, x0:x1].copy()
    target = frame[y0:y1, x0:x1]
    sub = (slice(y0 - y, y1 - y), slice(x0 - x, x1 - x))
    target[outline[sub]] = (0, 0, 0, 255)
    target[fill[sub]] = (255, 255, 255, 255)
    return y0, y1, x0, x1, saved


def restore(frame: np.ndarray, patch: Patch | None) -> None:
    """Put back the pixels ``draw_cursor`` covered."""
    if patch is not None:
        y0, y1, x0, x1, saved = patch
        frame[y0:y1, x0:x1] = saved
