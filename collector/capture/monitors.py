"""Monitor layout: geometry, selection and the layout record kept in the manifest.

Pure logic, no screen access: the layout comes from mss (``screens.list_monitors``) or is injected by
tests and by the wizard. Coordinates are those of the virtual desktop in physical pixels (the process
is made DPI-aware before the first capture, see ``win32.ensure_dpi_aware``); a monitor left of or
above the primary one has negative ``left``/``top``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from collector.core.errors import UsageError

#: Recordings wider than this are scaled down (SPEC §4.9).
MAX_RECORDING_WIDTH = 1920


@dataclass(frozen=True)
class Monitor:
    """One monitor. ``index`` is 1-based, as mss and the command line number them."""

    index: int
    left: int
    top: int
    width: int
    height: int
    primary: bool = False
    name: str | None = None
    scale: float | None = None  # 1.25 for 125 % scaling; None when the platform does not say

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def contains(self, x: int, y: int) -> bool:
        return self.left <= x < self.right and self.top <= y < self.bottom

    def overlap(self, left: int, top: int, width: int, height: int) -> int:
        """Area (pixels) of the intersection of this monitor with a rectangle."""
        w = min(self.right, left + width) - max(self.left, left)
        h = min(self.bottom, top + height) - max(self.top, top)
        return w * h if w > 0 and h > 0 else 0

    def region(self) -> dict[str, int]:
        """The region mss grabs for this monitor."""
        return {"left": self.left, "top": self.top, "width": self.width, "height": self.height}

    def to_local(self, x: int, y: int) -> tuple[int, int]:
        """Virtual-desktop coordinates -> coordinates inside this monitor (may fall outside)."""
        return x - self.left, y - self.top

    def as_dict(self) -> dict[str, object]:
        return {
            "index": self.index,
            "left": self.left,
            "top": self.top,
            "width": self.width,
            "height": self.height,
            "primary": self.primary,
            "name": self.name,
            "scale": self.scale,
        }


def from_mss(mss_monitors: Sequence[dict], scales: dict[int, float | None] | None = None) -> list[Monitor]:
    """Monitors from ``mss.MSS().monitors`` (entry 0, the union of all, is skipped).

    When no monitor is marked primary, the one at the origin (else the first) is taken as primary:
    that is what Windows and X11 do.
    """
    monitors = []
    for index, mon in enumerate(mss_monitors[1:], start=1):
        name = mon.get("name") or mon.get("output")
        monitors.append(Monitor(index=index, left=int(mon["left"]), top=int(mon["top"]),
                                width=int(mon["width"]), height=int(mon["height"]),
                                primary=bool(mon.get("is_primary", False)),
                                name=str(name) if name else None,
                                scale=(scales or {}).get(index)))
    if monitors and not any(m.primary for m in monitors):
        origin = next((m for m in monitors if m.left == 0 and m.top == 0), monitors[0])
        monitors = [_replace_primary(m, m is origin) for m in monitors]
    return monitors


def _replace_primary(mon: Monitor, primary: bool) -> Monitor:
    return Monitor(mon.index, mon.left, mon.top, mon.width, mon.height, primary, mon.name, mon.scale)


def select(monitors: Sequence[Monitor], indices: Iterable[int] | None) -> list[Monitor]:
    """The monitors the user chose (all when ``indices`` is None or empty), in the order given."""
    wanted = list(dict.fromkeys(indices or []))  # drop repeats, keep order
    if not wanted:
        return list(monitors)
    by_index = {m.index: m for m in monitors}
    unknown = [i for i in wanted if i not in by_index]
    if unknown:
        raise UsageError(f"monitor {unknown[0]} não existe; monitores disponíveis: {_available(monitors)}.")
    return [by_index[i] for i in wanted]


def _available(monitors: Sequence[Monitor]) -> str:
    return ", ".join(str(m.index) for m in monitors) or "nenhum"


def primary(monitors: Sequence[Monitor]) -> Monitor:
    if not monitors:
        raise ValueError("no monitors")
    return next((m for m in monitors if m.primary), monitors[0])


def monitor_at(monitors: Sequence[Monitor], x: int, y: int) -> Monitor | None:
    """The monitor holding a point of the virtual desktop (None in a gap between monitors)."""
    return next((m for m in monitors if m.contains(x, y)), None)


def monitor_for_rect(monitors: Sequence[Monitor], left: int, top: int, width: int, height: int) -> Monitor | None:
    """The monitor showing most of a window rectangle (None when it is on no monitor)."""
    best = max(monitors, key=lambda m: m.overlap(left, top, width, height), default=None)
    if best is None or best.overlap(left, top, width, height) == 0:
        return None
    return best


def recording_monitor(monitors: Sequence[Monitor], index: int | None = None,
                      window_rect: tuple[int, int, int, int] | None = None) -> Monitor:
    """The monitor to record: the chosen one, else the one showing RM (``window_rect``), else the primary."""
    if index is not None:
        return select(monitors, [index])[0]
    if window_rect is not None:
        found = monitor_for_rect(monitors, *window_rect)
        if found is not None:
            return found
    return primary(monitors)


def virtual_bounds(monitors: Sequence[Monitor]) -> dict[str, int]:
    """The rectangle enclosing every monitor (the virtual desktop)."""
    if not monitors:
        return {"left": 0, "top": 0, "width": 0, "height": 0}
    left = min(m.left for m in monitors)
    top = min(m.top for m in monitors)
    return {"left": left, "top": top,
            "width": max(m.right for m in monitors) - left,
            "height": max(m.bottom for m in monitors) - top}


def recording_size(width: int, height: int, max_width: int = MAX_RECORDING_WIDTH) -> tuple[int, int]:
    """Encoded size of a ``width`` x ``height`` monitor: scaled down only above ``max_width``, aspect kept,
    both sides even (yuv420p needs it)."""
    if width <= 0 or height <= 0:
        raise ValueError(f"bad monitor size {width}x{height}")
    if width > max_width:
        height = round(height * max_width / width)
        width = max_width
    return max(2, width - width % 2), max(2, height - height % 2)


def fit_inside(width: int, height: int, box_width: int, box_height: int) -> tuple[int, int, int, int]:
    """Where a ``width`` x ``height`` image goes, aspect kept, centred in a box: (x, y, w, h), even sizes.

    Used when the monitor's resolution changes during a recording: the video keeps its size and the
    new picture is letterboxed into it.
    """
    ratio = min(box_width / width, box_height / height)
    w = max(2, int(width * ratio) // 2 * 2)
    h = max(2, int(height * ratio) // 2 * 2)
    return (box_width - w) // 2, (box_height - h) // 2, w, h


def layout_dict(monitors: Sequence[Monitor], dpi_awareness: str | None = None) -> dict[str, object]:
    """The monitor layout as recorded in the manifest. ``dpi_awareness`` is the process's awareness
    on Windows (``per_monitor``, ``system``, ``unaware``), None elsewhere."""
    return {
        "monitors": [m.as_dict() for m in monitors],
        "virtual_desktop": virtual_bounds(monitors),
        "primary": primary(monitors).index if monitors else None,
        "dpi_awareness": dpi_awareness,
    }


def control_position(monitors: Sequence[Monitor], recorded: Monitor | None, size: tuple[int, int],
                     excluded: bool, margin: int = 24) -> tuple[int, int, bool]:
    """Where the floating recording control goes: ``(x, y, visible_in_recording)``.

    Excluded from capture (Windows 10 2004+): top-right corner of the recorded monitor. Otherwise
    (older Windows, Server 2016/2019 RemoteApp hosts, other platforms) on another monitor when there is
    one, so it stays out of the file; with a single monitor it must stay on the recorded one, and the
    caller tells the user it will appear in the recording."""
    width, height = size
    target = recorded or (primary(monitors) if monitors else None)
    in_recording = False
    if not excluded and target is not None:
        others = [m for m in monitors if m != target and m.overlap(target.left, target.top,
                                                                  target.width, target.height) == 0]
        if others:
            target = next((m for m in others if m.primary), others[0])
        else:
            in_recording = True
    if target is None:
        return margin, margin, not excluded
    return target.right - width - margin, target.top + margin, in_recording
