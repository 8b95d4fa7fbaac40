"""Cold start of the main window (issue 18: <= 1.5x a bare PySide6 window, measured by
tests/benchmarks/bench_main_window.py). Timing is the benchmark's job; this test guards the cause
without timing: what the process has imported when the main window first paints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# runs `collector --demo` with the start-up benchmark's hook and reports sys.modules at the first paint
PROBE = """
import sys
from PySide6.QtCore import QEvent
import collector.ui.app as app

first = app._FirstPaint.eventFilter

def report(self, obj, event):
    if event.type() == QEvent.Type.Paint and not self.done:
        found = {"modules": sorted(sys.modules), "qt": "Qt" in vars(sys.modules["PySide6.QtCore"])}
        import json  # only now: json is one of the modules the first paint must not need
        with open(sys.argv[1], "w") as out:
            json.dump(found, out)
    return first(self, obj, event)

app._FirstPaint.eventFilter = report
from collector.cli import main
sys.exit(main(["--demo"]))
"""

#: not needed to paint the main window: the HTTP stack, the keyring, probes, redaction, capture,
#: bundles, the outbox (filelock), the wizard and its pages, every CLI command but the GUI's
DEFERRED = ("requests", "urllib3", "keyring", "filelock", "flask", "av", "numpy", "mss",
            "collector.probes", "collector.redact", "collector.capture", "collector.bundle",
            "collector.portal.client", "collector.portal.auth", "collector.portal.outbox",
            "collector.portal.local", "collector.core.wizard", "collector.core.runner", "collector.ui.wizard",
            "collector.ui.pages", "collector.ui.portal_dialog", "collector.ui.tray", "collector.portal.watch", "collector.commands.collect",
            "collector.commands.submit", "multiprocessing", "logging.handlers",
            "PySide6.QtNetwork", "hashlib", "ctypes", "collector.portal.dashboard", "collector.portal.seen",
            "collector.core.winsession", "datetime", "json")


def test_the_first_paint_imports_nothing_it_does_not_need(tmp_path):
    report = tmp_path / "modules.json"
    env = dict(os.environ, COLLECTOR_HOME=str(tmp_path / "home"), COLLECTOR_BENCH_FIRST_PAGE=str(tmp_path / "t"),
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.run([sys.executable, "-c", PROBE, str(report)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    found = json.loads(report.read_text())
    modules = found["modules"]
    assert "collector.ui.tickets_window" in modules  # the report is from the main window's paint
    loaded = [m for m in modules if any(m == d or m.startswith(d + ".") for d in DEFERRED)]
    assert loaded == []
    # PySide makes all ~100 enums of the Qt namespace at its first touch (17-28 ms): after the paint
    assert found["qt"] is False


def test_the_tickets_still_load_after_the_first_paint(qtbot, tmp_path, monkeypatch):
    """Deferred is not dropped: the first refresh starts once the window has painted."""
    monkeypatch.setenv("COLLECTOR_HOME", str(tmp_path))
    from collector.ui.backend import PortalConfig, Services
    from collector.ui.tickets_window import TicketsWindow

    window = TicketsWindow(Services(portal=PortalConfig()), None, auto_refresh=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.refreshed, timeout=10_000) as done:
        window.show()
    assert done.args[0].error == ""
    assert window.sign_in_button.isVisible()  # no portal: nothing signed in, the outbox was read
