"""A few pictures of a recording, evenly spread over its length: the review page's preview strip
(issue 16), so the user sees what the video shows before sending it.

Decoding seeks to each moment (the keyframe before it, then decodes forward to the moment: keyframes
are at most 2 s apart in our recordings), so the cost does not grow with the video's length. A file
that cannot be decoded gives what was read before the problem, never an exception of PyAV's.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Still:
    """One picture: its moment in seconds and its pixels (RGB, ``width * 3`` bytes per line)."""

    seconds: float
    width: int
    height: int
    rgb: bytes


def _scaled(width: int, height: int, max_width: int, max_height: int) -> tuple[int, int]:
    ratio = min(max_width / width, max_height / height, 1.0)
    return max(2, round(width * ratio) // 2 * 2), max(2, round(height * ratio) // 2 * 2)


def stills(path: str | os.PathLike[str], count: int = 4, max_width: int = 240, max_height: int = 160) -> list[Still]:
    """``count`` pictures of the recording at ``path``, at 1/(2·count), 3/(2·count)… of its length,
    scaled to fit ``max_width`` x ``max_height``."""
    import av  # start-up: only the review of a recording needs the decoder

    out: list[Still] = []
    try:
        with av.open(os.fspath(path)) as container:
            if not container.streams.video:
                return out
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            if container.duration:
                duration = container.duration / av.time_base
            elif stream.duration and stream.time_base:
                duration = float(stream.duration * stream.time_base)
            else:
                duration = 0.0
            moments = [duration * (2 * i + 1) / (2 * count) for i in range(count)] if duration > 0 else [0.0]
            for moment in moments:
                container.seek(int(moment * av.time_base), backward=True, any_frame=False)
                chosen = None
                for frame in container.decode(stream):
                    chosen = frame
                    if frame.time is None or frame.time >= moment:
                        break
                if chosen is None:
                    continue
                w, h = _scaled(chosen.width, chosen.height, max_width, max_height)
                picture = chosen.reformat(w, h, "rgb24", interpolation="AREA").to_ndarray()
                out.append(Still(float(chosen.time or moment), w, h, picture.tobytes()))
    except (av.FFmpegError, OSError, ValueError) as exc:
        log.warning("recording %s: no preview beyond %d pictures: %s", path, len(out), exc)
    return out
