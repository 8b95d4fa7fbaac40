"""Starting the collector with the user's session, only when the user asks (issue 18): it then starts
in the tray (``--tray``), without opening a window.

- Windows: a value named ``ColetorRM`` under the per-user ``Run`` key,
  ``HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``; its data is the command
  line. "Run and RunOnce keys cause programs to run each time that a user logs on"; the per-user key
  runs for that user only and needs no administrator (Microsoft, "Run and RunOnce Registry Keys",
  https://learn.microsoft.com/en-us/windows/win32/setupapi/run-and-runonce-registry-keys).
- Linux: an XDG autostart entry, ``$XDG_CONFIG_HOME/autostart/coletor-rm.desktop``
  (``~/.config/autostart`` when unset), a Desktop Entry launched after the user logs in; an entry
  with ``Hidden=true`` is ignored (freedesktop.org, "Desktop Application Autostart Specification",
  https://specifications.freedesktop.org/autostart-spec/latest/). The ``Exec`` value quotes its
  arguments as the Desktop Entry Specification says (double quotes; ``"``, `````, ``$`` and ``\\``
  escaped with a backslash, and every backslash doubled once more as a string value).

The command: the frozen build's windowed executable, else this Python (``pythonw`` on Windows) with
``-m collector``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from collector.core.atomic import atomic_write_bytes

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
VALUE_NAME = "ColetorRM"
DESKTOP_FILE = "coletor-rm.desktop"
TRAY_FLAG = "--tray"


def command(executable: str | None = None, frozen: bool | None = None, platform: str = sys.platform) -> list[str]:
    """The command line that starts the collector in the tray."""
    exe = executable or sys.executable
    if frozen if frozen is not None else getattr(sys, "frozen", False):
        if platform == "win32":  # the windowed executable next to the console one (collector.spec)
            windowed = Path(exe).with_name("ColetorRM.exe")
            exe = str(windowed) if windowed.exists() else exe
        return [exe, TRAY_FLAG]
    if platform == "win32":
        pythonw = Path(exe).with_name("pythonw.exe")
        exe = str(pythonw) if pythonw.exists() else exe
    return [exe, "-m", "collector", TRAY_FLAG]


# ---------------------------------------------------------------------------------------- Linux


def autostart_dir(env: Mapping[str, str] | None = None) -> Path:
    source: Mapping[str, str] = os.environ if env is None else env
    base = source.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "autostart"


def _exec_arg(arg: str) -> str:
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    if arg and not (set(arg) & reserved):
        return arg
    quoted = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return '"' + quoted + '"'


def exec_line(argv: list[str]) -> str:
    """``argv`` as a Desktop Entry ``Exec`` value (quoting rule, then the string escape of ``\\``)."""
    return " ".join(_exec_arg(a) for a in argv).replace("\\", "\\\\")


def desktop_entry(argv: list[str]) -> str:
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=Coletor de Diagnóstico RM",
        "Comment=Chamados do suporte RM na bandeja",
        f"Exec={exec_line(argv)}",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        "",
    ])


# ---------------------------------------------------------------------------------------- both


def _winreg() -> Any:  # pragma: no cover - Windows only
    import winreg

    return winreg


def enable(argv: list[str] | None = None, platform: str = sys.platform, env: Mapping[str, str] | None = None) -> Path | str:
    """Registers the start with the session; returns where (the .desktop file, or the Run value)."""
    argv = argv or command(platform=platform)
    if platform == "win32":  # pragma: no cover - Windows only
        import subprocess

        winreg = _winreg()
        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.SetValueEx(key, VALUE_NAME, 0, winreg.REG_SZ, subprocess.list2cmdline(argv))
        return f"HKCU\\{RUN_KEY}\\{VALUE_NAME}"
    folder = autostart_dir(env)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DESKTOP_FILE
    return atomic_write_bytes(path, desktop_entry(argv).encode("utf-8"))


def disable(platform: str = sys.platform, env: Mapping[str, str] | None = None) -> None:
    if platform == "win32":  # pragma: no cover - Windows only
        winreg = _winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, VALUE_NAME)
        except FileNotFoundError:
            pass
        return
    (autostart_dir(env) / DESKTOP_FILE).unlink(missing_ok=True)


def is_enabled(platform: str = sys.platform, env: Mapping[str, str] | None = None) -> bool:
    if platform == "win32":  # pragma: no cover - Windows only
        winreg = _winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                winreg.QueryValueEx(key, VALUE_NAME)
            return True
        except FileNotFoundError:
            return False
    return (autostart_dir(env) / DESKTOP_FILE).is_file()
