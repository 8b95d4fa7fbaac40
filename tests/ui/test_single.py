"""Single instance per session: the second start lets the first come forward (AllowSetForegroundWindow)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from collector.core import winsession
from collector.ui import single

ROOT = Path(__file__).resolve().parents[2]


def test_second_instance_allows_the_first_to_come_forward(qtbot, monkeypatch):
    allowed = []
    monkeypatch.setattr(winsession, "allow_set_foreground", lambda: allowed.append(True) or True)
    name = f"coletor-test-{uuid.uuid4().hex[:8]}"
    first = single.SingleInstance(name)
    assert first.claim()
    first.listen()
    try:
        with qtbot.waitSignal(first.activated, timeout=3000):
            assert not single.SingleInstance(name).claim()
        assert allowed == [True]
    finally:
        first.release()


def test_session_key_uses_the_windows_session(monkeypatch):
    monkeypatch.setattr(single.sys, "platform", "win32")
    monkeypatch.setattr(winsession, "current_session_id", lambda: 7)
    assert single.session_key().split("|")[1] == "7"
    monkeypatch.setattr(winsession, "current_session_id", lambda: None)
    monkeypatch.setenv("SESSIONNAME", "RDP-Tcp#3")
    assert single.session_key().split("|")[1] == "RDP-Tcp#3"


# a first instance in its own process: claims, "paints" for a while, then listens and waits to be raised
FIRST = """
import sys, time
from PySide6.QtCore import QCoreApplication, QTimer
from collector.ui import single
app = QCoreApplication([])
first = single.SingleInstance(sys.argv[1])
assert first.claim()
print("claimed", flush=True)
time.sleep(float(sys.argv[2]))
first.listen()
first.activated.connect(lambda: (print("activated", flush=True), app.quit()))
QTimer.singleShot(20_000, app.quit)
app.exec()
"""


def _first(name: str, paint_s: float, tmp_path):
    env = dict(os.environ, COLLECTOR_HOME=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-c", FIRST, name, str(paint_s)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "claimed"
    return proc


def test_a_start_during_the_first_ones_paint_waits_for_it_to_listen(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECTOR_HOME", str(tmp_path))
    name = f"coletor-test-{uuid.uuid4().hex[:8]}"
    proc = _first(name, 0.8, tmp_path)  # holds the lock, not listening yet
    try:
        assert not single.SingleInstance(name).claim()  # it waited and the first came forward
        out, _ = proc.communicate(timeout=30)
        assert out.strip() == "activated"
    finally:
        proc.kill()


def test_a_lock_left_by_a_dead_first_instance_does_not_keep_the_user_out(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECTOR_HOME", str(tmp_path))
    name = f"coletor-test-{uuid.uuid4().hex[:8]}"
    proc = _first(name, 30, tmp_path)
    proc.kill()  # a crash: the lock file stays on disk
    proc.wait(timeout=10)
    assert (tmp_path / f"{name}.lock").exists()
    started = time.monotonic()
    again = single.SingleInstance(name)
    assert again.claim()
    assert time.monotonic() - started < single.WAIT_FOR_FIRST_S  # stale: taken at once, no waiting
    again.release()


def test_a_lock_from_another_machine_is_taken_over_after_the_wait(qapp, tmp_path, monkeypatch):
    """A roaming profile on a server farm brings a crashed session's lock from another server: Qt cannot
    judge it stale (the process is not on this machine). Nobody answers: after the wait the lock is
    this instance's, so the next start is kept out again."""
    monkeypatch.setenv("COLLECTOR_HOME", str(tmp_path))
    name = f"coletor-test-{uuid.uuid4().hex[:8]}"
    (tmp_path / f"{name}.lock").write_text("4242\ncollector\nOUTRO-SERVIDOR\n", encoding="utf-8")
    started = time.monotonic()
    mine = single.SingleInstance(name)
    assert mine.claim(wait_s=0.5)
    assert time.monotonic() - started >= 0.5  # it gave a possible first instance its chance
    assert mine.lock.isLocked()
    mine.listen()
    try:
        assert not single.SingleInstance(name).claim(wait_s=0.5)  # and now answers the next start
    finally:
        mine.release()
