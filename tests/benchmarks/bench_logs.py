"""Benchmark: collecting the logs of a 1-day window out of 2 GB of RM logs (SPEC §6).

    .venv/bin/python tests/benchmarks/bench_logs.py [--gb 2] [--days 30] [--keep DIR]

Generates ~2 GB of realistic logs over 30 days in a temp folder on /tmp (daily-rotated RM.Host
TRACKLOGs, one long RM.log, old plain-text traces, recent binary dumps), then, each in a fresh child
process: plans the logs of the last day (``collector.probes.logs.plan_logs``) and streams every
planned byte range into sha256 (what the bundle writer does, minus the redactor). It prints wall time,
bytes read from files (``/proc/self/io`` rchar, which counts every read syscall of the child), bytes
planned and the peak RSS of the child (``resource.getrusage``). Bar: peak memory ≤ 150 MB, and only
what the window needs is read.

Runs: cold (our files evicted from the page cache with posix_fadvise, other processes' cache left
alone; a VM host may still cache them) and warm, with the default caps (20 MB per file, 200 MB per
bundle), without caps, and with a 30 MB bundle cap (the cut-off search across files); and the
reference: a naive collector that reads every log modified in the window whole.
The generated data is deleted at the end (unless --keep).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

MB = 1024 * 1024


def _rchar() -> int:
    try:
        with open("/proc/self/io") as f:
            for line in f:
                if line.startswith("rchar:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / MB


# -------------------------------------------------------------------------------------------------
# data


def generate(base: Path, total_gb: float, days: int, now: datetime) -> dict:
    from tests.fixtures.rmlogs import set_mtime, write_bulk_log

    root = base / "CorporeRM" / "RM.Net"
    logs = root / "Logs"
    total = int(total_gb * 1024 * MB)
    host_bytes, rm_bytes, old_bytes, dump_bytes = (int(total * f) for f in (0.60, 0.24, 0.10, 0.06))
    minutes = days * 1440
    start = (now - timedelta(days=days)).replace(second=0, microsecond=0)
    written = 0
    t0 = time.monotonic()

    day = start
    per_minute = host_bytes // minutes
    while day < now:
        end = min(day + timedelta(days=1), now)
        written += write_bulk_log(logs / "RM.Host" / f"RM.Host-{day:%Y%m%d}.log", day, end, per_minute,
                                  seed=day.day)
        day = end
    written += write_bulk_log(logs / "RM" / "RM.log", start, now, rm_bytes // minutes, seed=99)

    old = logs / "antigos"
    old.mkdir(parents=True, exist_ok=True)
    chunk = ("Trace sem data: processo de cálculo em andamento, etapa concluída.\r\n" * 16000).encode("cp1252")
    n = 0
    while n * len(chunk) < old_bytes:
        path = old / f"trace_{n:04d}.txt"
        path.write_bytes(chunk)
        set_mtime(path, now - timedelta(days=days + 5))
        n += 1
        written += len(chunk)
    dumps = logs / "dumps"
    dumps.mkdir(parents=True, exist_ok=True)
    blob = os.urandom(4 * MB)
    for i in range(3):
        path = dumps / f"RM_{i}.dmp"
        with open(path, "wb") as f:
            for _ in range(max(1, dump_bytes // 3 // len(blob))):
                f.write(blob)
                written += len(blob)
        set_mtime(path, now - timedelta(hours=i + 1))
    return {"root": str(root), "log_dir": str(logs), "bytes": written, "seconds": time.monotonic() - t0}


def evict(base: Path) -> None:
    """Drops our files (only ours) from the page cache, so the next run reads from disk."""
    for dirpath, _dirs, files in os.walk(base):
        for name in files:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


# -------------------------------------------------------------------------------------------------
# the measured child


def child(args: dict) -> dict:
    from collector.core.plan import Caps, CollectContext
    from collector.core.timewindow import TimeWindow
    from collector.probes import fileio
    from collector.probes.logs import plan_logs

    now = datetime.fromisoformat(args["now"])
    window = TimeWindow(now - timedelta(days=1), now)
    installation = {"root": args["root"], "log_dirs": [args["log_dir"]]}
    big = 1 << 50
    caps = {"default": Caps(), "none": Caps(log_file_bytes=big, log_bundle_bytes=big),
            "tight": Caps(log_bundle_bytes=30 * MB)}[args["caps"]]
    ctx = CollectContext(window=window, installations=[installation], caps=caps)

    r0, t0 = _rchar(), time.perf_counter()
    if args["mode"] == "naive":
        # the reference: every log modified inside the window, read whole
        digest, streamed, files = hashlib.sha256(), 0, 0
        for dirpath, _dirs, names in os.walk(args["log_dir"]):
            for name in names:
                path = os.path.join(dirpath, name)
                if os.stat(path).st_mtime >= window.start_ts:
                    files += 1
                    with open(path, "rb") as f:
                        while block := f.read(MB):
                            digest.update(block)
                            streamed += len(block)
        plan_s = 0.0
        planned = streamed
    else:
        plan = plan_logs(ctx)
        plan_s = time.perf_counter() - t0
        r_plan = _rchar() - r0
        planned = plan.total_size
        digest, streamed = hashlib.sha256(), 0
        for item in plan.included:
            with fileio.open_planned(item) as stream:
                while block := stream.read(MB):
                    digest.update(block)
                    streamed += len(block)
        files = len(plan.included)
    total_s = time.perf_counter() - t0
    read = _rchar() - r0
    out = {"mode": args["mode"], "caps": args["caps"], "files": files, "planned": planned,
           "streamed": streamed, "read": read, "plan_s": plan_s, "total_s": total_s,
           "peak_rss_mb": _peak_rss_mb()}
    if args["mode"] != "naive":
        out["plan_read"] = r_plan
        out["skipped"] = {i.status: 0 for i in plan.skipped}
        for i in plan.skipped:
            out["skipped"][i.status] += 1
    return out


def run_child(data: dict, now: datetime, mode: str, caps: str) -> dict:
    payload = json.dumps({"root": data["root"], "log_dir": data["log_dir"], "now": now.isoformat(),
                          "mode": mode, "caps": caps})
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, __file__, "--child", payload], capture_output=True, text=True,
                          env=env, cwd=str(ROOT), check=False)
    if proc.returncode != 0:
        raise SystemExit(f"child failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gb", type=float, default=2.0)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--keep", metavar="DIR", help="keep (or reuse) the generated logs in DIR")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return

    now = datetime.now().astimezone().replace(microsecond=0)
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_logs_", dir="/tmp"))
    try:
        print(f"generating {args.gb:g} GB of logs over {args.days} days in {base} ...", flush=True)
        data = generate(base, args.gb, args.days, now)
        print(f"  {data['bytes'] / MB:,.0f} MB written in {data['seconds']:.1f} s", flush=True)
        print("\n1-day window; bytes read = the child's read syscalls (rchar); RSS = child's peak\n")
        header = f"{'run':<28}{'files':>6}{'planned MB':>12}{'read MB':>10}{'plan s':>8}{'total s':>9}{'peak MB':>9}"
        print(header)
        print("-" * len(header))
        results = []
        for label, mode, caps, cold in (("reference: naive, cold", "naive", "default", True),
                                        ("plan+stream, caps, cold", "plan", "default", True),
                                        ("plan+stream, caps, warm", "plan", "default", False),
                                        ("plan+stream, no caps, cold", "plan", "none", True),
                                        ("plan+stream, no caps, warm", "plan", "none", False),
                                        ("bundle cap 30 MB, cold", "plan", "tight", True)):
            if cold:
                evict(base)
            r = run_child(data, now, mode, caps)
            results.append((label, r))
            print(f"{label:<28}{r['files']:>6}{r['planned'] / MB:>12.1f}{r['read'] / MB:>10.1f}"
                  f"{r['plan_s']:>8.2f}{r['total_s']:>9.2f}{r['peak_rss_mb']:>9.1f}", flush=True)
        ref = results[0][1]
        best = results[1][1]
        nocap = results[3][1]
        tight = results[5][1]
        print()
        print(f"data: {data['bytes'] / MB:,.0f} MB; planning read {best['plan_read'] / MB:.2f} MB "
              f"(caps) / {nocap['plan_read'] / MB:.2f} MB (no caps) / {tight['plan_read'] / MB:.2f} MB "
              f"(bundle cap search); skipped: {best['skipped']}")
        print(f"ratio vs naive (cold): time {best['total_s'] / ref['total_s']:.2f}x, "
              f"bytes read {best['read'] / ref['read']:.3f}x (caps); "
              f"time {nocap['total_s'] / ref['total_s']:.2f}x, bytes read {nocap['read'] / ref['read']:.3f}x (no caps)")
        worst = max(r["peak_rss_mb"] for _, r in results[1:])
        print(f"peak memory of the collector: {worst:.1f} MB (bar: ≤ 150 MB) -> "
              f"{'OK' if worst <= 150 else 'OVER THE BAR'}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
