"""Capture benchmarks (SPEC §6), on private Xvfb screens. Prints its figures; asserts nothing.

    .venv/bin/python tests/benchmarks/bench_capture.py [--seconds 30] [--codec h264|vp9|both] [--reps 1]
    .venv/bin/python tests/benchmarks/bench_capture.py --choose     # how the presets/CRF were picked

1. Recording 1920x1080 at 10 fps, busy and quiet screens: CPU (all threads, from just before start()
   to the finished file, the index rewrite included) and MB per minute, as ratios to
   ``ffmpeg -f x11grab`` with the same codec settings (imageio-ffmpeg's binary; whole process), same run,
   same screen content, runs interleaved.
2. Screenshot of every monitor, PNGs written (fsync'ed): one 1920x1080 monitor, and two injected
   monitors on a 3840x1080 screen.
3. The same 50 busy frames through our conversion + encoder and through ``ffmpeg -f rawvideo`` with the
   same settings: the encoding path alone, without the run-to-run variance of a live screen.
4. ``--choose``: the same 50 busy frames encoded with each candidate preset/CRF: CPU per frame,
   bytes per frame and PSNR (luma) of the decoded frames.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from collector.capture.encoder import CODECS  # noqa: E402
from tests.capture.helpers import TWO_MONITORS, run_screen_app, x_connection  # noqa: E402

FPS = 10


def cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def xvfb(width: int, height: int):
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24",
                             "-nolisten", "tcp", "-noreset"], pass_fds=(write_fd,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        display = ":" + pipe.readline().decode().strip()
    old = os.environ.get("DISPLAY")
    os.environ["DISPLAY"] = display
    try:
        with x_connection(display):
            yield display
    finally:
        if old is None:
            os.environ.pop("DISPLAY", None)
        else:
            os.environ["DISPLAY"] = old
        proc.terminate()
        proc.wait(10)


def ffmpeg_args(codec_key: str) -> list[str]:
    codec = CODECS[codec_key]
    args = ["-c:v", codec.encoder]
    for key, value in codec.options.items():
        args += [f"-{key}", value]
    if codec.bit_rate is not None:
        args += ["-b:v", str(codec.bit_rate)]
    args += ["-g", str(2 * FPS), "-pix_fmt", "yuv420p"]
    if codec.format == "mp4":
        args += ["-movflags", "+faststart"]
    return args


def record_ours(codec: str, seconds: float, out: Path) -> dict:
    from collector.capture.recorder import Recorder

    before, t0 = cpu_self(), time.monotonic()
    recorder = Recorder(out, fps=FPS, codec=codec, max_duration=seconds, max_bytes=2**40)
    recorder.start()
    recorder.wait()
    result = recorder.result
    cpu, wall = cpu_self() - before, time.monotonic() - t0
    return {"cpu": cpu, "wall": wall, "size": out.stat().st_size, "duration": result.duration,
            "frames": result.frames_encoded, "captured": result.frames_captured, "fps": result.achieved_fps}


def record_ffmpeg(display: str, codec: str, seconds: float, out: Path) -> dict:
    import imageio_ffmpeg

    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "x11grab",
           "-framerate", str(FPS), "-video_size", "1920x1080", "-draw_mouse", "1", "-i", f"{display}+0,0",
           "-t", str(seconds), *ffmpeg_args(codec), str(out)]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    if status != 0:
        raise RuntimeError(f"ffmpeg failed: {' '.join(cmd)}")
    import av

    with av.open(str(out)) as container:
        duration = float(container.duration or 0) / 1e6
        frames = sum(1 for p in container.demux(video=0) if p.size)
    return {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "size": out.stat().st_size,
            "duration": duration, "frames": frames, "captured": frames, "fps": frames / max(duration, 1e-9)}


def bench_recording(seconds: float, codecs: list[str], reps: int) -> None:
    print(f"\n== Recording 1920x1080 at {FPS} fps, {seconds:g} s per run, {reps} run(s) each, interleaved ==")
    print(f"{'scene':6} {'codec':5} {'tool':7} {'CPU s':>7} {'% core':>7} {'MB/min':>8} {'frames':>7} "
          f"{'fps':>6} {'dur s':>6}")
    summary = []
    with xvfb(1920, 1080) as display, tempfile.TemporaryDirectory() as tmp:
        for scene in ("busy", "quiet"):
            with run_screen_app(display, scene, "--quit-after", str(10 * seconds * reps + 120)):
                for codec in codecs:
                    runs: dict[str, list[dict]] = {"ours": [], "ffmpeg": []}
                    for rep in range(reps):
                        ext = CODECS[codec].extension
                        runs["ours"].append(record_ours(codec, seconds, Path(tmp) / f"o{rep}{scene}{ext}"))
                        runs["ffmpeg"].append(record_ffmpeg(display, codec, seconds,
                                                            Path(tmp) / f"f{rep}{scene}{ext}"))
                    means = {}
                    for tool, items in runs.items():
                        cpu = statistics.mean(r["cpu"] for r in items)
                        wall = statistics.mean(r["wall"] for r in items)
                        mb_min = statistics.mean(r["size"] / 2**20 / (r["duration"] / 60) for r in items)
                        means[tool] = (cpu / statistics.mean(r["duration"] for r in items), mb_min)
                        r = items[-1]
                        print(f"{scene:6} {codec:5} {tool:7} {cpu:7.2f} {100 * cpu / wall:6.1f}% {mb_min:8.3f} "
                              f"{r['frames']:7d} {r['fps']:6.1f} {r['duration']:6.1f}")
                    summary.append((scene, codec, means["ours"][0] / means["ffmpeg"][0],
                                    means["ours"][1] / means["ffmpeg"][1]))
    print("\nratios ours / ffmpeg x11grab (CPU per recorded second; MB per minute) — bars: CPU <= 1.2, size <= 1.0")
    for scene, codec, cpu_ratio, size_ratio in summary:
        print(f"  {scene:6} {codec:5} CPU {cpu_ratio:5.2f}   size {size_ratio:5.2f}")


def bench_screenshots(runs: int = 15) -> None:
    from collector.capture.screens import capture_screenshots

    print(f"\n== Screenshot of every monitor, PNGs written, {runs} runs (ms) ==")
    cases = [("1 monitor 1920x1080", (1920, 1080), None), ("2 monitors (3840x1080)", (3840, 1080), TWO_MONITORS)]
    with tempfile.TemporaryDirectory() as tmp:
        for label, size, layout in cases:
            with xvfb(*size) as display:
                for scene in ("busy", "quiet"):
                    with run_screen_app(display, scene, "--size", str(size[0]), str(size[1])):
                        capture_screenshots(Path(tmp) / "warm", layout=layout)  # imports, first connection
                        times = []
                        for i in range(runs):
                            t0 = time.perf_counter()
                            shots = capture_screenshots(Path(tmp) / f"{scene}{i}", layout=layout)
                            times.append((time.perf_counter() - t0) * 1000)
                        times.sort()
                        kb = sum(s.size for s in shots) / 1024
                        print(f"  {label:24} {scene:6} median {statistics.median(times):6.1f}  "
                              f"p90 {times[int(len(times) * 0.9) - 1]:6.1f}  min {times[0]:6.1f}  "
                              f"({len(shots)} PNG, {kb:.0f} KB)")


def grab_busy_frames(count: int = 50) -> list[bytes]:
    import mss

    with xvfb(1920, 1080) as display, run_screen_app(display, "busy"):
        frames = []
        with mss.MSS() as sct:
            for _ in range(count):
                frames.append(bytes(sct.grab(sct.monitors[1]).raw))
                time.sleep(1 / FPS)
    return frames


def bench_same_frames(codecs: list[str]) -> None:
    import imageio_ffmpeg
    import numpy as np

    from collector.capture.encoder import FrameConverter, VideoWriter

    raws = grab_busy_frames()
    print(f"\n== The same {len(raws)} busy 1920x1080 frames: our conversion+encoder vs ffmpeg -f rawvideo ==")
    with tempfile.TemporaryDirectory() as tmp:
        for codec in codecs:
            ext = CODECS[codec].extension
            ours = Path(tmp) / f"ours{ext}"
            before = cpu_self()
            writer = VideoWriter(ours, codec, 1920, 1080, FPS)
            converter = FrameConverter(1920, 1080)
            for i, raw in enumerate(raws):
                writer.write(converter.to_frame(np.frombuffer(raw, np.uint8).reshape(1080, 1920, 4)), i * 100)
            writer.close()
            ours_cpu = cpu_self() - before
            theirs = Path(tmp) / f"ffmpeg{ext}"
            cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo",
                   "-pix_fmt", "bgra", "-s", "1920x1080", "-framerate", str(FPS), "-i", "-",
                   *ffmpeg_args(codec), str(theirs)]
            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
            for raw in raws:
                proc.stdin.write(raw)
            proc.stdin.close()
            _, _, usage = os.wait4(proc.pid, 0)
            ffmpeg_cpu = usage.ru_utime + usage.ru_stime
            size_o, size_f = ours.stat().st_size, theirs.stat().st_size
            print(f"  {codec:5} ours {ours_cpu:5.2f} s CPU {size_o / 1024:7.0f} KB | ffmpeg {ffmpeg_cpu:5.2f} s CPU "
                  f"{size_f / 1024:7.0f} KB | ratios CPU {ours_cpu / ffmpeg_cpu:4.2f} size {size_o / size_f:4.2f}")


def choose_settings() -> None:
    import av
    import numpy as np

    from collector.capture.encoder import FrameConverter

    print("\n== Choosing presets and CRF: 50 busy 1920x1080 frames at 10 fps ==")
    converter = FrameConverter(1920, 1080)
    frames = [converter.to_frame(np.frombuffer(raw, np.uint8).reshape(1080, 1920, 4)) for raw in grab_busy_frames()]
    sources = [f.to_ndarray()[:1080] for f in frames]  # luma plane of yuv420p
    candidates = [("libx264", {"preset": p, "crf": str(c), "tune": "zerolatency"})
                  for p in ("ultrafast", "superfast", "veryfast", "faster") for c in (26, 30, 34)]
    candidates.append(("libx264", {"preset": "veryfast", "crf": "30"}))  # with lookahead/B-frames
    candidates += [("libvpx-vp9", {"deadline": "realtime", "cpu-used": str(u), "crf": str(c), "row-mt": "1",
                                   "lag-in-frames": "0", "tile-columns": "2"})
                   for u in (7, 8) for c in (36, 40, 44)]
    print(f"{'encoder':10} {'options':48} {'CPU ms/frame':>12} {'KB/frame':>9} {'PSNR dB':>8}")
    for encoder, options in candidates:
        ctx = av.CodecContext.create(encoder, "w")
        ctx.width, ctx.height, ctx.pix_fmt = 1920, 1080, "yuv420p"
        ctx.time_base = Fraction(1, 1000)
        ctx.framerate = Fraction(FPS)
        ctx.gop_size = 2 * FPS
        if encoder == "libvpx-vp9":
            ctx.bit_rate = 0
        ctx.options = options
        packets = []
        before = cpu_self()
        for i, frame in enumerate(frames):
            frame.pts, frame.time_base = i * 100, Fraction(1, 1000)
            packets += ctx.encode(frame)
        packets += ctx.encode(None)
        cpu = cpu_self() - before
        decoder = av.CodecContext.create("h264" if encoder == "libx264" else "libvpx-vp9", "r")
        decoded = []
        for packet in packets:
            decoded += decoder.decode(packet)
        decoded += decoder.decode(None)
        psnr = []
        for src, out in zip(sources, decoded, strict=False):
            mse = np.mean((src.astype(np.float32) - out.to_ndarray()[:1080].astype(np.float32)) ** 2)
            psnr.append(99.0 if mse == 0 else 10 * np.log10(255**2 / mse))
        label = " ".join(f"{k}={v}" for k, v in options.items() if k not in ("row-mt", "tile-columns",
                                                                              "lag-in-frames", "deadline"))
        print(f"{encoder:10} {label:48} {1000 * cpu / len(frames):12.1f} "
              f"{sum(p.size for p in packets) / 1024 / len(frames):9.1f} {statistics.mean(psnr):8.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--codec", choices=["h264", "vp9", "both"], default="both")
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument("--choose", action="store_true", help="only the preset/CRF comparison")
    parser.add_argument("--skip-recording", action="store_true")
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    print(f"machine: {os.cpu_count()} logical CPUs; python {sys.version.split()[0]}")
    if args.choose:
        choose_settings()
        return 0
    codecs = ["h264", "vp9"] if args.codec == "both" else [args.codec]
    bench_screenshots()
    bench_same_frames(codecs)
    if not args.skip_recording:
        bench_recording(args.seconds, codecs, args.reps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
