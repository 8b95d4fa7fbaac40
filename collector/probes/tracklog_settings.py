"""RM TRACKLOG settings: on or off, and the folder it writes to.

Facts from TDN, "CONFIGURANDO O RM TRACKLOG" (tdn.totvs.com/display/LRM/CONFIGURANDO+O+RM+TRACKLOG):

- TRACKLOG is configured by ``appsettings.log.json`` in the system's ``Bin`` folder; without the file
  the defaults apply.
- Section ``Serilog`` → ``WriteTo`` → ``Name: Async`` → ``Args.configure`` → ``Name: MapToFile`` →
  ``Args``: ``enable`` turns writing to files on; **its default is false** (TRACKLOG off). ``path`` is
  the *folder* the files go to (``"C:\\\\TOTVS\\\\RM\\\\Logs\\\\"``); its default is
  ``<application root>\\Logs`` (older versions of the page: ``Bin\\Logs``). ``fileSizeLimitBytes``
  defaults to 1 GB.

A disabled TRACKLOG explains "no logs": the state is reported with what to change.
"""

from __future__ import annotations

import os
from pathlib import Path, PureWindowsPath

from collector.core.models import Problem, Tracklog
from collector.probes import rm_config
from collector.probes.smallfile import FileProblem

CONFIG_NAME = "appsettings.log.json"
TDN_PAGE = "TDN: CONFIGURANDO O RM TRACKLOG"
_LOG_EXTENSIONS = (".log", ".txt", ".json", ".clef")


def _find(folder: Path, name: str) -> Path | None:
    lowered = name.lower()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.lower() == lowered and entry.is_file():
                    return Path(entry.path)
    except OSError:
        return None
    return None


def _lower_keys(obj: object) -> dict[str, object]:
    return {str(k).lower(): v for k, v in obj.items()} if isinstance(obj, dict) else {}


def map_to_file_args(doc: object) -> list[dict[str, object]]:
    """The ``Args`` of every ``MapToFile`` sink, at any depth (``WriteTo`` → ``Async`` → ``configure``)."""
    return [_lower_keys(_lower_keys(obj).get("args")) for obj in rm_config.json_dicts(doc)
            if str(_lower_keys(obj).get("name") or "").lower() == "maptofile"]


def _flag(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return rm_config.as_bool(value)
    return None


def native_path(value: str) -> Path:
    """A Windows path from a config as a path of this OS (tests run on Linux)."""
    if os.sep == "\\":
        return Path(value)
    return Path(value.replace("\\", "/")) if not PureWindowsPath(value).drive else Path(value)


def log_folder(value: str, base: Path) -> Path:
    """``path`` names a folder (TDN); a value that names a file (``Logs\\log-.txt``, written by hand
    or by older templates) stands for its folder."""
    target = native_path(value.strip())
    if not target.is_absolute():
        target = base / target
    if not target.is_dir() and target.suffix.lower() in _LOG_EXTENSIONS:
        return target.parent
    return target


def how_to_enable(config: Path | None, bin_folder: Path) -> str:
    where = str(config) if config else str(bin_folder / CONFIG_NAME)
    verb = "edite" if config else "crie"
    return (f"Para ativar o TRACKLOG, {verb} {where} com \"enable\": true em Serilog → WriteTo → Async → "
            f"MapToFile → Args e reinicie a aplicação ({TDN_PAGE}).")


def read_tracklog(app_root: Path, bin_folders: list[Path], problems: list[Problem]) -> tuple[Tracklog, list[Path]]:
    """The TRACKLOG state of an application whose ``Bin`` folders are ``bin_folders`` (the first that
    holds ``appsettings.log.json`` wins), and the folders its files may be in (configured first, then
    the documented defaults; existing or not — the caller keeps the existing ones)."""
    config = None
    for folder in bin_folders:
        config = _find(folder, CONFIG_NAME)
        if config is not None:
            break
    bin_folder = config.parent if config else (bin_folders[0] if bin_folders else app_root)
    state = Tracklog(config=str(config) if config else None)
    folders: list[Path] = []
    if config is None:
        state.source = f"{CONFIG_NAME} ausente: padrão enable=false"
    else:
        try:
            doc = rm_config.read_json(config)
        except FileProblem as exc:
            problems.append(Problem(str(config), str(exc)))
            doc = None
            state.source = f"{config.name} ilegível: padrão enable=false"
        sinks = map_to_file_args(doc) if doc is not None else []
        for args in sinks:
            flag = _flag(args.get("enable"))
            if flag is not None and not state.explicit:
                state.enabled, state.explicit = flag, True
            path = args.get("path")
            if isinstance(path, str) and path.strip():
                folders.append(log_folder(path, bin_folder))
        if doc is not None:
            if state.explicit:
                state.source = f"{config.name}: enable={'true' if state.enabled else 'false'}"
            else:
                state.source = f"{config.name} sem \"enable\" no MapToFile: padrão enable=false"
    folders += [app_root / "Logs", bin_folder / "Logs"]
    unique: list[Path] = []
    for folder in folders:
        if folder not in unique:
            unique.append(folder)
    state.path = str(unique[0])
    if not state.enabled:
        state.how_to_enable = how_to_enable(config, bin_folder)
    return state, unique
