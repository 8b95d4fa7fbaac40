"""Benchmark: cold start to the painted main window "Meus chamados" against a bare PySide6 window
(issue 18 bar: <= 1.5x the bare window, measured in the same run).

Run: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tests/benchmarks/bench_main_window.py
(without DISPLAY it falls back to Qt's offscreen platform)

Both are fresh processes timed from before the spawn to their first paint: ``python -m collector
--demo`` with the ``COLLECTOR_BENCH_FIRST_PAGE`` hook (it watches the main window itself, whose first paint paints its table),
and a ``QWidget`` that writes the time of its first paint event. Runs alternate so that a busy
machine slows both alike; prints the first (coldest) run and the median of each, and the ratio.
"""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_gui import env  # noqa: E402

RUNS = 12
BARE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(960, 640)
class First(QObject):
    done = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            stamp = time.time()
            QTimer.singleShot(0, lambda: (open(sys.argv[1], "w").write(f"{stamp:.6f}"), app.quit()))
        return False
hook = First()
window.installEventFilter(hook)
window.show()
app.exec()
"""


def one(command: list[str], stamp: Path, **extra: str) -> float:
    t0 = time.time()
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, env=env(**extra))
    if proc.returncode != 0 or not stamp.exists():
        raise SystemExit(f"start-up failed: {proc.stderr.strip()}")
    return float(stamp.read_text()) - t0


def main() -> int:
    # an installed collector has its bytecode (pip, the frozen build); PySide6's own is in site-packages:
    # compile ours once so that a PYTHONDONTWRITEBYTECODE shell does not time the compiler
    compileall.compile_dir(str(ROOT / "collector"), quiet=1)
    app_times, bare_times = [], []
    with tempfile.TemporaryDirectory(prefix="bench-main-") as tmp:
        for i in range(RUNS):
            stamp = Path(tmp) / f"app-{i}"
            app_times.append(one([sys.executable, "-m", "collector", "--demo"], stamp,
                                 COLLECTOR_BENCH_FIRST_PAGE=str(stamp), COLLECTOR_HOME=f"{tmp}/home{i}"))
            stamp = Path(tmp) / f"bare-{i}"
            bare_times.append(one([sys.executable, "-c", BARE, str(stamp)], stamp))
    app_median, bare_median = statistics.median(app_times), statistics.median(bare_times)
    print(f"main window: first {app_times[0]:.3f} s, median {app_median:.3f} s")
    print(f"bare window: first {bare_times[0]:.3f} s, median {bare_median:.3f} s")
    print(f"ratio (median): {app_median / bare_median:.2f}x (bar: <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
