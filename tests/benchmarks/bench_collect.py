"""Benchmark: the whole `collector collect` (plan, cut, redact, zip) on 2 GB of RM logs, 1-day window.

    .venv/bin/python tests/benchmarks/bench_collect.py [--gb 2]

Reuses bench_logs' generator (2 GB over 30 days), adds the configuration of a real installation, and
runs `python -m collector collect --since 1d` as a child process, measuring wall time, CPU time, bytes
read (/proc rchar of the child) and the child's peak RSS (SPEC §6: ≤ 150 MB whatever the size), with
the redaction throughput implied by the bytes that went through the redactor.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from bench_logs import generate  # noqa: E402

from collector.core.timewindow import local_now  # noqa: E402
from tests.fixtures import rm_install as fx  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gb", type=float, default=2.0)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-collect-", dir="/tmp"))
    try:
        data = generate(base, args.gb, 30, local_now())
        fx.local_sqlserver(Path(data["root"]))
        out = base / "bundle.zip"
        env = dict(os.environ, COLLECTOR_HOME=str(base / "home"), COLLECTOR_DB_TIMEOUT="2")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "collector", "collect", "--rm-root", data["root"],
                                 "--since", "1d", "--exclude", "database", "--out", str(out), "--json"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
        rchar = 0
        while proc.poll() is None:
            try:
                for line in Path(f"/proc/{proc.pid}/io").read_text().splitlines():
                    if line.startswith("rchar:"):
                        rchar = max(rchar, int(line.split()[1]))
            except OSError:
                pass
            time.sleep(0.05)
        stdout, stderr = proc.communicate()
        wall = time.monotonic() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise SystemExit(f"collect failed: {stderr.decode()}")
        doc = json.loads(stdout)
        with zipfile.ZipFile(out) as zf:
            log_bytes = sum(i.file_size for i in zf.infolist() if i.filename.startswith("logs/"))
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"collect, {data['bytes'] / 2**30:.2f} GB of logs over 30 days, 1-day window")
        print(f"  wall {wall:.2f} s, CPU {cpu:.2f} s, read {rchar / 2**20:.1f} MB (of {data['bytes'] / 2**20:.0f} MB)")
        print(f"  peak RSS of the collect process: {after.ru_maxrss / 1024:.1f} MB (bar: <= 150 MB)")
        print(f"  bundle: {doc['summary']['files']} files, {doc['summary']['bytes'] / 2**20:.1f} MB staged, "
              f"zip {out.stat().st_size / 2**20:.1f} MB; logs {log_bytes / 2**20:.1f} MB")
        print(f"  redactions: {doc['redaction']}")
        print(f"  end-to-end rate over what the window kept: {log_bytes / 2**20 / wall:.1f} MB/s")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
