"""Telling the user about an error when there may be no console.

The windowed executable (``ColetorRM.exe``, PyInstaller ``console=False``) runs with ``sys.stderr``
and ``sys.stdout`` set to None, so a printed line goes nowhere. There the one-line error is shown in a
message box (``MessageBoxW``, no Qt: the CLI layer must not import it) and, like everything, written to
the log file in the user's data folder.
https://pyinstaller.org/en/stable/usage.html#cmdoption-w
https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-messageboxw
"""

from __future__ import annotations

import sys
from typing import Any

TITLE = "Coletor de Diagnóstico RM"
MB_ICONERROR = 0x10
MB_ICONINFORMATION = 0x40
MB_SETFOREGROUND = 0x10000


def has_console() -> bool:
    """True when ``sys.stderr`` can be written to (the console executable, a terminal, a pipe)."""
    return sys.stderr is not None and callable(getattr(sys.stderr, "write", None))


def _user32() -> Any:  # pragma: no cover - Windows only
    import ctypes  # here: the GUI imports this module before its first paint (issue 18)

    return ctypes.windll.user32  # type: ignore[attr-defined]


def message_box(text: str, title: str = TITLE, *, error: bool = True) -> bool:
    """A modal Windows message box; False off Windows or when it could not be shown."""
    if sys.platform != "win32":
        return False
    try:
        flags = (MB_ICONERROR if error else MB_ICONINFORMATION) | MB_SETFOREGROUND
        return bool(_user32().MessageBoxW(None, text, title, flags))
    except (AttributeError, OSError):
        return False


def tell(text: str, *, error: bool = True) -> str:
    """Shows one line to the user: on stderr when there is one, else in a message box (errors only).
    Returns where it went: ``"stderr"``, ``"box"`` or ``"log"`` (the caller logs it anyway)."""
    if has_console():
        try:
            print(text, file=sys.stderr)
            return "stderr"
        except (OSError, ValueError):
            pass
    if error and message_box(text, error=error):
        return "box"
    return "log"
