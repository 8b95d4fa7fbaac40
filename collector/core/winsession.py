"""This user's Windows session: its id, its processes, and whether it is a remote (shared-server) one.

On a Terminal Server dozens of users share the machine, so everything that lists processes or reads
the event log keeps only what belongs to the session we run in (SPEC §1).

- ``session_processes``: ``WTSEnumerateProcessesW`` lists every process with its session id, also
  elevated ones ("executar como administrador") that ``ProcessIdToSessionId`` cannot open for a normal
  user. psutil exposes no Windows session id.
  https://learn.microsoft.com/en-us/windows/win32/api/wtsapi32/nf-wtsapi32-wtsenumerateprocessesw
  https://learn.microsoft.com/en-us/windows/win32/api/wtsapi32/ns-wtsapi32-wts_process_infow
- ``current_session_id``: ``ProcessIdToSessionId`` of our own process (always allowed).
  https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-processidtosessionid
- ``is_remote_session``: ``GetSystemMetrics(SM_REMOTESESSION)`` misses RemoteFX vGPU sessions;
  Microsoft's "Detecting the Remote Desktop Services environment" then compares the session with the
  ``GlassSessionId`` value under ``HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server`` (the
  console's session); ``WTSGetActiveConsoleSessionId`` is the fallback when the value is absent
  (0xFFFFFFFF while no console session is attached).
  https://learn.microsoft.com/en-us/windows/win32/termserv/detecting-the-terminal-services-environment
  https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-wtsgetactiveconsolesessionid

The Windows libraries are reached through ``_kernel32``/``_wtsapi32``/``_user32``/``_winreg`` so the
tests can script them (including failures) on any platform.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from ctypes import wintypes
from typing import Any

log = logging.getLogger(__name__)

WTS_CURRENT_SERVER_HANDLE = 0
NO_CONSOLE_SESSION = 0xFFFFFFFF
SM_REMOTESESSION = 0x1000
TERMINAL_SERVER_KEY = r"SYSTEM\CurrentControlSet\Control\Terminal Server"


class WTS_PROCESS_INFOW(ctypes.Structure):  # noqa: N801 - the Windows name
    _fields_ = [("SessionId", wintypes.DWORD), ("ProcessId", wintypes.DWORD),
                ("pProcessName", ctypes.c_wchar_p), ("pUserSid", ctypes.c_void_p)]


def _is_windows() -> bool:
    return sys.platform == "win32"


def _kernel32() -> Any:  # pragma: no cover - Windows only
    return ctypes.windll.kernel32  # type: ignore[attr-defined]


def _wtsapi32() -> Any:  # pragma: no cover - Windows only
    return ctypes.windll.wtsapi32  # type: ignore[attr-defined]


def _user32() -> Any:  # pragma: no cover - Windows only
    return ctypes.windll.user32  # type: ignore[attr-defined]


def _winreg() -> Any:  # pragma: no cover - Windows only
    import winreg

    return winreg


def current_session_id() -> int | None:
    """The Windows session this process runs in; None off Windows or when the system does not say."""
    if not _is_windows():
        return None
    try:
        kernel32 = _kernel32()
        session = wintypes.DWORD()
        if kernel32.ProcessIdToSessionId(kernel32.GetCurrentProcessId(), ctypes.pointer(session)):
            return int(session.value)
    except (AttributeError, OSError):
        pass
    return None


def all_processes() -> dict[int, tuple[int, str]] | None:
    """pid → (session id, executable name) of every process on the machine, by
    ``WTSEnumerateProcessesW``; None when the call fails (off Windows, or denied)."""
    if not _is_windows():
        return None
    try:
        wts = _wtsapi32()
        info = ctypes.POINTER(WTS_PROCESS_INFOW)()
        count = wintypes.DWORD(0)
        if not wts.WTSEnumerateProcessesW(WTS_CURRENT_SERVER_HANDLE, 0, 1, ctypes.pointer(info),
                                          ctypes.pointer(count)):
            log.warning("WTSEnumerateProcessesW failed")
            return None
    except (AttributeError, OSError):
        return None
    try:
        return {int(info[i].ProcessId): (int(info[i].SessionId), info[i].pProcessName or "")
                for i in range(count.value)}
    finally:
        wts.WTSFreeMemory(info)


def session_processes(session_id: int | None = None) -> dict[int, str] | None:
    """pid → name of the processes of ``session_id`` (default: ours), elevated ones included; None
    when Windows would not list them (the caller then shows no process at all, never other users')."""
    session = current_session_id() if session_id is None else session_id
    if session is None:
        return None
    listed = all_processes()
    if listed is None:
        return None
    return {pid: name for pid, (sid, name) in listed.items() if sid == session}


def glass_session_id() -> int | None:
    """The console session as the registry records it (``GlassSessionId``), or None."""
    if not _is_windows():
        return None
    try:
        winreg = _winreg()
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, TERMINAL_SERVER_KEY) as key:
            value, _kind = winreg.QueryValueEx(key, "GlassSessionId")
        return int(value)
    except (OSError, ValueError, TypeError):
        return None


