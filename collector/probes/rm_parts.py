"""The other RM parts beside an installation: the web portals and the rm-update service.

Facts and their public sources (TDN, tdn.totvs.com):

- "Configurando o Smart Client RM e TOTVS Update": the RM portals — Corpore.Net, Portal Educacional,
  FrameHTML (the web front end of Meu RH and the new portals) — are installed and updated apart from
  the RM client and Host (TOTVS Update does not update them). Each is a .NET web application with its
  own ``Bin`` folder; "CONFIGURANDO O RM TRACKLOG" puts ``appsettings.log.json`` in the system's ``Bin``,
  so every portal has its own TRACKLOG state and log folder.
- "rm-update" (TDN, pageId=759939258): from 12.1.2402 (first published as 12.1.2306) a separate service
  serves TOTVS Update; it is installed with the RM in the ``rm-update`` folder of the standard
  installation, configured by ``appsettings.json`` there (``Update.BasePath``: the RM folder it serves;
  ``Kestrel.Endpoints.*.Url``: where it listens, by default ports 5000/5001).

Where they are: beside the RM folder in the same environment (``C:\\totvs\\CorporeRM\\RM.Net`` next
to ``C:\\totvs\\CorporeRM\\FrameHTML``; ``...\\Release\\Bin`` next to ``...\\Release\\Corpore.Net``) or
inside it. Folder names are matched case-insensitively; only a few folder levels are listed, so this
stays cheap whatever the size of the log folders.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from collector.core.models import Problem, RmPart
from collector.probes import rm_config
from collector.probes.pe_version import read_pe_version
from collector.probes.smallfile import FileProblem
from collector.probes.tracklog_settings import read_tracklog

#: kind → (name shown to the user, folder names that hold it)
PORTALS = {
    "framehtml": ("FrameHTML / Meu RH", ("framehtml",)),
    "corporenet": ("Corpore.Net", ("corpore.net", "corporenet")),
    "portaleducacional": ("Portal Educacional", ("portaleducacional", "portal educacional",
                                                 "portal.educacional")),
}
RM_UPDATE = "rm-update"
BIN_DEPTH = 3        # Bin folders looked for down to <part>/Web/App/Bin
_SKIP = {"logs", "log", "temp", "tmp", "node_modules", "assets", "css", "js", "img", "images", "fonts"}


def _dirs(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            return sorted((Path(e.path) for e in entries if e.is_dir(follow_symlinks=False)),
                          key=lambda p: p.name.lower())
    except OSError:
        return []


def environment_folders(root: Path) -> list[Path]:
    """The folders whose children may be RM parts: the installation and, when it is ``RM.Net`` or
    ``Bin``, the environment folder above it."""
    folders = [root]
    if root.name.lower() in ("rm.net", "bin") and root.parent != root:
        folders.insert(0, root.parent)
    return folders


def _bins(part: Path) -> list[Path]:
    """``Bin`` folders of a web portal, breadth-first, shallowest first."""
    found: list[Path] = []
    level = [part]
    for _ in range(BIN_DEPTH):
        nxt: list[Path] = []
        for folder in level:
            for child in _dirs(folder):
                lowered = child.name.lower()
                if lowered == "bin":
                    found.append(child)
                elif lowered not in _SKIP:
                    nxt.append(child)
        level = nxt
    return found


def _version(folders: list[Path], problems: list[Problem]) -> str | None:
    for folder in folders:
        path = folder / "RM.Version.dll"
        if path.is_file():
            try:
                return read_pe_version(path).version
            except FileProblem as exc:
                problems.append(Problem(str(path), str(exc)))
    return None


def _existing(paths: list[Path]) -> list[str]:
    out: list[str] = []
    for path in paths:
        if path.is_dir() and str(path) not in out:
            out.append(str(path))
    return out


def _portal(kind: str, folder: Path, problems: list[Problem]) -> RmPart:
    name = PORTALS[kind][0]
    bins = _bins(folder)
    part = RmPart(kind=kind, name=name, root=str(folder), bins=[str(b) for b in bins])
    part.version = _version(bins, problems)
    app_root = bins[0].parent if bins else folder
    part.tracklog, candidates = read_tracklog(app_root, bins or [folder], problems)
    part.log_dirs = _existing(candidates + [folder / "Logs"])
    return part


def _rm_update(folder: Path, problems: list[Problem]) -> RmPart:
    part = RmPart(kind=RM_UPDATE, name="rm-update (serviço do TOTVS Update)", root=str(folder))
    settings = folder / "appsettings.json"
    details: dict[str, Any] = {}
    if settings.is_file():
        try:
            doc = rm_config.read_json(settings)
        except FileProblem as exc:
            problems.append(Problem(str(settings), str(exc)))
            doc = None
        lowered = _lowered(doc)
        update = _lowered(lowered.get("update"))
        if isinstance(update.get("basepath"), str):
            details["base_path"] = update["basepath"]
        endpoints = _lowered(_lowered(lowered.get("kestrel")).get("endpoints"))
        urls = [str(_lowered(v).get("url")) for v in endpoints.values() if _lowered(v).get("url")]
        if urls:
            details["urls"] = urls
        details["config"] = str(settings)
    part.details = details
    exes = sorted(p for p in _files(folder) if p.suffix.lower() == ".exe")
    part.version = _version_of_files(exes, problems)
    part.log_dirs = _existing([folder / "Logs", folder / "logs"])
    return part


def _lowered(obj: object) -> dict[str, Any]:
    """A JSON object with its keys in lower case (settings are case-insensitive); {} for anything else."""
    return {str(k).lower(): v for k, v in obj.items()} if isinstance(obj, dict) else {}


def _files(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            return [Path(e.path) for e in entries if e.is_file()]
    except OSError:
        return []


def _version_of_files(paths: list[Path], problems: list[Problem]) -> str | None:
    for path in paths:
        try:
            return read_pe_version(path).version
        except FileProblem:
            continue
    return None


def find_parts(root: Path, problems: list[Problem]) -> list[RmPart]:
    """The portals and the rm-update service of the environment ``root`` belongs to."""
    parts: list[RmPart] = []
    seen: set[str] = set()
    for env in environment_folders(root):
        for child in _dirs(env):
            lowered = child.name.lower()
            key = os.path.normcase(str(child))
            if key in seen:
                continue
            kind = next((k for k, (_n, names) in PORTALS.items() if lowered in names), None)
            if kind is not None:
                seen.add(key)
                parts.append(_portal(kind, child, problems))
            elif lowered == RM_UPDATE:
                seen.add(key)
                parts.append(_rm_update(child, problems))
    return parts
