"""Recorder: real recordings of a real X screen, and the faults with injected sources."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from collector.capture.encoder import CountingFile
from collector.capture.monitors import Monitor
from collector.capture.recorder import Recorder, RecordingResult, RecordingStatus
from collector.capture.screens import NoScreenError
from collector.core.errors import UsageError
from tests.capture.helpers import (
    SMALL_LAYOUT,
    TWO_MONITORS,
    FakeCursor,
    FakeSource,
    decoded,
    noise,
    pattern_spec,
    run_screen_app,
    solid,
    top_level_boxes,
    video_info,
    wait_for_pixel,
)

REPO = Path(__file__).resolve().parents[2]
SMALL = SMALL_LAYOUT


def _red_centroid(frame) -> float | None:
    rgb = frame.to_ndarray(format="rgb24")
    mask = (rgb[..., 0] > 170) & (rgb[..., 1] < 90) & (rgb[..., 2] < 90)
    if mask.sum() < 1000:
        return None
    return float(np.nonzero(mask)[1].mean())


def _moving(m: Monitor, t: float) -> np.ndarray:
    """A white bar crossing a grey picture at 100 px/s: every frame differs."""
    frame = np.full((m.height, m.width, 4), 90, np.uint8)
    x = int(t * 100) % (m.width - 20)
    frame[:, x:x + 20] = 255
    return frame


def _recorder(path, source, **kwargs) -> Recorder:
    kwargs.setdefault("cursor_factory", FakeCursor)
    return Recorder(path, source_factory=lambda: source, **kwargs)


# ------------------------------------------------------------------ real screen (Xvfb)

def test_ten_seconds_of_a_moving_window(screen_app, x_display, tmp_path):
    path = tmp_path / "moving.mp4"
    progress: list[RecordingStatus] = []
    finished: list[RecordingResult] = []
    with screen_app("moving", "--speed", "120", "--y", "400"):
        recorder = Recorder(path, fps=10, max_duration=10, on_progress=progress.append,
                            on_finished=finished.append)
        recorder.start()
        assert recorder.wait(30)
    result = recorder.result
    assert finished == [result]
    assert result.stop_reason == "max_duration" and result.ok and result.finalized
    assert (result.width, result.height) == (1920, 1080) and result.monitor.index == 1
    assert 9.0 <= result.duration <= 11.0
    boxes = top_level_boxes(path)
    assert boxes.index("moov") < boxes.index("mdat")  # index at the front after a clean stop
    samples, last_time = [], 0.0
    for n, frame in enumerate(decoded(path)):
        last_time = float(frame.time)
        if n % 5 == 0:
            x = _red_centroid(frame)
            if x is not None:
                samples.append((last_time, x))
    assert 9.0 <= last_time <= 11.0  # the expected duration, +-10 %
    assert len(samples) >= 15
    xs = [x for _, x in samples]
    assert all(b > a for a, b in zip(xs, xs[1:], strict=False))  # the window moves, left to right
    (t0, x0), (t1, x1) = samples[0], samples[-1]
    assert 0.8 * 120 <= (x1 - x0) / (t1 - t0) <= 1.2 * 120  # at its real speed: timestamps are right
    assert progress and progress[-1].size > 0 and progress[-1].frames_captured > 50
    assert [p.elapsed for p in progress] == sorted(p.elapsed for p in progress)


def test_a_recording_killed_after_five_seconds_still_plays(screen_app, x_display, tmp_path):
    path = tmp_path / "killed.mp4"
    with screen_app("moving", "--speed", "120"):
        proc = subprocess.Popen([sys.executable, "-m", "collector", "record", "--fps", "10", "--duration", "60",
                                 "--out", str(path)], cwd=REPO, env=dict(os.environ),
                                stderr=subprocess.PIPE, text=True)
        try:
            line = proc.stderr.readline()
            assert line.startswith("Gravando o monitor 1"), line
            time.sleep(5)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert "moof" in top_level_boxes(path)  # still in its fragmented form
    info = video_info(path)
    assert info["size"] == (1920, 1080)
    assert info["last"] >= 2.5  # 5 s recorded, at most one fragment (2 s) lost
    assert sum(1 for f in decoded(path) if _red_centroid(f) is not None) >= 20


def test_an_injected_monitor_of_a_wide_screen_records_only_that_monitor(wide_display, monkeypatch, tmp_path):
    monkeypatch.setenv("DISPLAY", wide_display)
    spec = pattern_spec([((1920 + 100, 100, 200, 200), (0, 0, 255)), ((100, 100, 200, 200), (255, 0, 0))],
                        size=(3840, 1080))
    with run_screen_app(wide_display, "pattern", spec):
        wait_for_pixel(wide_display, 2200, 200, (0, 0, 255))
        recorder = Recorder(tmp_path / "m2.mp4", monitor=2, layout=TWO_MONITORS, max_duration=1)
        recorder.start()
        assert recorder.wait(20)
    assert recorder.result.monitor.name == "right"
    frame = next(decoded(tmp_path / "m2.mp4")).to_ndarray(format="rgb24")
    assert frame.shape == (1080, 1920, 3)
    r, g, b = (int(v) for v in frame[200, 200])
    assert b > 200 and r < 60  # monitor 2's blue square at its local position, not monitor 1's red one


def test_no_display_fails_at_start_with_one_line_and_leaves_no_file(monkeypatch, tmp_path):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    recorder = Recorder(tmp_path / "x.mp4")
    with pytest.raises(NoScreenError, match="^Nenhuma tela disponível para capturar"):
        recorder.start()
    assert not list(tmp_path.iterdir())
    assert recorder.state == "stopped"


def test_an_unknown_monitor_fails_at_start(x_display, tmp_path):
    with pytest.raises(UsageError, match="monitor 9 não existe"):
        Recorder(tmp_path / "x.mp4", monitor=9).start()
    assert not list(tmp_path.iterdir())


# ------------------------------------------------------------------ injected sources

def test_a_quiet_screen_encodes_almost_nothing_but_keeps_keyframes_and_time(tmp_path):
    path = tmp_path / "quiet.mp4"
    recorder = _recorder(path, FakeSource(SMALL, solid((30, 60, 90))), fps=10, max_duration=4.2)
    recorder.start()
    assert recorder.wait(15)
    result = recorder.result
    assert result.frames_captured >= 30
    assert result.frames_encoded <= 5  # first frame, a keyframe every ~2 s, the closing frame
    info = video_info(path)
    assert abs(info["last"] - 4.2) < 0.15  # the video lasts as long as the recording
    assert max(b - a for a, b in zip(info["keys"], info["keys"][1:], strict=False)) <= 2.0
    assert info["keys"] == [0.0, 2.0, 4.0]  # the closing frame at 4.2 s is not a keyframe


def test_pause_and_resume_cut_the_pause_out(tmp_path):
    path = tmp_path / "paused.mp4"
    recorder = _recorder(path, FakeSource(SMALL, _moving), fps=10)
    recorder.start()
    time.sleep(1.0)
    recorder.pause()
    assert recorder.state == "paused" and recorder.status().state == "paused"
    frozen = recorder.elapsed
    time.sleep(1.5)
    assert recorder.elapsed == frozen  # the clock does not run while paused
    recorder.resume()
    recorder.resume()  # harmless
    assert recorder.state == "recording"
    time.sleep(1.0)
    result = recorder.stop()
    assert result.stop_reason == "user" and result.ok
    assert 1.6 <= result.duration <= 2.6  # 2 s recorded, not the 3.5 s that passed
    assert abs(video_info(path)["last"] - result.duration) < 0.05


def test_stops_at_the_maximum_size_below_it(tmp_path):
    path = tmp_path / "big.mp4"
    recorder = _recorder(path, FakeSource(SMALL, noise), fps=10, max_bytes=400_000)
    recorder.start()
    assert recorder.wait(30)
    result = recorder.result
    assert result.stop_reason == "max_size" and result.ok and result.finalized
    assert 0 < result.size <= 400_000 and path.stat().st_size == result.size
    assert video_info(path)["frames"] == result.frames_encoded


def test_disk_full_stops_keeps_what_was_written_and_says_so(tmp_path):
    class FullDisk(CountingFile):
        def write(self, data):
            if self.bytes_written + len(data) > 600_000:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return super().write(data)

    path = tmp_path / "full.mp4"
    errors: list[str] = []
    recorder = _recorder(path, FakeSource(SMALL, noise), fps=10, opener=FullDisk, on_error=errors.append)
    recorder.start()
    assert recorder.wait(30)
    result = recorder.result
    assert result.stop_reason == "disk_full" and not result.ok and not result.finalized
    assert errors == [result.error]
    assert result.error.startswith("Disco cheio: a gravação parou em 00:0") and str(path) in result.error
    assert 0 < path.stat().st_size <= 600_000
    assert video_info(path)["frames"] > 0


_DISK_FULL_SCRIPT = textwrap.dedent("""
    import json, subprocess, sys
    target = sys.argv[1]
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", target], check=True)
    from collector.capture.recorder import Recorder
    from tests.capture.helpers import FakeCursor, FakeSource, noise, video_info, SMALL_LAYOUT
    rec = Recorder(target + "/full.mp4", fps=10, source_factory=lambda: FakeSource(SMALL_LAYOUT, noise),
                   cursor_factory=FakeCursor)
    rec.start()
    rec.wait(60)
    r = rec.result
    print(json.dumps({"reason": r.stop_reason, "error": r.error, "finalized": r.finalized,
                      "frames": video_info(r.path)["frames"]}))
