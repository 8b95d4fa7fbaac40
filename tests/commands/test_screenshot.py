"""``collector screenshot`` on a real X screen (Xvfb)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from collector.cli import main
from tests.capture.helpers import decode_png, pattern_spec, run_screen_app, wait_for_pixel

REPO = Path(__file__).resolve().parents[2]




def test_captures_every_monitor_into_the_folder(display, tmp_path, capsys):
    spec = pattern_spec([((10, 20, 30, 40), (255, 0, 255))])
    with run_screen_app(display, "pattern", spec):
        wait_for_pixel(display, 39, 59, (255, 0, 255))
        assert main(["screenshot", "--out", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    path, size, monitor = lines[0].split("\t")
    assert Path(path).parent == tmp_path and path.endswith("-monitor1.png")
    assert size == "1920x1080" and monitor == "monitor 1 (principal)"
    pixels = decode_png(Path(path))
    assert pixels.shape == (1080, 1920, 3) and tuple(pixels[20, 10]) == (255, 0, 255)


def test_json_output_has_the_layout_and_the_files(display, tmp_path, capsys):
    assert main(["screenshot", "--monitor", "1", "--out", str(tmp_path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "collector.screenshot/1"
    assert doc["layout"]["monitors"][0]["width"] == 1920
    [shot] = doc["shots"]
    assert shot["monitor"] == 1 and (shot["width"], shot["height"]) == (1920, 1080)
    assert Path(shot["path"]).is_file() and len(shot["sha256"]) == 64


def test_list_shows_the_monitors_without_capturing(display, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["screenshot", "--list"]) == 0
    assert capsys.readouterr().out.strip() == "monitor 1: screen 1920x1080 em (0, 0), principal"
    assert main(["screenshot", "--list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["primary"] == 1
    assert not list(tmp_path.iterdir())


def test_an_unknown_monitor_is_a_usage_error(display, tmp_path, capsys):
    assert main(["screenshot", "--monitor", "3", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == "collector: monitor 3 não existe; monitores disponíveis: 1."


def test_a_negative_delay_is_refused(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["screenshot", "--delay", "-1"])
    assert exc.value.code == 2
    assert "não pode ser negativo" in capsys.readouterr().err


def test_without_a_display_one_line_and_exit_1(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    proc = subprocess.run([sys.executable, "-m", "collector", "screenshot", "--out", str(tmp_path)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("collector: Nenhuma tela disponível para capturar")
