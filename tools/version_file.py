"""The Windows version resource of both executables (Explorer's "Detalhes" tab, antivirus allow-lists,
the installer), as the text PyInstaller's ``EXE(version=...)`` reads. Written by collector.spec at build
time from ``collector.__version__``; VERSIONINFO fields and the pt-BR (0x0416) / Unicode (1200)
translation as Microsoft documents them:
https://learn.microsoft.com/en-us/windows/win32/menurc/versioninfo-resource
https://learn.microsoft.com/en-us/windows/win32/menurc/stringfileinfo-block
"""

from __future__ import annotations

import re

PRODUCT = "Coletor de Diagnóstico RM"
LANG_PT_BR, CODEPAGE_UNICODE = 0x0416, 1200


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """``0.1.0`` → (0, 1, 0, 0); pre-release / local parts dropped ("1.2.0rc1+g3" → (1, 2, 0, 0))."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0].split("rc")[0].split("a")[0])[:4]]
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def render(version: str, exe_name: str, description: str) -> str:
    fixed = version_tuple(version)
    strings = {
        "CompanyName": "Coletor de Diagnóstico RM",
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": exe_name,
        "LegalCopyright": "GPL-3.0-or-later",
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }
    table = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={fixed}, prodvers={fixed}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('{LANG_PT_BR:04X}{CODEPAGE_UNICODE:04X}', [
          {table}])]),
    VarFileInfo([VarStruct('Translation', [{LANG_PT_BR:#06x}, {CODEPAGE_UNICODE}])])
  ]
)
"""
