"""Screen recording of one monitor: frames from mss in a worker thread, encoded by PyAV.

    rec = Recorder("gravacao.mp4", monitor=None, fps=5, on_progress=cb, on_error=cb, on_finished=cb)
    rec.start()          # raises CollectorError at once when there is no screen, bad path...
    rec.pause(); rec.resume()
    result = rec.stop()  # blocks until the file is finished; stop(wait=False) returns at once

Callbacks run on the recording thread (the wizard re-emits them as Qt signals); an exception in a
callback is logged and ignored. ``elapsed``, ``size``, ``achieved_fps`` and ``status()`` can be read
from any thread.

How the time stays right: every frame is stamped with the wall-clock time since the start (pauses cut
out), in milliseconds. When the machine cannot hold the requested rate, ticks are skipped (counted in
``frames_dropped``) and the frames that are taken keep their real times. A frame identical to the
previous one (same pixels, same cursor position) is not encoded: the previous one stays on screen;
only when a keyframe is due (every 2 s at most) is the last picture sent again, so a quiet screen
costs one small keyframe every two seconds and the file on disk never trails the screen by more than
that. A clean stop sends the last picture once more at the stop time, so the video lasts as long as
the recording did.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal, Protocol

import av
import numpy as np

from collector.capture import monitors as mon
from collector.capture import win32
from collector.capture.cursor import CursorSource, draw_cursor, open_cursor_source, restore
from collector.capture.encoder import (
    CountingFile,
    FrameConverter,
    Opener,
    VideoWriter,
    codec_for,
    finalize,
    is_disk_full,
)
from collector.capture.monitors import Monitor
from collector.core.errors import CollectorError, UsageError

log = logging.getLogger(__name__)

DEFAULT_FPS = 5
DEFAULT_MAX_DURATION = 600.0  # seconds
DEFAULT_MAX_BYTES = 45 * 2**20
SHARED_SERVER_FPS_CAP = 5
MAX_FPS = 60
GRAB_FAILURE_LIMIT = 10.0  # seconds of failing grabs before the recording gives up

# states
IDLE, RECORDING, PAUSED, STOPPING, STOPPED = "idle", "recording", "paused", "stopping", "stopped"

# stop reasons
StopReason = Literal["user", "max_duration", "max_size", "disk_full", "error"]
USER: StopReason = "user"
MAX_DURATION: StopReason = "max_duration"
MAX_SIZE: StopReason = "max_size"
DISK_FULL: StopReason = "disk_full"
ERROR: StopReason = "error"


class FrameSource(Protocol):
    """Where frames come from (mss; tests inject others). Created and used on the recording thread."""

    def monitors(self) -> list[Monitor]:
        """The current monitor layout, read again (the resolution may have changed)."""

    def grab(self, monitor: Monitor) -> bytes | bytearray:
        """BGRA pixels of the monitor, ``width * height * 4`` bytes, row after row."""

    def close(self) -> None: ...


class MssSource:
    """Frames from mss. ``layout`` replaces the system's monitor layout (tests on a wide Xvfb)."""

    def __init__(self, layout: Sequence[Monitor] | None = None) -> None:
        from collector.capture.screens import open_mss

        self._open = open_mss
        self._layout = list(layout) if layout is not None else None
        self._sct = open_mss()

    def monitors(self) -> list[Monitor]:
        from collector.capture.screens import monitors_of

        if self._layout is not None:
            return list(self._layout)
        # mss caches the layout for the life of its connection: a new one sees a changed resolution
        fresh = self._open()
        self._sct.close()
        self._sct = fresh
        return monitors_of(fresh)

    def grab(self, monitor: Monitor) -> bytearray:
        return self._sct.grab(monitor.region()).raw

    def close(self) -> None:
        self._sct.close()


class _Stop(Exception):  # noqa: N818 (control flow, not an error type)
    def __init__(self, reason: StopReason, message: str | None = None) -> None:
        super().__init__(message or reason)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class RecordingStatus:
    state: str
    elapsed: float  # seconds recorded (pauses excluded)
    size: int  # bytes, the file as it will be
    frames_captured: int
    frames_encoded: int
    frames_dropped: int
    achieved_fps: float


