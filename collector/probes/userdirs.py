"""The current user's folders where RMError files end up: Desktop, Documents, Downloads and temp.

Found through the OS, never guessed from the profile path: on Windows ``platformdirs`` asks the shell
for the known folders (``SHGetKnownFolderPath``), which follows OneDrive's relocation of Desktop and
Documents; on Linux it reads the XDG user dirs. Files saved before OneDrive moved a folder stay in the
old place, so the profile's own ``Desktop``/``Documents`` and the OneDrive roots' are added when they
exist. Only folders that exist are returned, each once.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class UserFolder:
    label: str      # shown to the user (Portuguese)
    path: Path
    depth: int      # folder levels searched below it


def _platform_getters() -> list[tuple[str, Callable[[], str], int]]:
    import platformdirs

    return [
        ("Área de Trabalho", platformdirs.user_desktop_dir, 1),
        ("Documentos", platformdirs.user_documents_dir, 1),
        ("Downloads", platformdirs.user_downloads_dir, 1),
        ("Temp", tempfile.gettempdir, 0),
    ]


_ONEDRIVE_VARS = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")
_ONEDRIVE_FOLDERS = (("Área de Trabalho", ("Desktop", "Área de Trabalho")),
                     ("Documentos", ("Documents", "Documentos")))


def user_folders(env: Mapping[str, str] | None = None, home: Path | None = None,
                 getters: list[tuple[str, Callable[[], str], int]] | None = None) -> list[UserFolder]:
    """The user's RMError folders, existing ones only, without repeats (see module doc).

    ``env``, ``home`` and ``getters`` are for tests (default: the process environment, the user's
    home, and platformdirs).
    """
    env = os.environ if env is None else env
    if home is None:
        profile = env.get("USERPROFILE") if os.name == "nt" else None
        home = Path(profile) if profile else Path.home()
    candidates: list[tuple[str, str | Path, int]] = []
    for label, getter, depth in (getters if getters is not None else _platform_getters()):
        try:
            candidates.append((label, getter(), depth))
        except Exception:  # an unset variable or a shell failure: that folder is simply unknown
            continue
    for var in _ONEDRIVE_VARS:
        base = env.get(var)
        if base:
            for label, names in _ONEDRIVE_FOLDERS:
                candidates += [(f"{label} (OneDrive)", Path(base) / name, 1) for name in names]
    candidates += [("Área de Trabalho", home / "Desktop", 1), ("Documentos", home / "Documents", 1),
                   ("Downloads", home / "Downloads", 1)]

    out: list[UserFolder] = []
    seen: set[str] = set()
    for label, path, depth in candidates:
        folder = Path(path)
        try:
            if not folder.is_dir():
                continue
            key = os.path.normcase(os.path.realpath(folder))
        except OSError:
            continue
        if key in seen:
            continue
        seen.add(key)
        out.append(UserFolder(label, folder, depth))
    return out
