"""Finding RM installations: explicit folders, the usual folders on fixed drives, running RM
processes and Windows services (SPEC §3). A folder is an installation when it holds ``RM.exe``,
``RM.Host.exe`` or ``RM.Host.Service.exe``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from collector.core.models import Problem, RmProcess
from collector.probes import fileio, rm_parts

MARKERS = ("rm.exe", "rm.host.exe", "rm.host.service.exe")
RM_PROCESS_NAMES = {
    "rm", "rm.host", "rm.host.service", "rm.host.servicemanager", "rm.host.jobrunner",
    "rm.processpool.process",
}
SEARCH_DEPTH = 3
# folders never worth descending into while looking for installations
_PRUNE = {"logs", "log", "temp", "tmp", "intellitracecollection", "$recycle.bin", "node_modules",
          "windows", "system volume information"}


def is_installation(folder: Path) -> bool:
    try:
        return any(e.name.lower() in MARKERS and e.is_file for e in fileio.list_dir(folder))
    except OSError:  # FolderOffline included: a share that does not answer holds no installation we can read
        return False


OFFLINE = "pasta de rede sem resposta (offline)"


def folder_key(folder: Path, st: os.stat_result) -> object:
    """What identifies a folder when de-duplicating: (device, inode), except where the file system has
    no inode numbers (FAT/exFAT, some NAS shares report 0 for every file), where the resolved,
    case-folded path stands in.
    https://docs.python.org/3/library/os.html#os.stat_result.st_ino"""
    if st.st_ino:
        return (st.st_dev, st.st_ino)
    try:
        resolved = os.path.realpath(folder)
    except (OSError, ValueError):
        resolved = os.path.abspath(folder)
    return os.path.normcase(resolved)


def is_portal_folder(folder: Path) -> bool:
    """A web portal's folder (FrameHTML, Corpore.Net, Portal Educacional: ``rm_parts.PORTALS``)."""
    return any(folder.name.lower() in names for _label, names in rm_parts.PORTALS.values())


def search_installations(root: Path, problems: list[Problem], depth: int = SEARCH_DEPTH,
                         portals: list[Path] | None = None) -> list[Path]:
    """Installations at or below ``root`` (breadth-first, depth-limited, symlinks not followed).

    ``portals`` (optional) receives the web portals' folders met on the way (not descended into): a web
    server may hold FrameHTML or Corpore.Net without any RM executable beside them."""
    found: list[Path] = []
    seen: set[object] = set()
    level = [root]
    for _ in range(depth + 1):
        nxt: list[Path] = []
        for folder in level:
            try:
                st = fileio.stat_file(folder)  # time-bounded on a network path
            except fileio.FolderOffline:
                problems.append(Problem(str(folder), OFFLINE))
                continue
            except OSError:
                continue
            key = folder_key(folder, st)
            if key in seen:  # a loop through a junction or hard link
                continue
            seen.add(key)
            if portals is not None and is_portal_folder(folder):
                portals.append(folder)
                continue
            try:
                entries = fileio.list_dir(folder)
            except fileio.FolderOffline:
                problems.append(Problem(str(folder), OFFLINE))
                continue
            except PermissionError:
                problems.append(Problem(str(folder), "sem permissão para listar a pasta"))
                continue
            except OSError as exc:
                problems.append(Problem(str(folder), f"não foi possível listar a pasta ({exc.strerror})"))
                continue
            names = {e.name.lower() for e in entries}
            if names & set(MARKERS):
                found.append(folder)
                continue  # an installation's own subfolders hold no other installation
            for entry in entries:
                if entry.is_dir and not entry.is_link and entry.name.lower() not in _PRUNE:
                    nxt.append(entry.path)
        level = nxt
    return found


def default_search_roots() -> list[Path]:
    """``X:\\totvs`` and ``X:\\CorporeRM`` on every fixed drive (Windows only)."""
    if sys.platform != "win32":
        return []
    import psutil

    roots = []
    for part in psutil.disk_partitions(all=False):
        if "fixed" not in part.opts and "rw" not in part.opts:
            continue
        for name in ("totvs", "CorporeRM", "RM.Net"):
            candidate = Path(part.mountpoint) / name
            if candidate.is_dir():
                roots.append(candidate)
    return roots


@dataclass
class ProcessInfo:
    name: str
    pid: int
    exe: str | None
    started_at: str | None


