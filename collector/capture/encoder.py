"""Video files for recordings: PyAV (FFmpeg) encoding with wall-clock timestamps.

``VideoWriter`` takes BGRA frames with their time in milliseconds and writes a file that is playable
at every moment: fragmented MP4 (a fragment per keyframe, keyframes at most 2 s apart) or WebM
(clusters of at most 2 s). ``finalize`` rewrites it on a clean stop with its index at the front.

Time bases (SPEC §7): frames carry a constant ``Fraction(1, 1000)`` time base with millisecond pts,
the codec context uses the same, and the stream's time base is left to the muxer (the mp4 muxer
rewrites it; assigning it to frames gives "non monotonically increasing dts").
"""

from __future__ import annotations

import errno
import io
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.video.frame import PictureType

from collector.capture.monitors import fit_inside
from collector.capture.salvage import trim_incomplete_tail
from collector.core import atomic

log = logging.getLogger(__name__)

MS = Fraction(1, 1000)
KEYFRAME_INTERVAL_MS = 2000  # SPEC §4.9: keyframes at most 2 s apart
# FFmpeg's I/O buffer for the recording. Larger than a fragment, so that each fragment reaches the file
# in one write(): a process killed between two writes never leaves half a fragment behind.
IO_BUFFER_SIZE = 8 * 2**20

# errno values that mean "the disk (or the user's quota) is full"
DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


@dataclass(frozen=True)
class Codec:
    key: str
    encoder: str
    format: str
    extension: str
    options: dict[str, str]
    recording_options: dict[str, str]  # container options while recording (kill-safe)
    final_options: dict[str, str] = field(default_factory=dict)  # container options of the clean rewrite
    bit_rate: int | None = None


# Presets and quality chosen by measurement (tests/benchmarks/bench_capture.py --choose: the same 50
# busy 1920x1080 frames at 10 fps, CPU per frame, bytes per frame, luma PSNR; text checked by eye):
#   x264 zerolatency  superfast crf30  9.2 ms 42 KB 35.8 dB | veryfast crf26 11.7 ms 44 KB 38.0 dB
#                     veryfast crf30  11.7 ms 35 KB 34.3 dB | faster crf30   18.6 ms 33 KB 35.1 dB
#   x264 veryfast crf30 with lookahead/B-frames: 18.3 ms 40 KB 34.3 dB (zerolatency is better here)
#   vp9 realtime      cpu-used=8 crf40 22.8 ms 61 KB 37.4 dB | cpu-used=8 crf44 21.4 ms 53 KB 35.0 dB
#                     cpu-used=7 crf44 32.3 ms 48 KB 35.4 dB
# veryfast is the knee of x264's curve (same bytes as superfast at +2 dB; "faster" costs +60 % CPU for
# ~1 dB); CRF 30 keeps small text crisp (34 starts ringing around glyphs). VP9 crf 44 matches that
# quality; cpu-used 8 because VP9 already costs twice the CPU of x264.
CODECS: dict[str, Codec] = {
    "h264": Codec(
        key="h264", encoder="libx264", format="mp4", extension=".mp4",
        # zerolatency: no lookahead, no B-frames, sliced threads -> every frame leaves the encoder
        # at once, so the file on disk is never more than one fragment behind the screen.
        options={"preset": "veryfast", "crf": "30", "tune": "zerolatency"},
        recording_options={"movflags": "frag_keyframe+empty_moov+default_base_moof",
                           "flush_packets": "1"},
        final_options={"movflags": "faststart"},
    ),
    "vp9": Codec(
        key="vp9", encoder="libvpx-vp9", format="webm", extension=".webm",
        options={"deadline": "realtime", "cpu-used": "8", "crf": "44", "row-mt": "1",
                 "lag-in-frames": "0", "tile-columns": "2"},
        recording_options={"cluster_time_limit": str(KEYFRAME_INTERVAL_MS), "flush_packets": "1"},
        bit_rate=0,  # with crf: constant quality
    ),
}


def codec_for(key: str) -> Codec:
    try:
        return CODECS[key]
    except KeyError:
        raise ValueError(f"unknown codec {key!r}") from None


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in DISK_FULL_ERRNOS


class CountingFile(io.RawIOBase):
    """The recording's file: unbuffered (what FFmpeg hands over reaches the OS at once, so a killed
    process keeps it) and counting the bytes on disk."""

    def __init__(self, path: str | os.PathLike) -> None:
        self._fh = open(path, "wb", buffering=0)  # noqa: SIM115 (closed by close())
        self.bytes_written = 0
        self._end = 0

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        while view:  # a raw write may be partial (a nearly full disk): the rest then raises ENOSPC
            n = self._fh.write(view)
            view = view[n:]
            self._end = max(self._end, self._fh.tell())
            self.bytes_written = self._end
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._fh.seek(offset, whence)

    def tell(self) -> int:
        return self._fh.tell()

    def close(self) -> None:
        if not self.closed:
            self._fh.close()
        super().close()


Opener = Callable[[Path], CountingFile]  # tests pass subclasses that inject faults