""")


def _unshare_command() -> list[str] | None:
    if not shutil.which("unshare"):
        return None
    for cmd in (["unshare", "-m"], ["unshare", "-rm"]):
        if subprocess.run([*cmd, "true"], capture_output=True).returncode == 0:
            return cmd
    return None


@pytest.mark.skipif(_unshare_command() is None, reason="needs a private mount namespace (unshare) for a tiny tmpfs")
def test_a_really_full_disk(tmp_path):
    """The kernel's own ENOSPC: a 512 KB tmpfs in a private mount namespace."""
    target = tmp_path / "tiny"
    target.mkdir()
    proc = subprocess.run([*_unshare_command(), sys.executable, "-c", _DISK_FULL_SCRIPT, str(target)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    doc = json.loads(proc.stdout.strip().splitlines()[-1])
    assert doc["reason"] == "disk_full" and doc["error"].startswith("Disco cheio")
    assert doc["frames"] > 0 and not doc["finalized"]


def test_a_resolution_change_is_followed_and_letterboxed(tmp_path):
    path = tmp_path / "res.mp4"
    source = FakeSource([Monitor(1, 0, 0, 640, 360, primary=True)], solid((250, 250, 250)))
    recorder = _recorder(path, source, fps=10, layout_check_interval=0.2)
    recorder.start()
    time.sleep(0.8)
    source.layout = [Monitor(1, 0, 0, 480, 360, primary=True)]  # 16:9 -> 4:3
    source.fail_next = 3  # grabs fail while the screen switches
    time.sleep(1.0)
    result = recorder.stop()
    assert result.ok and result.monitor.width == 480
    assert any("resolução do monitor 1 mudou de 640x360 para 480x360" in w for w in result.warnings)
    frames = list(decoded(path))
    assert {(f.width, f.height) for f in frames} == {(640, 360)}
    last = frames[-1].to_ndarray(format="rgb24")
    assert last[180, 320].mean() > 220 and last[180, 10].max() < 30  # picture in the middle, black bars


def test_a_disconnected_monitor_falls_back_to_the_primary(tmp_path):
    source = FakeSource([Monitor(1, 0, 0, 320, 240, primary=True), Monitor(2, 320, 0, 320, 240)], _moving)
    recorder = _recorder(tmp_path / "d.mp4", source, monitor=2, fps=10, layout_check_interval=0.2)
    recorder.start()
    time.sleep(0.5)
    source.layout = source.layout[:1]
    time.sleep(0.6)
    result = recorder.stop()
    assert result.ok and result.monitor.index == 1
    assert any("monitor 2 foi desconectado" in w for w in result.warnings)


def test_an_fps_the_machine_cannot_hold_drops_frames_and_keeps_the_timing(tmp_path):
    path = tmp_path / "slow.mp4"
    source = FakeSource(SMALL, _moving, grab_delay=0.1)  # a grab takes 100 ms: at most ~10 fps
    recorder = _recorder(path, source, fps=30, max_duration=2)
    recorder.start()
    assert recorder.wait(20)
    result = recorder.result
    assert result.requested_fps == 30 and result.achieved_fps <= 10.5
    assert result.frames_dropped > 0
    info = video_info(path)
    assert abs(info["last"] - 2.0) < 0.15  # the video lasts the real time
    gaps = np.diff(info["times"][:-1])
    assert np.median(gaps) >= 0.09  # frames carry their real times, not 1/30 s apart


def test_the_cursor_is_drawn_in_where_it_is(tmp_path):
    path = tmp_path / "cursor.mp4"
    layout = [Monitor(1, 100, 50, 320, 240, primary=True)]
    pointer = FakeCursor((150, 80))  # (50, 30) inside the monitor
    recorder = Recorder(path, source_factory=lambda: FakeSource(layout, solid((128, 128, 128))),
                        cursor_factory=lambda: pointer, fps=10)
    recorder.start()
    time.sleep(0.4)
    encoded_before = recorder.frames_encoded
    pointer.pos = (300, 200)  # the screen is still, the cursor moves: a new frame
    time.sleep(0.4)
    assert recorder.frames_encoded > encoded_before
    pointer.pos = None  # hidden cursor
    time.sleep(0.4)
    recorder.stop()
    frames = [f.to_ndarray(format="rgb24") for f in decoded(path)]
    first, moved, last = frames[0], frames[-2], frames[-1]
    assert first[31:40, 50].max() < 60 and first[36, 52].min() > 200  # outline black, fill white
    assert abs(int(first[100, 200].mean()) - 128) < 10  # the rest is the screen
    assert moved[36, 52].max() < 160 or moved[155, 202].min() > 200
    assert np.abs(last.astype(int) - 128).max() < 12  # no cursor drawn when hidden


def test_a_4k_monitor_is_scaled_to_1920(tmp_path):
    source = FakeSource([Monitor(1, 0, 0, 3840, 2160, primary=True)], solid((10, 200, 10)))
    recorder = _recorder(tmp_path / "4k.mp4", source, fps=5, max_duration=0.6)
    recorder.start()
    assert recorder.wait(20)
    assert (recorder.result.width, recorder.result.height) == (1920, 1080)
    assert video_info(tmp_path / "4k.mp4")["size"] == (1920, 1080)


def test_vp9_in_webm(tmp_path):
    path = tmp_path / "v.webm"
    recorder = _recorder(path, FakeSource(SMALL, _moving), codec="vp9", fps=10, max_duration=1.5)
    recorder.start()
    assert recorder.wait(20)
    assert recorder.result.ok and recorder.result.finalized and recorder.result.codec == "vp9"
    info = video_info(path)
    assert info["frames"] == recorder.result.frames_encoded and abs(info["last"] - 1.5) < 0.15


def test_callbacks_run_and_a_failing_callback_does_not_stop_the_recording(tmp_path):
    calls: list[RecordingStatus] = []

    def progress(status: RecordingStatus) -> None:
        calls.append(status)
        raise RuntimeError("UI bug")

    finished = threading.Event()
    recorder = _recorder(tmp_path / "cb.mp4", FakeSource(SMALL, _moving), fps=10, max_duration=1.2,
                         on_progress=progress, on_finished=lambda r: finished.set(), progress_interval=0.1)
    recorder.start()
    assert finished.wait(20)
    assert len(calls) >= 5 and recorder.result.ok
    assert calls[-1].state == "recording" and calls[-1].frames_captured > 0
    assert recorder.size == recorder.result.size > 0


def test_life_cycle(tmp_path):
    source = FakeSource(SMALL, _moving)
    recorder = _recorder(tmp_path / "l.mp4", source)
    assert recorder.stop() is None and recorder.elapsed == 0.0 and recorder.size == 0
    recorder.start()
    with pytest.raises(RuntimeError):
        recorder.start()
    assert recorder.stop(wait=False) is None or recorder.result is not None
    assert recorder.wait(20)
    first = recorder.result
    assert recorder.stop() is first and first.ok
    assert source.closed
    assert recorder.achieved_fps > 0 and first.as_dict()["path"] == "l.mp4"


@pytest.mark.parametrize("kwargs", [{"fps": 0}, {"fps": 100}, {"max_duration": 0}, {"max_bytes": 0}])
def test_bad_settings_are_usage_errors(tmp_path, kwargs):
    with pytest.raises(UsageError):
        Recorder(tmp_path / "x.mp4", **kwargs)


def test_an_unknown_codec_is_refused(tmp_path):
    with pytest.raises(ValueError):
        Recorder(tmp_path / "x.mp4", codec="mpeg2")


def test_by_default_the_monitor_showing_rm_is_recorded(tmp_path, monkeypatch):
    from collector.capture import win32

    layout = [Monitor(1, 0, 0, 320, 240, primary=True), Monitor(2, 320, 0, 320, 240)]
    monkeypatch.setattr(win32, "rm_window_rect", lambda: (400, 20, 200, 150))  # RM on monitor 2
    recorder = _recorder(tmp_path / "rm.mp4", FakeSource(layout), fps=5, max_duration=0.4)
    recorder.start()
    assert recorder.wait(20) and recorder.result.monitor.index == 2
    monkeypatch.setattr(win32, "rm_window_rect", lambda: None)  # no RM window: the primary
    recorder = _recorder(tmp_path / "p.mp4", FakeSource(layout), fps=5, max_duration=0.4)
    recorder.start()
    assert recorder.wait(20) and recorder.result.monitor.index == 1