def console_session_id() -> int | None:
    """``WTSGetActiveConsoleSessionId``; None when no session is attached to the console."""
    if not _is_windows():
        return None
    try:
        value = int(_kernel32().WTSGetActiveConsoleSessionId()) & 0xFFFFFFFF
    except (AttributeError, OSError):
        return None
    return None if value == NO_CONSOLE_SESSION else value


def is_remote_session() -> bool:
    """True in a Remote Desktop / RemoteApp / RemoteFX / Citrix session (a possibly shared server)."""
    if not _is_windows():
        return False
    try:
        if _user32().GetSystemMetrics(SM_REMOTESESSION):
            return True
    except (AttributeError, OSError):
        pass
    current = current_session_id()
    if current is None:
        return False
    console = glass_session_id()
    if console is None:
        console = console_session_id()
    if console is None:  # nobody at the console: every session is a remote one
        return current != 0
    return console != current


def console_codepage() -> int | None:
    """The code page console programs (wevtutil, whoami) write in when not asked for Unicode: the
    console's output code page, else the OEM one (a windowed process has no console).
    https://learn.microsoft.com/en-us/windows/win32/api/consoleapi2/nf-consoleapi2-getconsoleoutputcp
    https://learn.microsoft.com/en-us/windows/win32/api/winnls/nf-winnls-getoemcp"""
    if not _is_windows():
        return None
    try:
        kernel32 = _kernel32()
        return int(kernel32.GetConsoleOutputCP()) or int(kernel32.GetOEMCP()) or None
    except (AttributeError, OSError, ValueError):
        return None


_SID_RE = r"S-1-\d+(?:-\d+)+"


def current_user_sid(run: Any = None) -> str | None:
    """Our user's SID (``whoami /user /fo csv /nh``), to match an event's ``Security/@UserID``.
    https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/whoami"""
    if not _is_windows():
        return None
    import re
    import subprocess

    run = run or subprocess.run
    try:
        out = run(["whoami", "/user", "/fo", "csv", "/nh"], capture_output=True, timeout=10,
                  creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(_SID_RE, (out.stdout or b"").decode("ascii", "replace"))
    return found.group(0) if found else None


ASFW_ANY = 0xFFFFFFFF


def allow_set_foreground() -> bool:
    """Lets the already running instance come to the foreground when we (just started by the user,
    so allowed to) ask it to: ``AllowSetForegroundWindow(ASFW_ANY)``. False off Windows or on failure.
    https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-allowsetforegroundwindow"""
    if not _is_windows():
        return False
    try:
        return bool(_user32().AllowSetForegroundWindow(ASFW_ANY))
    except (AttributeError, OSError):
        return False