class VideoWriter:
    """One recording file. Not thread-safe: one thread writes, others may read the counters."""

    def __init__(self, path: str | os.PathLike, codec: str, width: int, height: int, fps: float,
                 opener: Opener = CountingFile) -> None:
        self.path = Path(path)
        self.codec = codec_for(codec)
        self.width, self.height = width, height
        self.encoded_bytes = 0
        self.frames = 0
        self.keyframes = 0
        self.last_pts: int | None = None
        self._last_key_pts: int | None = None
        self._key_slack = int(1000 / fps) if fps > 0 else 0
        self._file = opener(self.path)
        try:
            self._container = av.open(self._file, "w", format=self.codec.format,
                                      options=dict(self.codec.recording_options), buffer_size=IO_BUFFER_SIZE)
            stream = self._container.add_stream(self.codec.encoder, rate=Fraction(fps).limit_denominator(1000),
                                                options=dict(self.codec.options))
            assert isinstance(stream, av.VideoStream)  # a video encoder gives a video stream
            stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
            ctx = stream.codec_context
            ctx.time_base = MS
            # Keyframes are placed by time (keyframe_due). The encoder's own frame-count limit is set
            # well beyond, so that it adds none of its own: x264 grows its scene-cut bias as a GOP
            # nears that limit and would put extra keyframes just before each 2 s mark.
            ctx.gop_size = 4 * max(1, int(fps * KEYFRAME_INTERVAL_MS / 1000))
            ctx.colorspace, ctx.color_primaries, ctx.color_trc, ctx.color_range = 1, 1, 1, 1  # BT.709, limited
            if self.codec.bit_rate is not None:
                ctx.bit_rate = self.codec.bit_rate
            self._stream = stream
        except BaseException:
            self._file.close()
            self.path.unlink(missing_ok=True)
            raise
        self._closed = False

    @property
    def bytes_written(self) -> int:
        """Bytes on disk now (the file may trail the encoder by up to one fragment)."""
        return getattr(self._file, "bytes_written", 0)

    def keyframe_due(self, pts_ms: int) -> bool:
        """True when a frame at ``pts_ms`` must be a keyframe: the next one, a frame interval later,
        would come more than 2 s after the last keyframe."""
        return self._last_key_pts is None or pts_ms - self._last_key_pts > KEYFRAME_INTERVAL_MS - self._key_slack

    def write(self, frame: av.VideoFrame, pts_ms: int, closing: bool = False) -> None:
        """Encode a yuv420p frame (``to_frame``) shown from ``pts_ms`` on; it may be sent again later
        with a new time (an unchanged screen). The ``closing`` frame, the last picture repeated at the
        stop time so that the video lasts as long as the recording, is never made a keyframe: nothing
        follows it."""
        if self.last_pts is not None and pts_ms <= self.last_pts:
            pts_ms = self.last_pts + 1
        frame.pts = pts_ms
        frame.time_base = MS
        key = not closing and self.keyframe_due(pts_ms)
        frame.pict_type = PictureType.I if key else PictureType.NONE
        self._mux(self._stream.encode(frame))
        self.frames += 1
        self.last_pts = pts_ms

    def _mux(self, packets) -> None:
        for packet in packets:
            if packet.is_keyframe:
                self.keyframes += 1
                if packet.pts is not None:
                    self._last_key_pts = int(packet.pts * packet.time_base * 1000)
            self.encoded_bytes += packet.size
            self._container.mux(packet)

    def close(self) -> None:
        """Flush the encoder and write the trailer. Raises what writing raised (disk full...)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._mux(self._stream.encode(None))
            self._container.close()
        finally:
            self._file.close()

    def abort(self) -> None:
        """Close after a failure, keeping whatever already reached the disk, cut after its last complete
        fragment (a full disk leaves half a fragment at the end)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._container.close()
        except Exception as exc:  # the trailer may not fit either
            log.info("closing the recording after a failure: %s", exc)
        finally:
            self._file.close()
        try:
            trim_incomplete_tail(self.path, self.codec.format)
        except OSError as exc:
            log.info("could not trim %s: %s", self.path, exc)


class FrameConverter:
    """BGRA screen grabs -> yuv420p frames of the video's size (scaled down, or letterboxed when the
    monitor's resolution changed during the recording)."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height

    def to_frame(self, bgra: np.ndarray) -> av.VideoFrame:
        src_h, src_w = bgra.shape[:2]
        frame = av.VideoFrame.from_numpy_buffer(bgra, format="bgra")
        if (src_w, src_h) == (self.width, self.height):
            return frame.reformat(format="yuv420p", dst_colorspace="ITU709")
        # same aspect ratio (up to rounding to even sizes): plain scaling
        if abs(src_w / src_h - self.width / self.height) < 0.01:
            return frame.reformat(self.width, self.height, "yuv420p", dst_colorspace="ITU709",
                                  interpolation="AREA")
        x, y, w, h = fit_inside(src_w, src_h, self.width, self.height)
        canvas = np.zeros((self.height, self.width, 4), np.uint8)
        scaled = frame.reformat(w, h, "bgra", interpolation="AREA").to_ndarray()
        canvas[y:y + h, x:x + w] = scaled[:, :w]
        return av.VideoFrame.from_numpy_buffer(canvas, format="bgra").reformat(
            format="yuv420p", dst_colorspace="ITU709")


def finalize(path: str | os.PathLike, codec: str) -> None:
    """Rewrite a finished recording with its index at the front (MP4 ``faststart``; WebM cues reserved
    at the start), replacing the file atomically. On failure the kill-safe file stays as it was."""
    path = Path(path)
    spec = codec_for(codec)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.final")
    try:
        with av.open(str(path)) as src:
            video = src.streams.video[0]
            options = dict(spec.final_options)
            if spec.format == "webm":
                # cues: a few dozen bytes per keyframe (at most one every 2 s), with room to spare
                duration_s = float(src.duration or 0) / av.time_base
                options["reserve_index_space"] = str(4096 + 64 * int(duration_s / 2 + 1))
            with av.open(str(tmp), "w", format=spec.format, options=options) as dst:
                out = dst.add_stream_from_template(video)
                for packet in src.demux(video):
                    if packet.dts is None:  # the demuxer's flush packet
                        continue
                    packet.stream = out
                    dst.mux(packet)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        atomic.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
