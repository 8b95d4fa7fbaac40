"""What one RM installation folder says about itself: version, aliases, topology, log folders."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

from collector.core.models import AliasInfo, Installation, Problem, RmProcess
from collector.probes import rm_config
from collector.probes.pe_version import read_pe_version, release_of
from collector.probes.smallfile import FileProblem

VERSION_FILES = ("RM.Version.dll", "RM.exe")
# the client's config first: its Host/DefaultDB describe what the user runs
CONFIG_ORDER = ("rm.exe.config", "rm.host.exe.config", "rm.host.service.exe.config",
                "rm.host.jobrunner.exe.config")
DEFAULT_HOST_CLIENT_PORT = 8050
_LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", ".", "(local)"}


def _find(folder: Path, name: str) -> Path | None:
    """Case-insensitive lookup of a file directly inside ``folder``."""
    lowered = name.lower()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.lower() == lowered:
                    return Path(entry.path)
    except OSError:
        return None
    return None


def _config_files(root: Path) -> list[Path]:
    found = []
    for folder in (root, root / "Bin"):
        try:
            with os.scandir(folder) as entries:
                names = sorted(e.name for e in entries if e.name.lower().endswith(".config"))
        except OSError:
            continue
        for name in names:
            found.append(folder / name)
    order = {n: i for i, n in enumerate(CONFIG_ORDER)}
    return sorted(found, key=lambda p: (order.get(p.name.lower(), len(order)), str(p).lower()))


def _label(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def is_local_host(host: str) -> bool:
    name = host.strip().lower()
    if name in _LOCAL_NAMES:
        return True
    try:
        if ipaddress.ip_address(name).is_loopback:
            return True
    except ValueError:
        pass
    this = socket.gethostname().lower()
    return name == this or name.split(".")[0] == this.split(".")[0]


def _split_host_port(value: str) -> tuple[str, int | None]:
    value = value.strip()
    for prefix in ("http://", "https://", "net.tcp://", "tcp://"):
        if value.lower().startswith(prefix):
            value = value[len(prefix):]
    value = value.split("/", 1)[0]
    if value.count(":") == 1:
        host, _, port = value.partition(":")
        if port.isdigit():
            return host, int(port)
    return value, None


def _as_bool(value: str | None) -> bool | None:
    if value is None:
        return None
    lowered = value.strip().lower()
    if lowered in ("true", "1", "sim", "yes"):
        return True
    if lowered in ("false", "0", "não", "nao", "no"):
        return False
    return None


def _port(value: str | None) -> int | None:
    if value and value.strip().isdigit():
        return int(value.strip())
    return None


def analyze(root: Path, problems: list[Problem], processes: list[RmProcess] | None = None) -> Installation:
    """Reads one installation. Each unreadable or malformed file adds one problem; the rest goes on."""
    inst = Installation(root=str(root), processes=list(processes or []))

    for name in VERSION_FILES:
        path = _find(root, name)
        if path is None:
            continue
        try:
            found = read_pe_version(path)
        except FileProblem as exc:
            problems.append(Problem(str(path), str(exc)))
            continue
        inst.version, inst.version_source = found.version, path.name
        inst.release = release_of(found.version)
        break

    configs: list[tuple[Path, dict[str, str]]] = []
    for path in _config_files(root):
        try:
            configs.append((path, rm_config.read_app_settings(path)))
        except FileProblem as exc:
            problems.append(Problem(str(path), str(exc)))

    def first(key: str) -> tuple[Path, str] | None:
        for path, settings in configs:
            value = rm_config.get_setting(settings, key)
            if value not in (None, ""):
                return path, value
        return None

    default = first("DefaultDB")
    inst.default_alias = default[1] if default else None
    _decide_topology(root, inst, configs, first)
    _read_aliases(root, inst, problems, first)
    inst.log_dirs = _log_dirs(root, problems, first)
    return inst


def _decide_topology(root, inst: Installation, configs, first) -> None:
    flag = first("JobServer3Camadas")
    host = None
    for path, settings in configs:  # the client's Host key (RM.exe.config first)
        value = rm_config.get_setting(settings, "Host")
        if value:
            host = (path, value)
            break
    if flag is not None and _as_bool(flag[1]) is not None:
        three = _as_bool(flag[1])
        inst.topology = "three-tier" if three else "local"
        inst.topology_evidence = f"{_label(root, flag[0])}: JobServer3Camadas={flag[1]}"
    elif host is not None and not is_local_host(_split_host_port(host[1])[0]):
        inst.topology = "three-tier"
        inst.topology_evidence = f"{_label(root, host[0])}: Host={host[1]} (outra máquina)"
    elif host is not None:
        inst.topology = "local"
        inst.topology_evidence = f"{_label(root, host[0])}: Host={host[1]} (esta máquina)"

    if host is not None and not is_local_host(_split_host_port(host[1])[0]):
        name, port = _split_host_port(host[1])
        for key in ("Port", "HostClientPort"):
            found = first(key)
            if port is None and found:
                port = _port(found[1])
        inst.app_server = {"host": name, "port": port or DEFAULT_HOST_CLIENT_PORT}


def _read_aliases(root: Path, inst: Installation, problems: list[Problem], first) -> None:
    aliases: list[AliasInfo] = []
    alias_path = _find(root, "Alias.dat") or _find(root / "Bin", "Alias.dat")
    if alias_path is not None:
        try:
            aliases = rm_config.read_alias_dat(alias_path)
        except FileProblem as exc:
            problems.append(Problem(str(alias_path), str(exc)))
    address = first("CONFIGGLOBALADDRESS")
    if not aliases and address:
        target = address[1]
        if "://" not in target:
            path = Path(target) if os.path.isabs(target) else root / target
            try:
                aliases, default = rm_config.read_config_global(path)
                if inst.default_alias is None:
                    inst.default_alias = default
            except FileProblem as exc:
                problems.append(Problem(str(path), str(exc)))
    inst.aliases = aliases
    chosen = None
    if inst.default_alias:
        chosen = next((a for a in aliases if a.alias.lower() == inst.default_alias.lower()), None)
        if chosen is None:  # three-tier client: the alias lives on the server
            chosen = AliasInfo(alias=inst.default_alias)
    elif len(aliases) == 1:
        chosen = aliases[0]
    inst.database = chosen


def _log_dirs(root: Path, problems: list[Problem], first) -> list[str]:
    candidates: list[Path] = []
    for folder in (root, root / "Bin"):
        path = _find(folder, "appsettings.log.json")
        if path is None:
            continue
        try:
            paths, _enabled = rm_config.read_log_paths(path)
        except FileProblem as exc:
            problems.append(Problem(str(path), str(exc)))
            continue
        for value in paths:
            target = Path(value.replace("\\", os.sep)) if os.sep != "\\" else Path(value)
            if not target.is_absolute():
                target = folder / target
            # Serilog paths name a file (…\Logs\log-.txt) or a folder
            candidates.append(target if target.is_dir() else target.parent)
    trace = first("TraceFile")
    if trace:
        target = Path(trace[1])
        candidates.append((target if target.is_absolute() else root / target).parent)
    candidates += [root / "Logs", root / "Bin" / "Logs"]
    result: list[str] = []
    for path in candidates:
        if path.is_dir() and str(path) not in result:
            result.append(str(path))
    return result
