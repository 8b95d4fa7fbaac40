"""File version of a Windows PE file (RM.Version.dll, RM.exe), read with pefile on any OS."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from collector.probes.smallfile import FileProblem, read_bytes

MAX_PE_BYTES = 256 * 1024 * 1024
_VERSION = re.compile(r"^\s*(\d+)[.,]\s*(\d+)[.,]\s*(\d+)(?:[.,]\s*(\d+))?")


@dataclass(frozen=True)
class PeVersion:
    version: str
    source: str  # "VS_FIXEDFILEINFO" or "StringFileInfo"


def _from_fixed(pe) -> str | None:
    for info in getattr(pe, "VS_FIXEDFILEINFO", None) or []:
        ms, ls = info.FileVersionMS, info.FileVersionLS
        parts = (ms >> 16, ms & 0xFFFF, ls >> 16, ls & 0xFFFF)
        if any(parts):
            return ".".join(str(p) for p in parts)
    return None


def _from_strings(pe) -> str | None:
    for file_info in getattr(pe, "FileInfo", None) or []:
        for entry in file_info:
            for table in getattr(entry, "StringTable", None) or []:
                for key in (b"FileVersion", b"ProductVersion"):
                    raw = table.entries.get(key)
                    if not raw:
                        continue
                    match = _VERSION.match(raw.decode("utf-8", "replace"))
                    if match:
                        return ".".join(g for g in match.groups() if g is not None)
    return None


def read_pe_version(path: Path) -> PeVersion:
    """The numeric VS_FIXEDFILEINFO first, the version strings second. Raises FileProblem."""
    import pefile

    data = read_bytes(path, MAX_PE_BYTES)
    try:
        pe = pefile.PE(data=data, fast_load=True)
        pe.parse_data_directories(
            directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]])
    except pefile.PEFormatError as exc:
        raise FileProblem(f"não é um executável Windows válido ({exc.value})") from exc
    except Exception as exc:  # pefile raises assorted errors on hostile input
        raise FileProblem(f"executável corrompido ({type(exc).__name__})") from exc
    try:
        fixed = _from_fixed(pe)
        if fixed:
            return PeVersion(fixed, "VS_FIXEDFILEINFO")
        strings = _from_strings(pe)
        if strings:
            return PeVersion(strings, "StringFileInfo")
    finally:
        pe.close()
    raise FileProblem("sem recurso de versão")


_RELEASE = re.compile(r"^(\d+)\.(\d+)\.(\d+)")


def release_of(version: str | None) -> str | None:
    """``12.1.2406.145`` → ``12.1.2406`` (RM releases are named 12.1.NNNN; the 4th part is the patch)."""
    if not version:
        return None
    match = _RELEASE.match(version)
    return ".".join(match.groups()) if match else None
