"""Screenshots: every monitor (or the chosen ones), full resolution, uncropped, one PNG each.

    shots = capture_screenshots(out_dir)            # all monitors
    shots = capture_screenshots(out_dir, [2])       # monitor 2 only
    layout = layout_dict(list_monitors())           # for the manifest

All monitors are grabbed first, one right after the other (the same moment on every screen), then the
PNGs are compressed in parallel (zlib releases the GIL) and written atomically (temporary file, then
rename), so a reader never sees half a PNG. Hiding the collector's own windows is the UI's job: it
hides them and passes ``delay`` so the compositor has repainted what was under them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import mss
import mss.tools
from mss.screenshot import ScreenShot

from collector.capture import monitors as mon
from collector.capture import win32
from collector.capture.monitors import Monitor
from collector.core.atomic import atomic_write_bytes
from collector.core.errors import CollectorError

log = logging.getLogger(__name__)

PNG_LEVEL = 6  # zlib level: ~40 ms for a busy 1920x1080 screen here, level 3 is 2.5 % larger for half


class NoScreenError(CollectorError):
    """There is no screen to capture (no desktop session, no DISPLAY)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("Nenhuma tela disponível para capturar: esta sessão não tem área de trabalho gráfica"
                         + (f" ({detail})." if detail else "."))


class CaptureError(CollectorError):
    """The screen was there but could not be read."""


@dataclass(frozen=True)
class Shot:
    """One screenshot written to disk."""

    path: Path
    monitor: Monitor
    width: int
    height: int
    size: int  # bytes of the PNG
    sha256: str

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path.name, "monitor": self.monitor.index, "width": self.width,
                "height": self.height, "left": self.monitor.left, "top": self.monitor.top,
                "size": self.size, "sha256": self.sha256}


def open_mss():
    """An ``mss.MSS`` instance, the process made DPI-aware first; ``NoScreenError`` without a screen."""
    win32.ensure_dpi_aware()
    if os.name == "posix" and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        raise NoScreenError("DISPLAY não definido")
    try:
        return mss.MSS()
    except mss.ScreenShotError as exc:
        raise NoScreenError(_short(exc)) from exc


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__


def monitors_of(sct) -> list[Monitor]:
    """The monitor layout as an open ``mss.MSS`` sees it, with each monitor's scale where known."""
    try:
        raw = sct.monitors
    except mss.ScreenShotError as exc:
        raise NoScreenError(_short(exc)) from exc
    scales = {i: win32.monitor_scale(m["left"], m["top"], m["width"], m["height"])
              for i, m in enumerate(raw[1:], start=1)}
    return mon.from_mss(raw, scales)


def list_monitors() -> list[Monitor]:
    """Every monitor of this session."""
    with open_mss() as sct:
        return monitors_of(sct)


def layout_dict(monitors: Sequence[Monitor] | None = None) -> dict[str, object]:
    """The layout of the monitors (positions, sizes, scale) for the manifest."""
    if monitors is None:
        monitors = list_monitors()
    return mon.layout_dict(monitors, win32.ensure_dpi_aware())


def default_prefix() -> str:
    return "screenshot-" + datetime.now().strftime("%Y%m%d-%H%M%S")


def capture_screenshots(out_dir: str | os.PathLike, monitors: Iterable[int] | None = None, *,
                        prefix: str | None = None, delay: float = 0.0,
                        layout: Sequence[Monitor] | None = None, level: int = PNG_LEVEL) -> list[Shot]:
    """Capture the chosen monitors (all by default) into ``out_dir`` as ``<prefix>-monitor<N>.png``.

    ``layout`` replaces the layout reported by the system (tests, or a layout the UI already listed);
    ``monitors`` are 1-based indices into it. Raises ``NoScreenError``, ``UsageError`` for an unknown
    monitor, ``CaptureError`` when the screen cannot be read or the files cannot be written.
    """
    if delay > 0:
        time.sleep(delay)
    out = Path(out_dir)
    prefix = prefix or default_prefix()
    with open_mss() as sct:
        chosen = mon.select(layout if layout is not None else monitors_of(sct), monitors)
        try:
            grabs = [(m, sct.grab(m.region())) for m in chosen]
        except mss.ScreenShotError as exc:
            raise CaptureError(f"Não foi possível ler a tela: {_short(exc)}") from exc
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CaptureError(f"Não foi possível criar a pasta {out}: {exc.strerror or exc}") from exc

    def write(item: tuple[Monitor, ScreenShot]) -> Shot:
        monitor, grab = item
        png = mss.tools.to_png(grab.rgb, grab.size, level=level)
        assert png is not None  # without an output path, to_png returns the PNG's bytes
        path = out / f"{prefix}-monitor{monitor.index}.png"
        atomic_write_bytes(path, png)
        return Shot(path=path, monitor=monitor, width=grab.width, height=grab.height, size=len(png),
                    sha256=hashlib.sha256(png).hexdigest())

    with ThreadPoolExecutor(max_workers=min(4, len(grabs)) or 1) as pool:
        try:
            return list(pool.map(write, grabs))
        except OSError as exc:
            raise CaptureError(f"Não foi possível gravar a captura em {out}: {exc.strerror or exc}") from exc
