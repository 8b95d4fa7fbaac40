"""``collector record`` on a real X screen (Xvfb): durations, stopping cleanly, bad input."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collector.cli import main
from collector.commands.record import parse_duration
from tests.capture.helpers import top_level_boxes, video_info

REPO = Path(__file__).resolve().parents[2]




@pytest.mark.parametrize(("text", "seconds"), [
    ("90", 90), ("90s", 90), ("10m", 600), ("1h", 3600), ("1m30s", 90), ("1,5m", 90), ("2.5", 2.5),
    ("05:00", 300), ("1:00:00", 3600), (" 2 m ", 120), ("1h2m3s", 3723),
])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "10x", "m", "0", "0s", "1:2:3:4", "-5"])
def test_parse_duration_rejects_nonsense(text):
    with pytest.raises(argparse.ArgumentTypeError):
        parse_duration(text)


def test_records_for_the_duration_and_reports(display, tmp_path, capsys):
    out = tmp_path / "r.mp4"
    assert main(["record", "--duration", "1.5s", "--fps", "5", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert lines[0] == str(out)
    assert "1920x1080" in lines[1] and "duração atingida" in lines[1]
    assert captured.err.startswith(f"Gravando o monitor 1 (1920x1080) em {out}")
    info = video_info(out)
    assert abs(info["last"] - 1.5) < 0.25
    boxes = top_level_boxes(out)
    assert boxes.index("moov") < boxes.index("mdat")


def test_vp9_json_and_the_extension_added(display, tmp_path, capsys):
    assert main(["record", "--duration", "1", "--codec", "vp9", "--out", str(tmp_path / "r"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["path"] == str(tmp_path / "r.webm") and doc["codec"] == "vp9"
    assert doc["stop_reason"] == "max_duration" and doc["finalized"] is True
    assert video_info(tmp_path / "r.webm")["frames"] == doc["frames_encoded"]


def test_default_name_in_the_current_folder(display, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["record", "--duration", "0.5"]) == 0
    [made] = list(tmp_path.iterdir())
    assert made.name.startswith("gravacao-") and made.suffix == ".mp4"


@pytest.mark.parametrize(("args", "message"), [
    (["--codec", "vp9", "--out", "x.mp4"], "a extensão .mp4 não combina com o codec vp9: use .webm."),
    (["--monitor", "4"], "monitor 4 não existe; monitores disponíveis: 1."),
])
def test_usage_errors(display, tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    assert main(["record", *args]) == 2
    assert capsys.readouterr().err.strip().endswith(f"collector: {message}")
    assert not list(tmp_path.iterdir())


def test_an_existing_file_is_not_overwritten(tmp_path, capsys):
    out = tmp_path / "r.mp4"
    out.write_bytes(b"keep me")
    assert main(["record", "--out", str(out)]) == 2
    assert "já existe" in capsys.readouterr().err
    assert out.read_bytes() == b"keep me"


@pytest.mark.parametrize("args", [["--fps", "0"], ["--fps", "500"], ["--duration", "x"], ["--max-size", "-1"],
                                  ["--codec", "mpeg2"]])
def test_bad_values_are_refused_by_the_parser(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["record", *args])
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_without_a_display_one_line_and_exit_1(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    proc = subprocess.run([sys.executable, "-m", "collector", "record", "--out", str(tmp_path / "x.mp4")],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("collector: Nenhuma tela disponível para capturar")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_terminate_stops_cleanly_with_a_finished_file(display, tmp_path, sig):
    out = tmp_path / "r.mp4"
    proc = subprocess.Popen([sys.executable, "-m", "collector", "record", "--fps", "5", "--out", str(out)],
                            cwd=REPO, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stderr.readline().startswith("Gravando o monitor 1")
        time.sleep(1.5)
        proc.send_signal(sig)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, stderr
    assert stdout.splitlines()[0] == str(out) and "parada pelo usuário" in stdout
    assert "Traceback" not in stderr
    boxes = top_level_boxes(out)
    assert boxes.index("moov") < boxes.index("mdat") and "moof" not in boxes  # finished, index first
    assert video_info(out)["last"] >= 1.0
