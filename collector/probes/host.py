"""The workstation: OS, CPU, memory, disks, user and time zone (IANA name, also on Windows)."""

from __future__ import annotations

import getpass
import platform
import socket
import sys
from typing import Any


def _cpu_model() -> str | None:
    if sys.platform == "win32":
        try:
            import winreg

            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE,
                                r"HARDWARE\DESCRIPTION\System\CentralProcessor\0") as key:
                return str(winreg.QueryValueEx(key, "ProcessorNameString")[0]).strip()
        except OSError:
            pass
    else:
        try:
            with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    if line.lower().startswith("model name"):
                        return line.split(":", 1)[1].strip()
        except OSError:
            pass
    return platform.processor() or None


def timezone_name() -> str | None:
    """IANA zone name; tzlocal maps Windows zone names (E. South America Standard Time)."""
    try:
        import tzlocal

        return tzlocal.get_localzone_name()
    except Exception:
        return None


def _disks() -> list[dict[str, Any]]:
    import psutil

    disks = []
    for part in psutil.disk_partitions(all=False):
        if sys.platform != "win32" and (part.mountpoint.startswith(("/snap", "/proc", "/sys", "/dev"))):
            continue
        try:
            usage = psutil.disk_usage(part.mountpoint)
        except OSError:  # an empty card reader, a dropped network drive
            continue
        disks.append({"mount": part.mountpoint, "total_bytes": usage.total, "free_bytes": usage.free})
    return disks


def _user() -> str | None:
    try:
        return getpass.getuser()
    except Exception:
        return None


def host_info() -> dict[str, Any]:
    import psutil

    memory = psutil.virtual_memory()
    uname = platform.uname()
    return {
        "hostname": socket.gethostname(),
        "os": {"system": uname.system, "release": uname.release, "version": uname.version,
               "arch": uname.machine},
        "cpu": {"logical": psutil.cpu_count(), "physical": psutil.cpu_count(logical=False),
                "model": _cpu_model()},
        "memory": {"total_bytes": memory.total, "available_bytes": memory.available},
        "disks": _disks(),
        "user": _user(),
        "timezone": timezone_name(),
    }
