"""collector (no command): without a usable screen the wizard is one clear line, never a Qt abort."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from collector.commands import gui


def _run_collector(env_changes: dict[str, str | None]) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run([sys.executable, "-m", "collector"], env=env, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.skipif(sys.platform != "linux", reason="DISPLAY/X11 existe só no Linux")
def test_a_display_that_does_not_answer_is_one_line_not_a_qt_abort(tmp_path):
    proc = _run_collector({"DISPLAY": ":987", "QT_QPA_PLATFORM": None, "WAYLAND_DISPLAY": None,
                           "COLLECTOR_HOME": str(tmp_path)})
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("collector: não foi possível abrir a tela gráfica")
    assert ":987" in lines[0]


def test_no_display_at_all_is_one_line(tmp_path):
    proc = _run_collector({"DISPLAY": None, "QT_QPA_PLATFORM": None, "WAYLAND_DISPLAY": None,
                           "COLLECTOR_HOME": str(tmp_path)})
    if sys.platform in ("win32", "darwin"):
        pytest.skip("Windows e macOS sempre têm tela")
    assert proc.returncode == 1 and proc.stderr.strip() == f"collector: {gui.NO_SCREEN}"


@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="precisa de uma tela X (o pytest-xvfb inicia o Xvfb)")
def test_the_x_screen_of_the_tests_answers():
    assert gui.x_display_problem(os.environ["DISPLAY"]) is None
