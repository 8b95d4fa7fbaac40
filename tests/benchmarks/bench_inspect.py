"""Benchmark: `collector inspect` of an installation holding 5,000 log files (SPEC §6: ≤ 1 s).

Run: .venv/bin/python tests/benchmarks/bench_inspect.py
Measures the whole command as a user runs it (a fresh process: imports included), best of 5,
and the in-process inspection alone. The installation is a whole environment in the Bin layout (the
portals beside it, rm-update, FrameHTML's TRACKLOG folder holding another 5,000 files): inspect reads
their settings but never lists a log folder.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fixtures import rm_install as fx  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = fx.environment(Path(tmp) / "totvs" / "CorporeRM")
        for logs in (env["bin"] / "Logs", env["framehtml_logs"]):
            for i in range(5000):
                (logs / f"TrackLog-2026{i % 12 + 1:02d}{i % 28 + 1:02d}_{i:04d}.log").write_bytes(b"x" * 64)
        from collector.probes.inspect import InspectContext, build_document

        inproc = []
        for _ in range(5):
            t = time.perf_counter()
            doc, _ = build_document(InspectContext(rm_roots=[Path(tmp) / "totvs"], scan_defaults=False))
            inproc.append(time.perf_counter() - t)
        assert doc["installations"][0]["version"] == "12.1.2406.145"
        assert len(doc["installations"][0]["parts"]) == 4
        whole = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "collector", "inspect", "--json", "--rm-root",
                            str(Path(tmp) / "totvs")], check=True, capture_output=True)
            whole.append(time.perf_counter() - t)
    print("inspect, installation with 5,000 log files (SPEC §6 bar: <= 1.0 s)")
    print(f"  whole command (new process): best {min(whole):.3f} s, median {statistics.median(whole):.3f} s")
    print(f"  inspection in process:        best {min(inproc) * 1000:.1f} ms, "
          f"median {statistics.median(inproc) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
