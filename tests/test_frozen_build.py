"""Smoke test of the frozen app (collector.spec, SPEC §8): the executables PyInstaller built, run as a
user would. CI builds it first and names the folder:

    .venv/bin/pyinstaller collector.spec --noconfirm
    COLLECTOR_FROZEN_APP=dist/ColetorRM .venv/bin/python -m pytest tests/test_frozen_build.py
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from collector import __version__
from tests.fixtures import rm_install as fx

APP = os.path.abspath(os.environ["COLLECTOR_FROZEN_APP"]) if os.environ.get("COLLECTOR_FROZEN_APP") else None
pytestmark = pytest.mark.skipif(not APP, reason="sem build congelada: defina COLLECTOR_FROZEN_APP (CI faz)")
EXE = ".exe" if sys.platform == "win32" else ""
ROOT = Path(__file__).resolve().parent.parent


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(COLLECTOR_HOME=str(tmp_path / "home"), PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
               COLLECTOR_LANG="pt_BR")
    env.update(extra)
    return env


def _cli(tmp_path: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(APP) / f"collector{EXE}"), *args], env=_env(tmp_path), capture_output=True,
                          text=True, timeout=timeout, cwd=tmp_path)


def test_version(tmp_path):
    proc = _cli(tmp_path, "--version")
    assert (proc.returncode, proc.stdout.strip()) == (0, f"collector {__version__}"), proc.stderr


def test_inspect_json_on_a_fixture(tmp_path):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    proc = _cli(tmp_path, "inspect", "--json", "--rm-root", str(root))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    (inst,) = doc["installations"]
    assert (doc["schema"], inst["version"], inst["database"]["type"]) == \
        ("collector.inspect/1", "12.1.2406.145", "sqlserver")
    assert fx.PLANTED_PASSWORD not in proc.stdout + proc.stderr


def test_collect_writes_a_bundle(tmp_path):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    out = tmp_path / "pacote.zip"
    proc = _cli(tmp_path, "collect", "--rm-root", str(root), "--since", "1d", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(out) as bundle:
        names = bundle.namelist()
        assert "manifest.json" in names
        assert fx.PLANTED_PASSWORD.encode() not in b"".join(bundle.read(n) for n in names)


def test_the_licence_and_the_notices_ship_and_name_every_library():
    app = Path(APP)
    assert (app / "LICENSE").read_text(encoding="utf-8").startswith(
        (ROOT / "LICENSE").read_text(encoding="utf-8")[:200])
    sys.path.insert(0, str(ROOT / "tools"))
    import notices

    assert notices.check_bundle(app) == []
    text = (app / "THIRD_PARTY_LICENSES.md").read_text(encoding="utf-8")
    for component in ("FFmpeg", "x264", "x265", "Qt", "PySide6"):
        assert f"| {component}" in text


@pytest.mark.skipif(sys.platform != "linux", reason="Xvfb e sinais POSIX: o teste da janela roda no Linux")
def test_the_wizard_opens_in_demo_mode_and_closes_cleanly(tmp_path, display):
    env = _env(tmp_path, DISPLAY=display)
    env.pop("QT_QPA_PLATFORM", None)
    proc = subprocess.Popen([str(Path(APP) / "ColetorRM"), "--demo"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        found = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(proc.pid)],
                               env=env, capture_output=True, text=True, timeout=60)
        assert found.returncode == 0 and found.stdout.split(), f"a janela não apareceu: {found.stderr}"
        name = subprocess.run(["xdotool", "getwindowname", found.stdout.split()[0]], env=env,
                              capture_output=True, text=True).stdout
        assert "Coletor" in name
        time.sleep(1)  # the demo portal starts after the first page
        proc.send_signal(signal.SIGINT)  # the app closes its window on Ctrl+C (collector.ui.app)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "QThread: Destroyed" not in err

