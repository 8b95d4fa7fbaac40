"""Checks that every dependency the Windows build installs exists as a binary wheel for Windows x64 and
CPython 3.11 (SPEC §8: the Windows build never compiles anything), so a dependency without Windows
wheels is caught on this Linux CI and not on the build machine.

    .venv/bin/python tools/check_windows_wheels.py [requirements/build.lock]

It keeps the pins of the lock whose environment markers hold on Windows (``sys_platform == 'win32'``
kept, ``== 'linux'`` dropped), then asks pip to resolve exactly those, hash-checked, for the Windows
platform without installing anything (``pip install --dry-run --report``; pip evaluates markers for
the machine it runs on, hence the filtering here):
https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-platform
https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-dry-run
https://packaging.python.org/en/latest/specifications/dependency-specifiers/#environment-markers
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.markers import Marker

ROOT = Path(__file__).resolve().parents[1]
PYTHON = "3.11"
#: the environment markers of CPython 3.11 on 64-bit Windows
WINDOWS_ENV = {
    "os_name": "nt", "sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64",
    "platform_release": "10", "platform_version": "10.0.19045", "python_version": PYTHON,
    "python_full_version": f"{PYTHON}.9", "implementation_name": "cpython", "implementation_version": f"{PYTHON}.9",
    "platform_python_implementation": "CPython", "extra": "",
}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)\s*(?:;\s*(.*?))?\s*\\?$")


def windows_pins(lock_text: str) -> list[str]:
    """The lock's requirement blocks (pin + hashes) that apply on Windows, markers removed."""
    blocks: list[str] = []
    current: list[str] | None = None
    for line in lock_text.splitlines():
        match = _PIN.match(line)
        if match:
            name, version, marker = match.groups()
            current = None
            if marker and not Marker(marker).evaluate(WINDOWS_ENV):
                continue
            current = [f"{name}=={version} \\"]
            blocks.append("")
            continue
        stripped = line.strip()
        if current is not None and stripped.startswith("--hash="):
            current.append(f"    {stripped}")
            blocks[-1] = "\n".join(current).rstrip(" \\")
    return [b for b in blocks if b]


def command(requirements: Path, report: Path, target: Path) -> list[str]:
    return [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--ignore-installed", "--no-deps",
            "--require-hashes", "--only-binary=:all:", "--platform", "win_amd64", "--python-version", PYTHON,
            "--implementation", "cp", "--target", str(target), "--report", str(report),
            "--disable-pip-version-check", "-r", str(requirements)]


def not_wheels(report: dict) -> list[str]:
    """Resolved items that are not wheels (cannot happen with --only-binary, checked all the same)."""
    return [item["metadata"]["name"] for item in report.get("install", [])
            if not item.get("download_info", {}).get("url", "").endswith(".whl")]


def main(argv: list[str]) -> int:
    lock = Path(argv[0]) if argv else ROOT / "requirements" / "build.lock"
    pins = windows_pins(lock.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="win-wheels-") as tmp:
        folder = Path(tmp)
        requirements = folder / "windows.txt"
        requirements.write_text("\n".join(pins) + "\n", encoding="utf-8")
        report = folder / "report.json"
        proc = subprocess.run(command(requirements, report, folder / "target"), capture_output=True, text=True)
        if proc.returncode != 0:
            print("check_windows_wheels: alguma dependência não tem wheel para Windows x64 / CPython "
                  f"{PYTHON}:\n{proc.stderr.strip()}", file=sys.stderr)
            return 1
        resolved = json.loads(report.read_text(encoding="utf-8"))
    bad = not_wheels(resolved)
    if bad:
        print(f"check_windows_wheels: sem wheel para Windows: {', '.join(bad)}", file=sys.stderr)
        return 1
    print(f"check_windows_wheels: {len(resolved.get('install', []))} pacotes com wheel win_amd64 / cp311")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