class SessionFilter:
    """Which processes belong to this user's session (Terminal Server, SPEC §1).

    Windows: the pids ``WTSEnumerateProcessesW`` reports in our session (elevated RM processes of the
    same session included, see ``winsession``); when Windows will not list them, no process counts
    (never another user's). Elsewhere: processes of our real uid.
    """

    def __init__(self, pids: set[int] | None = None):
        if pids is None and sys.platform == "win32":
            from collector.core import winsession

            pids = set(winsession.session_processes() or {})
        self.pids = pids

    def __call__(self, pid: int, proc) -> bool:
        if self.pids is not None:
            return pid in self.pids
        try:
            return proc.uids().real == os.getuid()
        except Exception:
            return False


def list_rm_processes() -> list[ProcessInfo]:
    """RM processes of the current user's session."""
    import psutil

    session = SessionFilter()
    found = []
    for proc in psutil.process_iter(["name", "pid", "create_time"]):
        name = (proc.info.get("name") or "")
        stem = name[:-4] if name.lower().endswith(".exe") else name
        if stem.lower() not in RM_PROCESS_NAMES:
            continue
        if not session(proc.info["pid"], proc):
            continue
        try:
            exe = proc.exe() or None
        except (psutil.Error, OSError):
            exe = None
        created = proc.info.get("create_time")
        started = datetime.fromtimestamp(created).astimezone().isoformat(timespec="seconds") if created else None
        found.append(ProcessInfo(name if name.lower().endswith(".exe") else f"{name}.exe",
                                 proc.info["pid"], exe, started))
    return found


def list_rm_service_folders() -> list[Path]:
    """Folders of Windows services running RM.Host.Service.exe (empty elsewhere)."""
    if sys.platform != "win32":
        return []
    import psutil

    folders = []
    for service in psutil.win_service_iter():
        try:
            binpath = service.binpath() or ""
        except Exception:
            continue
        lowered = binpath.lower()
        idx = lowered.find("rm.host.service.exe")
        if idx == -1:
            continue
        exe = binpath[:idx + len("rm.host.service.exe")].strip().strip('"')
        folders.append(Path(exe).parent)
    return folders


@dataclass
class Discovery:
    """Where installations were found, and the RM processes by installation root."""

    roots: list[Path] = field(default_factory=list)
    processes: dict[str, list[RmProcess]] = field(default_factory=dict)


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(str(path)))


def discover(
    explicit: Iterable[Path] = (),
    *,
    scan_defaults: bool = True,
    problems: list[Problem],
    processes: Callable[[], list[ProcessInfo]] = list_rm_processes,
    services: Callable[[], list[Path]] = list_rm_service_folders,
    search_roots: Callable[[], list[Path]] = default_search_roots,
) -> Discovery:
    """Every installation from the explicit roots, the usual folders, processes and services.

    The Windows-only sources are injectable so tests can fake them.
    """
    result = Discovery()
    seen: dict[str, Path] = {}

    def add(path: Path) -> None:
        key = _key(path)
        if key not in seen:
            seen[key] = path
            result.roots.append(path)

    portals: list[Path] = []
    for root in explicit:
        before = len(portals)
        found = search_installations(root, problems, portals=portals)
        if not found and len(portals) == before:
            problems.append(Problem(str(root), "nenhuma instalação do RM (RM.exe, RM.Host.exe ou "
                                               "RM.Host.Service.exe) nem portal do RM encontrado nesta pasta"))
        for folder in found:
            add(folder)

    procs: list[ProcessInfo] = []
    if scan_defaults:
        for root in search_roots():
            for folder in search_installations(root, problems, portals=portals):
                add(folder)
        try:
            procs = processes()
        except Exception as exc:
            problems.append(Problem("processos", f"não foi possível listar os processos ({exc})"))
        for proc in procs:
            if proc.exe and is_installation(Path(proc.exe).parent):
                add(Path(proc.exe).parent)
        try:
            service_folders = services()
        except Exception as exc:
            problems.append(Problem("serviços", f"não foi possível listar os serviços ({exc})"))
            service_folders = []
        for folder in service_folders:
            if is_installation(folder):
                add(folder)
    else:
        try:
            procs = processes()
        except Exception:
            procs = []

    # portals with no RM executable in their environment (a web server): their environment is reported
    covered = {_key(r) for r in result.roots} | {_key(r.parent) for r in result.roots}
    for portal in portals:
        env = portal.parent
        if _key(env) not in covered:
            covered.add(_key(env))
            add(env)

    for proc in procs:
        if not proc.exe:
            continue
        key = _key(Path(proc.exe).parent)
        if key in seen:
            result.processes.setdefault(key, []).append(RmProcess(proc.name, proc.pid, proc.started_at))
    return result


def processes_for(discovery: Discovery, root: Path) -> list[RmProcess]:
    return discovery.processes.get(_key(root), [])
