"""The Windows version resource and icon of collector.spec (tools/version_file.py, resources/icons)."""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import version_file  # noqa: E402

from collector import __version__  # noqa: E402


def test_version_tuple():
    assert version_file.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert version_file.version_tuple("1.2.3.4") == (1, 2, 3, 4)
    assert version_file.version_tuple("1.2.0rc1+g3f2a") == (1, 2, 0, 0)


def test_the_resource_is_what_pyinstaller_reads():
    text = version_file.render(__version__, "ColetorRM", "Coletor de Diagnóstico RM")
    call = ast.parse(text, mode="eval").body  # PyInstaller evaluates this expression on Windows
    assert isinstance(call, ast.Call) and call.func.id == "VSVersionInfo"
    strings = {n.args[0].value: n.args[1].value for n in ast.walk(call)
               if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "StringStruct"}
    assert strings["ProductVersion"] == strings["FileVersion"] == __version__
    assert strings["OriginalFilename"] == "ColetorRM.exe" and strings["ProductName"] == "Coletor de Diagnóstico RM"
    assert "StringTable('041604B0'" in text and "[0x0416, 1200]" in text
    ffi = next(n for n in ast.walk(call) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "FixedFileInfo")
    filevers = next(k.value for k in ffi.keywords if k.arg == "filevers")
    assert ast.literal_eval(filevers) == version_file.version_tuple(__version__)


def test_the_spec_uses_both_and_the_icon_is_a_real_ico():
    spec = (ROOT / "collector.spec").read_text(encoding="utf-8")
    assert spec.count("version=version_resource(") == 2 and spec.count("icon=icon") == 2
    data = (ROOT / "resources" / "icons" / "collector.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1) and count >= 1  # ICONDIR: an icon file with at least one image
