"""Benchmark: the whole `collector collect` (plan, cut, redact, zip) on 2 GB of RM logs, 1-day window.

    .venv/bin/python tests/benchmarks/bench_collect.py [--gb 2]
    .venv/bin/python tests/benchmarks/bench_collect.py --vs-sos [--mb 40] [--files 8]

``--vs-sos`` (issue 11): the whole ``collector collect`` of ``--mb`` MB of ERP-style logs in
``--files`` files (each below the per-file cap, all inside the window) against ``sos clean`` on
the same files in an sos-report-shaped folder, in the same run, wall and CPU time of each and the
ratios (bar: collect ≥ 15× faster). Needs Debian's ``sosreport``: ``tests/benchmarks/setup-system``.
``sos clean`` runs with ``-j 1``: its ``--jobs`` only cleans several *archives* at once, one
archive is one job whatever the number.

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
import statistics
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


def _child_cpu(run) -> tuple[float, float]:
    """(wall, CPU user+sys) of the child process ``run()`` starts and waits for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    run()
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def versus_sos(mb: int, files: int, repeat: int, sos_repeat: int) -> None:
    """The collect ``repeat`` times (best and median) and ``sos clean`` ``sos_repeat`` times, in
    turns, in the same run: wall and CPU of each and the ratios. The collect runs as installed
    software does: with compiled bytecode (this machine's environment sets PYTHONDONTWRITEBYTECODE,
    which would charge ~0.1 s of compiling every module to each run) and the Hyperscan database in
    its per-user disk cache — one warm-up run first makes both."""
    from bench_redact import generate as generate_erp_log

    sos = shutil.which("sos")
    base = Path(tempfile.mkdtemp(prefix="bench-vs-sos-", dir="/tmp"))
    try:
        root = fx.local_sqlserver(base / "CorporeRM" / "RM.Net")
        logs = root / "Logs"
        logs.mkdir(exist_ok=True)
        per_file = max(1, mb // files)
        for n in range(files):
            generate_erp_log(logs / f"TrackLog-{n:02d}.log", per_file, seed=100 + n)
        total = sum(p.stat().st_size for p in logs.iterdir())
        out = base / "bundle.zip"
        env = dict(os.environ, COLLECTOR_HOME=str(base / "home"), COLLECTOR_DB_TIMEOUT="2",
                   PYTHONPYCACHEPREFIX=str(base / "pycache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        command = [sys.executable, "-m", "collector", "collect", "--rm-root", str(root), "--since", "60d",
                   "--include", "logs", "--out", str(out), "--json"]
        results: list[subprocess.CompletedProcess[bytes]] = []

        def collect() -> None:
            results.append(subprocess.run(command, capture_output=True, env=env, cwd=ROOT, check=False))
            if results[-1].returncode != 0:
                raise SystemExit(f"collect failed: {results[-1].stderr.decode()}")

        collect()  # warm-up: bytecode and the Hyperscan database cache, as after the first use
        report = base / "sosreport-bench"

        def sos_clean() -> None:
            shutil.rmtree(report, ignore_errors=True)
            (report / "sos_logs").mkdir(parents=True)
            (report / "sos_logs" / "sos.log").write_text("bench\n")
            shutil.copytree(logs, report / "var" / "log" / "rm")
            scratch = Path(tempfile.mkdtemp(prefix="sos-tmp-", dir=base))
            t0 = time.monotonic()
            done = subprocess.run([sos, "clean", str(report), "--batch", "-j", "1", "--no-update",  # type: ignore[list-item]
                                   "--tmp-dir", str(scratch)], capture_output=True, check=False)
            if done.returncode != 0:
                raise SystemExit(f"sos clean failed ({done.returncode}) after {time.monotonic() - t0:.1f} s")
            shutil.rmtree(scratch, ignore_errors=True)

        collects: list[tuple[float, float]] = []
        cleans: list[tuple[float, float]] = []
        for n in range(max(repeat, sos_repeat)):
            if n < repeat:
                collects.append(_child_cpu(collect))
            if sos is not None and n < sos_repeat:
                cleans.append(_child_cpu(sos_clean))
        zip_mb = out.stat().st_size / 2**20
        doc = json.loads(results[-1].stdout)
        walls = sorted(w for w, _ in collects)
        cpus = sorted(c for _, c in collects)
        print(f"load average {os.getloadavg()[0]:.1f} / {os.getloadavg()[1]:.1f} (1 / 5 min) on "
              f"{os.cpu_count()} cores")
        print(f"collect of {total / 2**20:.1f} MB of logs in {files} files, {repeat} runs: wall best "
              f"{walls[0]:.2f} s, median {statistics.median(walls):.2f} s; CPU best {cpus[0]:.2f} s; "
              f"zip {zip_mb:.1f} MB; {doc['summary']['files']} files, redactions {doc['redaction']}")
        if sos is None:
            print("sos clean: n/a (tests/benchmarks/setup-system installs Debian's sosreport)")
            return
        sos_walls = sorted(w for w, _ in cleans)
        sos_cpus = sorted(c for _, c in cleans)
        print(f"sos clean of the same files, {len(cleans)} runs: wall best {sos_walls[0]:.2f} s, "
              f"CPU best {sos_cpus[0]:.2f} s")
        print(f"ratio (wall, best / best): collect is {sos_walls[0] / walls[0]:.1f}x faster than sos clean; "
              f"median collect vs best sos: {sos_walls[0] / statistics.median(walls):.1f}x (bar: >= 15x)")
        print(f"ratio (CPU time): {sos_cpus[0] / cpus[0]:.1f}x (the collect uses a second core for deflate)")
    finally:
        shutil.rmtree(base, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gb", type=float, default=2.0)
    parser.add_argument("--vs-sos", action="store_true", help="collect vs sos clean on --mb MB of logs")
    parser.add_argument("--mb", type=int, default=40)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3, help="--vs-sos: collect runs")
    parser.add_argument("--sos-repeat", type=int, default=1, help="--vs-sos: sos clean runs")
    args = parser.parse_args()
    if args.vs_sos:
        versus_sos(args.mb, args.files, args.repeat, args.sos_repeat)
        return
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
