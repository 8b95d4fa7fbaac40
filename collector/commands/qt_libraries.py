"""Qt's xcb platform plugin needs system libraries that a fresh Linux desktop may lack
(``libxcb-cursor0`` is the usual one). Without them Qt aborts the process with several lines and exit
134, so the wizard asks the dynamic loader first, as Qt would, and says in one line what to install.

Package names follow Debian Policy §8.1 ("Run-time shared libraries",
https://www.debian.org/doc/debian-policy/ch-sharedlibs.html): the run-time package of a library with
SONAME ``libfoo.so.N`` is ``libfooN``, or ``libfoo-N`` when the name ends in a digit.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

#: SONAMEs whose Debian/Ubuntu package name does not follow the rule
PACKAGE_OF = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libdbus-1.so.3": "libdbus-1-3",
}


def xcb_plugin() -> Path | None:
    """``libqxcb.so`` of the Qt that the wizard will load: inside a frozen app, else PySide6's."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        roots = [Path(frozen) / "PySide6"]
    else:
        spec = importlib.util.find_spec("PySide6")  # locates the package without importing Qt
        roots = [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    for root in roots:
        plugin = root / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu run-time package that ships ``soname`` (Debian Policy §8.1)."""
    if soname in PACKAGE_OF:
        return PACKAGE_OF[soname]
    match = re.fullmatch(r"(lib[^/]+?)\.so\.(\d+)(?:\.\d+)*", soname)
    if not match:
        return soname
    name, major = match.group(1).lower(), match.group(2)
    return f"{name}-{major}" if name[-1].isdigit() else f"{name}{major}"


def _not_found(plugin: Path) -> list[str]:
    """Every library ``ldd`` cannot find for ``plugin`` (the loader names only the first)."""
    ldd = shutil.which("ldd")
    if not ldd:
        return []
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    names = [line.split("=>")[0].strip() for line in out.splitlines() if "not found" in line]
    return list(dict.fromkeys(names))  # a library two of Qt's libraries need is listed twice


def missing_libraries(plugin: Path | None = None) -> list[str]:
    """The SONAMEs the dynamic loader cannot find for Qt's xcb plugin; empty when it loads."""
    plugin = plugin or xcb_plugin()
    if plugin is None:
        return []
    try:
        ctypes.CDLL(str(plugin), mode=os.RTLD_LAZY)  # Qt would load it the same way, moments later
        return []
    except OSError as exc:
        first = re.match(r"([^\s:]+\.so[.\d]*): cannot open shared object file", str(exc))
        found = _not_found(plugin)
        if first and first.group(1) not in found:
            found.insert(0, first.group(1))
        return found


def problem(plugin: Path | None = None) -> str | None:
    """One Portuguese line with the command that installs what Qt lacks, or None."""
    missing = missing_libraries(plugin)
    if not missing:
        return None
    packages = sorted({debian_package(name) for name in missing})
    return (f"faltam bibliotecas do sistema para abrir a janela ({', '.join(missing)}); instale com: "
            f"sudo apt-get install {' '.join(packages)}")
