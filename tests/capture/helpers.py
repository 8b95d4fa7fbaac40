"""Helpers for capture tests: real X clients drawing on Xvfb, video inspection, fakes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from collector.capture.monitors import Monitor

SCREEN_APP = Path(__file__).with_name("screen_app.py")


def xvfb_env(display: str) -> dict[str, str]:
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    env.pop("WAYLAND_DISPLAY", None)
    return env


@contextmanager
def run_screen_app(display: str, *args: str, timeout: float = 30.0) -> Iterator[subprocess.Popen]:
    """Start ``screen_app.py`` on ``display`` and wait until its content is on screen."""
    proc = subprocess.Popen([sys.executable, str(SCREEN_APP), *args], env=xvfb_env(display),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + timeout
        line = proc.stdout.readline()
        while line.strip() != "ready":
            if not line or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"screen_app did not start: {proc.stderr.read()[-2000:]}")
            line = proc.stdout.readline()
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        proc.stdout.close()
        proc.stderr.close()


def pattern_spec(rects: list[tuple[tuple[int, int, int, int], tuple[int, int, int]]],
                 size=(1920, 1080), background=(40, 40, 40)) -> str:
    return json.dumps({"size": list(size), "background": list(background),
                       "rects": [{"rect": list(r), "color": list(c)} for r, c in rects]})


SMALL_LAYOUT = [Monitor(1, 0, 0, 320, 240, primary=True)]
TWO_MONITORS = [Monitor(1, 0, 0, 1920, 1080, primary=True, name="left"),
                Monitor(2, 1920, 0, 1920, 1080, name="right")]


@contextmanager
def x_connection(display: str) -> Iterator[None]:
    """Hold a connection to an X server. Xvfb resets when its last client leaves, and a client that
    connects during the reset is refused: tests keep one connection open so that never happens."""
    import ctypes
    import ctypes.util

    lib = ctypes.CDLL(ctypes.util.find_library("X11"))
    lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    lib.XOpenDisplay.restype = ctypes.c_void_p
    lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    handle = None
    deadline = time.monotonic() + 10
    while not handle:
        handle = lib.XOpenDisplay(display.encode())
        if not handle:
            if time.monotonic() > deadline:
                raise RuntimeError(f"cannot connect to X display {display}")
            time.sleep(0.05)
    try:
        yield
    finally:
        lib.XCloseDisplay(handle)


def decode_png(path: Path) -> np.ndarray:
    import av

    with av.open(str(path)) as container:
        frame = next(container.decode(video=0))
        return frame.to_ndarray(format="rgb24")


def wait_for_pixel(display: str, x: int, y: int, rgb: tuple[int, int, int], timeout: float = 10.0) -> None:
    """Poll the screen until (x, y) shows ``rgb`` (the X client may still be painting)."""
    import mss

    old = os.environ.get("DISPLAY")
    os.environ["DISPLAY"] = display
    try:
        with mss.MSS() as sct:
            deadline = time.monotonic() + timeout
            while True:
                if sct.grab({"left": x, "top": y, "width": 1, "height": 1}).pixel(0, 0) == rgb:
                    return
                if time.monotonic() > deadline:
                    raise AssertionError(f"pixel {rgb} never appeared at ({x}, {y}) on {display}")
                time.sleep(0.05)
    finally:
        if old is None:
            os.environ.pop("DISPLAY", None)
        else:
            os.environ["DISPLAY"] = old


def decoded(path: Path) -> Iterator:
    """Decoded frames of a video file (PyAV), one at a time."""
    import av

    with av.open(str(path)) as container:
        yield from container.decode(video=0)


def video_info(path: Path) -> dict:
    """Frames, times of frames and keyframes, size and duration of a video, by decoding it."""
    times, keys, size = [], [], None
    for frame in decoded(path):
        times.append(float(frame.time))
        if frame.key_frame:
            keys.append(float(frame.time))
        size = (frame.width, frame.height)
    return {"frames": len(times), "times": times, "keys": keys, "size": size,
            "last": times[-1] if times else None}


def top_level_boxes(path: Path) -> list[str]:
    """The top-level MP4 boxes, in file order."""
    boxes = []
    with open(path, "rb") as fh:
        while header := fh.read(8):
            if len(header) < 8:
                break
            size, kind = int.from_bytes(header[:4], "big"), header[4:].decode("latin-1")
            if size == 1:
                size = int.from_bytes(fh.read(8), "big")
                fh.seek(size - 16, 1)
            elif size == 0:
                boxes.append(kind)
                break
            else:
                fh.seek(size - 8, 1)
            boxes.append(kind)
    return boxes


class FakeSource:
    """Frames from a function of time; the layout can be changed by the test while recording."""

    def __init__(self, layout: list[Monitor], paint: Callable[[Monitor, float], np.ndarray] | None = None,
                 grab_delay: float = 0.0) -> None:
        self.layout = list(layout)
        self.paint = paint or (lambda m, t: np.full((m.height, m.width, 4), 90, np.uint8))
        self.grab_delay = grab_delay
        self.fail_next = 0
        self.grabs = 0
        self.closed = False
        self._t0 = time.monotonic()

    def monitors(self) -> list[Monitor]:
        return list(self.layout)

    def grab(self, monitor: Monitor) -> bytearray:
        if self.grab_delay:
            time.sleep(self.grab_delay)
        if self.fail_next:
            self.fail_next -= 1
            raise OSError("screen changed")
        self.grabs += 1
        return bytearray(self.paint(monitor, time.monotonic() - self._t0).tobytes())

    def close(self) -> None:
        self.closed = True


class FakeCursor:
    def __init__(self, position: tuple[int, int] | None = None) -> None:
        self.pos = position

    def position(self) -> tuple[int, int] | None:
        return self.pos

    def close(self) -> None:
        pass


def solid(rgb: tuple[int, int, int]) -> Callable[[Monitor, float], np.ndarray]:
    def paint(m: Monitor, t: float) -> np.ndarray:
        frame = np.empty((m.height, m.width, 4), np.uint8)
        frame[..., 0], frame[..., 1], frame[..., 2], frame[..., 3] = rgb[2], rgb[1], rgb[0], 255
        return frame

    return paint


def noise(m: Monitor, t: float) -> np.ndarray:
    return np.random.default_rng().integers(0, 256, (m.height, m.width, 4), np.uint8)


COLOURS = [(220, 30, 30), (30, 200, 30), (30, 30, 220)]  # RGB: 2 s of each in ``coloured_recording``


def coloured_recording(path: Path, codec: str = "h264", size: tuple[int, int] = (640, 360)) -> Path:
    """A real 6-second recording (the recorder's encoder, finalized): red, then green, then blue."""
    from collector.capture.encoder import FrameConverter, VideoWriter, finalize

    writer = VideoWriter(path, codec, *size, 10)
    converter = FrameConverter(*size)
    for t in range(0, 6000, 100):
        frame = np.zeros((size[1], size[0], 4), np.uint8)
        frame[:, :, :3] = COLOURS[t // 2000][::-1]  # BGRA
        writer.write(converter.to_frame(frame), t)
    writer.close()
    finalize(path, codec)
    return path