@dataclass(frozen=True)
class RecordingResult:
    path: Path
    codec: str
    monitor: Monitor
    width: int  # of the video (scaled down above 1920 wide)
    height: int
    duration: float
    size: int
    requested_fps: float
    achieved_fps: float
    frames_captured: int
    frames_encoded: int
    frames_dropped: int
    stop_reason: StopReason
    finalized: bool  # index at the front; False: still in its kill-safe fragmented form (still playable)
    error: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.stop_reason in (USER, MAX_DURATION, MAX_SIZE) and self.frames_encoded > 0

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["path"] = self.path.name
        data["monitor"] = self.monitor.as_dict()
        data["warnings"] = list(self.warnings)
        return data


def format_clock(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


@dataclass(frozen=True)
class _SetUp:
    source: FrameSource
    monitor: Monitor
    converter: FrameConverter
    writer: VideoWriter


class Recorder:
    """Records one monitor into ``out_path`` (see the module docstring)."""

    def __init__(self, out_path: str | os.PathLike, monitor: int | None = None, fps: float = DEFAULT_FPS,
                 codec: str = "h264", max_duration: float = DEFAULT_MAX_DURATION,
                 max_bytes: int = DEFAULT_MAX_BYTES,
                 on_progress: Callable[[RecordingStatus], None] | None = None,
                 on_error: Callable[[str], None] | None = None,
                 on_finished: Callable[[RecordingResult], None] | None = None, *,
                 window_rect: tuple[int, int, int, int] | None = None,
                 layout: Sequence[Monitor] | None = None,
                 source_factory: Callable[[], FrameSource] | None = None,
                 cursor_factory: Callable[[], CursorSource] = open_cursor_source,
                 opener: Opener = CountingFile,
                 progress_interval: float = 0.5, layout_check_interval: float = 2.0) -> None:
        codec_for(codec)  # ValueError for an unknown codec
        if not 0 < fps <= MAX_FPS:
            raise UsageError(f"taxa de quadros inválida: {fps:g} (use de 1 a {MAX_FPS}).")
        if max_duration <= 0:
            raise UsageError("a duração máxima da gravação deve ser maior que zero.")
        if max_bytes <= 0:
            raise UsageError("o tamanho máximo da gravação deve ser maior que zero.")
        self.path = Path(out_path)
        self.codec = codec
        self.requested_fps = float(fps)
        self.warnings: list[str] = []
        if win32.is_remote_session() and fps > SHARED_SERVER_FPS_CAP:
            fps = SHARED_SERVER_FPS_CAP
            self.warnings.append(f"Servidor compartilhado: gravação limitada a {SHARED_SERVER_FPS_CAP} quadros/s.")
        self.fps = float(fps)
        self.max_duration = float(max_duration)
        self.max_bytes = int(max_bytes)
        self._monitor_index = monitor
        self._window_rect = window_rect
        self._source_factory = source_factory or (lambda: MssSource(layout))
        self._cursor_factory = cursor_factory
        self._opener = opener
        self._progress_interval = progress_interval
        self._layout_check_interval = layout_check_interval
        self._on_progress, self._on_error, self._on_finished = on_progress, on_error, on_finished

        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop_requested = threading.Event()
        self._started = threading.Event()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_error: BaseException | None = None
        self._state = IDLE
        self._t0 = 0.0
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._stopped_at: float | None = None
        self.frames_captured = 0
        self.frames_dropped = 0
        self.monitor: Monitor | None = None
        self.result: RecordingResult | None = None
        self._writer: VideoWriter | None = None
        self._source: FrameSource | None = None
        self._cursor: CursorSource | None = None
        self._converter: FrameConverter | None = None
        self._max_packet = 0
        self._prev_raw: bytes | bytearray | None = None
        self._prev_cursor: tuple[int, int] | None = None
        self._last_frame: av.VideoFrame | None = None

    # ----------------------------------------------------------------- control (any thread)

    def start(self) -> None:
        """Start recording. Raises ``CollectorError`` (no screen, unknown monitor, file not writable)."""
        with self._lock:
            if self._state != IDLE:
                raise RuntimeError("recorder already started")
            self._state = STOPPING  # until the thread is set up
        self._thread = threading.Thread(target=self._run, name="collector-recorder", daemon=False)
        self._thread.start()
        self._started.wait()
        if self._start_error is not None:
            self._thread.join()
            err = self._start_error
            if isinstance(err, CollectorError):
                raise err
            if isinstance(err, OSError):
                raise CollectorError(f"Não foi possível criar a gravação {self.path}: {err.strerror or err}") from err
            raise CollectorError(f"Não foi possível iniciar a gravação: {type(err).__name__}: {err}") from err

    def pause(self) -> None:
        with self._lock:
            if self._state == RECORDING:
                self._state = PAUSED
                self._paused_at = time.monotonic()
        self._wake.set()

    def resume(self) -> None:
        with self._lock:
            if self._state == PAUSED and self._paused_at is not None:
                self._paused_total += time.monotonic() - self._paused_at
                self._paused_at = None
                self._state = RECORDING
        self._wake.set()

    def stop(self, wait: bool = True, timeout: float | None = None) -> RecordingResult | None:
        """Stop and finish the file. With ``wait`` (default) returns the result; the file is complete
        when it returns. Safe to call more than once and after the recording stopped by itself."""
        with self._lock:
            if self._state == IDLE:
                return None
            if self._stopped_at is None:
                self._stopped_at = time.monotonic()
        self._stop_requested.set()
        self._wake.set()
        if wait:
            self._done.wait(timeout)
        return self.result

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the recording to end (stop, limit or failure). True when it has ended."""
        return self._done.wait(timeout)

    @property
    def state(self) -> str:
        return self._state

    @property
    def elapsed(self) -> float:
        """Seconds recorded so far, pauses excluded."""
        if self._state == IDLE:
            return 0.0
        return min(self._active_seconds(time.monotonic()), self.max_duration)

    @property
    def size(self) -> int:
        """Bytes of the recording as it stands (what is on disk plus what the encoder has produced)."""
        if self.result is not None:
            return self.result.size
        writer = self._writer
        return max(writer.bytes_written, writer.encoded_bytes) if writer else 0

    @property
    def frames_encoded(self) -> int:
        writer = self._writer
        return writer.frames if writer else 0

    @property
    def achieved_fps(self) -> float:
        """Frames taken from the screen per recorded second (identical frames included)."""
        elapsed = self.elapsed
        return round(self.frames_captured / elapsed, 2) if elapsed > 0 else 0.0

    def status(self) -> RecordingStatus:
        return RecordingStatus(state=self._state, elapsed=round(self.elapsed, 3), size=self.size,
                               frames_captured=self.frames_captured, frames_encoded=self.frames_encoded,
                               frames_dropped=self.frames_dropped, achieved_fps=self.achieved_fps)

    # ----------------------------------------------------------------- the recording thread

    def _active_seconds(self, now: float) -> float:
        end = self._stopped_at if self._stopped_at is not None else now
        paused = self._paused_total
        if self._paused_at is not None:
            paused += end - self._paused_at
        return max(0.0, end - self._t0 - paused)

    def _set_up(self) -> _SetUp:
        """What ``_setup`` made; the recording thread uses these only after it succeeded."""
        source, monitor, converter, writer = self._source, self.monitor, self._converter, self._writer
        assert source is not None and monitor is not None and converter is not None and writer is not None
        return _SetUp(source, monitor, converter, writer)

    def _run(self) -> None:
        try:
            self._setup()
        except BaseException as exc:
            self._start_error = exc
            self._cleanup()
            self._state = STOPPED
            self._started.set()
            self._done.set()
            return
        self._started.set()
        reason, message = USER, None
        try:
            reason = self._loop()
        except _Stop as stop:
            reason, message = stop.reason, stop.message
        except Exception as exc:
            if is_disk_full(exc):
                reason = DISK_FULL
            else:
                log.debug("recording failed", exc_info=True)
                reason, message = ERROR, f"Erro na gravação: {type(exc).__name__}: {exc}"
        try:
            self._finish(reason, message)
        finally:
            self._cleanup()
            self._done.set()

    def _setup(self) -> None:
        self._source = self._source_factory()
        layout = self._source.monitors()
        if not layout:
            raise CollectorError("Nenhum monitor encontrado para gravar.")
        rect = self._window_rect
        if rect is None and self._monitor_index is None:
            rect = win32.rm_window_rect()  # SPEC §4.9: by default, the monitor showing RM
        self.monitor = mon.recording_monitor(layout, self._monitor_index, rect)
        width, height = mon.recording_size(self.monitor.width, self.monitor.height)
        self._converter = FrameConverter(width, height)
        try:
            self._cursor = self._cursor_factory()
        except OSError as exc:
            log.info("recording without a cursor: %s", exc)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = VideoWriter(self.path, self.codec, width, height, self.fps, opener=self._opener)
        # The first frame is taken here, so that start() fails at once when the screen cannot be read.
        try:
            raw = self._source.grab(self.monitor)
        except Exception as exc:
            raise CollectorError(f"Não foi possível capturar a tela: {exc}") from exc
        self._t0 = time.monotonic()
        self._take(raw, 0)
        with self._lock:
            self._state = RECORDING

    def _take(self, raw: bytes | bytearray, pts: int) -> None:
        """One frame from the screen at ``pts`` ms: encoded when it changed or a keyframe is due."""
        writer = self._set_up().writer
        self.frames_captured += 1
        cursor = self._cursor.position() if self._cursor else None
        changed = self._prev_raw is None or cursor != self._prev_cursor or raw != self._prev_raw
        if changed:
            self._last_frame = self._convert(raw, cursor)
            self._prev_raw, self._prev_cursor = raw, cursor
        if changed or writer.keyframe_due(pts):
            assert self._last_frame is not None  # the first frame always counts as changed
            before = writer.encoded_bytes
            writer.write(self._last_frame, pts)
            self._max_packet = max(self._max_packet, writer.encoded_bytes - before)

    def _loop(self) -> StopReason:
        interval = 1.0 / self.fps
        max_ms = int(self.max_duration * 1000)
        next_tick = self._t0 + interval
        next_layout_check = self._t0 + self._layout_check_interval
        next_progress = self._t0
        failing_since: float | None = None
        while not self._stop_requested.is_set():
            now = time.monotonic()
            if now >= next_progress:
                next_progress = now + self._progress_interval
                self._emit(self._on_progress, self.status())
            if self._state == PAUSED:
                self._wake.wait(min(0.25, self._progress_interval))
                self._wake.clear()
                next_tick = time.monotonic()
                continue
            if now < next_tick:
                self._wake.wait(next_tick - now)
                self._wake.clear()
                continue
            missed = int((now - next_tick) / interval)  # ticks the machine could not keep
            self.frames_dropped += missed
            tick = next_tick + missed * interval  # the latest tick due: frames sit on a regular grid
            next_tick = tick + interval
            pts = round(self._active_seconds(tick) * 1000)
            if pts >= max_ms:
                return MAX_DURATION
            if now >= next_layout_check:
                next_layout_check = now + self._layout_check_interval
                if self._check_layout():
                    self._prev_raw = None
            try:
                ready = self._set_up()
                raw = ready.source.grab(ready.monitor)
            except Exception as exc:  # mss.ScreenShotError, OSError: the screen went away or changed
                self.frames_dropped += 1
                failing_since = failing_since or now
                if now - failing_since > GRAB_FAILURE_LIMIT:
                    raise _Stop(ERROR, f"A tela deixou de poder ser capturada: {exc}") from exc
                if self._check_layout():
                    self._prev_raw = None
                continue
            failing_since = None
            self._take(raw, pts)
            if self._projected_size() >= self.max_bytes:
                return MAX_SIZE
        return USER

    def _projected_size(self) -> int:
        """The file's size if the recording stopped after one more (large) frame: what exists, the index
        the clean rewrite adds (about 24 bytes a frame) and room for the next keyframe."""
        writer = self._set_up().writer
        return (max(writer.bytes_written, writer.encoded_bytes) + 64 * 1024 + 24 * writer.frames
                + self._max_packet)

    def _convert(self, raw: bytes | bytearray, cursor: tuple[int, int] | None) -> av.VideoFrame:
        ready = self._set_up()
        monitor, converter = ready.monitor, ready.converter
        pixels = np.frombuffer(raw, np.uint8)
        if pixels.size != monitor.width * monitor.height * 4:
            raise _Stop(ERROR, f"Imagem da tela com tamanho inesperado ({pixels.size} bytes).")
        pixels = pixels.reshape(monitor.height, monitor.width, 4)
        if cursor is None:
            return converter.to_frame(pixels)
        if not pixels.flags.writeable:
            pixels = pixels.copy()
        patch = draw_cursor(pixels, *monitor.to_local(*cursor), scale=monitor.scale)
        try:
            return converter.to_frame(pixels)
        finally:
            restore(pixels, patch)  # the grab stays as the screen was, for the next comparison

    def _check_layout(self) -> bool:
        """Re-read the layout; follow a resolution change. True when the recorded monitor changed."""
        ready = self._set_up()
        try:
            layout = ready.source.monitors()
        except Exception as exc:
            log.info("cannot re-read the monitor layout: %s", exc)
            return False
        old = ready.monitor
        current = next((m for m in layout if m.index == old.index), None)
        if current is None:
            if not layout:
                return False
            current = mon.primary(layout)
            self.warnings.append(f"O monitor {old.index} foi desconectado durante a gravação; "
                                 f"a gravação continuou no monitor {current.index}.")
        elif (current.left, current.top, current.width, current.height) == (old.left, old.top, old.width,
                                                                               old.height):
            return False
        else:
            self.warnings.append(f"A resolução do monitor {old.index} mudou de {old.width}x{old.height} para "
                                 f"{current.width}x{current.height} em {format_clock(self.elapsed)}; "
                                 f"a imagem foi ajustada ao tamanho do vídeo.")
        log.info("recorded monitor changed: %s -> %s", old, current)
        self.monitor = current
        return True

    def _finish(self, reason: StopReason, message: str | None) -> None:
        ready = self._set_up()
        writer = ready.writer
        with self._lock:  # no pause() can slip in after this
            if self._stopped_at is None:
                self._stopped_at = time.monotonic()
            self._state = STOPPING
        end_ms = min(int(self._active_seconds(self._stopped_at) * 1000), int(self.max_duration * 1000))
        finalized = False
        if reason not in (DISK_FULL, ERROR) and writer.frames > 0:
            try:
                if self._last_frame is not None and writer.last_pts is not None and end_ms > writer.last_pts:
                    writer.write(self._last_frame, end_ms, closing=True)  # lasts until the stop
                writer.close()
            except Exception as exc:
                writer.abort()
                if is_disk_full(exc):
                    reason = DISK_FULL
                else:
                    reason, message = ERROR, f"Erro ao terminar a gravação: {exc}"
            else:
                try:
                    finalize(self.path, self.codec)
                    finalized = True
                except Exception as exc:  # e.g. no room for the rewrite: the fragmented file is playable
                    log.info("could not rewrite the recording with its index first: %s", exc)
                    self.warnings.append("O arquivo ficou no formato usado durante a gravação (reproduzível, "
                                         "mas sem o índice no início).")
        else:
            writer.abort()
        duration = (writer.last_pts or 0) / 1000 if writer.frames else 0.0
        if reason == DISK_FULL:
            message = (f"Disco cheio: a gravação parou em {format_clock(duration)}; o que foi gravado até ali "
                       f"está em {self.path}.")
        if writer.frames == 0:
            message = message or "Nenhuma imagem da tela foi gravada."
            self.path.unlink(missing_ok=True)
        try:
            size = self.path.stat().st_size
        except OSError:
            size = 0
        self.result = RecordingResult(
            path=self.path, codec=self.codec, monitor=ready.monitor, width=writer.width, height=writer.height,
            duration=round(duration, 3), size=size, requested_fps=self.requested_fps,
            achieved_fps=self.achieved_fps, frames_captured=self.frames_captured, frames_encoded=writer.frames,
            frames_dropped=self.frames_dropped, stop_reason=reason, finalized=finalized, error=message,
            warnings=tuple(self.warnings))
        self._state = STOPPED
        if message:
            self._emit(self._on_error, message)
        self._emit(self._on_finished, self.result)

    def _cleanup(self) -> None:
        for resource in (self._cursor, self._source):
            if resource is not None:
                try:
                    resource.close()
                except Exception as exc:
                    log.info("closing %r: %s", resource, exc)
        if self._writer is not None and self._start_error is not None:
            self._writer.abort()
            self.path.unlink(missing_ok=True)

    @staticmethod
    def _emit(callback, value) -> None:
        if callback is None:
            return
        try:
            callback(value)
        except Exception:
            log.exception("recording callback failed")
