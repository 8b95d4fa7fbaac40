"""Benchmark: the frozen app (collector.spec) — its size and its cold start (SPEC §6: <= 1.0 s to the
first page; SPEC §7 measured ≈ 0.3 s for a small PySide6 wizard).

Build, then run under a screen:
  .venv/bin/pyinstaller collector.spec --noconfirm
  xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python tests/benchmarks/bench_frozen.py [dist/ColetorRM]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_gui import RUNS, cold_start, env  # noqa: E402


def size(folder: Path) -> tuple[float, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]  # PyInstaller links libs
    return sum(p.stat().st_size for p in files) / 1e6, len(files)


def version_times(exe: Path) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory(prefix="bench-frozen-") as tmp:
        for _ in range(RUNS):
            t0 = time.perf_counter()
            subprocess.run([str(exe), "--version"], check=True, capture_output=True, env=env(COLLECTOR_HOME=tmp))
            times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    app = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist" / "ColetorRM").resolve()
    suffix = ".exe" if sys.platform == "win32" else ""
    mb, count = size(app)
    print(f"frozen app {app}: {mb:.0f} MB in {count} files")
    v = version_times(app / f"collector{suffix}")
    print(f"1. `collector --version`: first {v[0]:.3f} s; next {len(v) - 1}: median {statistics.median(v[1:]):.3f} s")
    w = cold_start([str(app / f"ColetorRM{suffix}")])
    print("2. cold start to the first page, `ColetorRM --demo` (SPEC §6 bar: <= 1.0 s)")
    print(f"   first run {w[0]:.3f} s; next {len(w) - 1}: best {min(w[1:]):.3f} s, median {statistics.median(w[1:]):.3f} s")


if __name__ == "__main__":
    main()
