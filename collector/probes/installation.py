"""What one RM installation folder says about itself: version, aliases, topology, TRACKLOG, log
folders and the other RM parts beside it.

Each fact comes from its own module, which names the public page it relies on: ``rm_topology``
(three-tier or local, application servers), ``rm_aliases`` (Alias.dat / Aliaspath / CONFIGPATH /
Config Global), ``tracklog_settings`` (TRACKLOG on/off and folder), ``rm_parts`` (portals, rm-update).

Version (TDN "Versão do sistema": menu Ambiente | Sobre | Mais Info shows the library version):
``FileVersion`` of ``RM.Version.dll``, else ``RM.exe``; a server-only installation has neither, so
``RM.Host.exe`` / ``RM.Host.Service.exe`` come next (the Host is built with the same version).

``TraceFile`` / ``TraceLS`` are ``true``/``false`` switches of the client and the Host (they turn on
their trace output); they are reported as flags and never read as paths.
"""

from __future__ import annotations

from pathlib import Path

from collector.core.models import AliasInfo, Installation, Problem, RmProcess
from collector.probes import fileio, rm_aliases, rm_config, rm_parts, rm_topology, tracklog_settings
from collector.probes.pe_version import read_pe_version, release_of
from collector.probes.rm_config import ConfigSet
from collector.probes.rm_install import MARKERS
from collector.probes.smallfile import FileProblem

VERSION_FILES = ("RM.Version.dll", "RM.exe", "RM.Host.exe", "RM.Host.Service.exe")
# the client's config first: its Host/DefaultDB describe what the user runs
CONFIG_ORDER = ("rm.exe.config", "rm.host.exe.config", "rm.host.service.exe.config",
                "rm.host.jobrunner.exe.config")
TRACE_FLAGS = ("TraceFile", "TraceLS")
# kept for callers of the first version
DEFAULT_HOST_CLIENT_PORT = rm_topology.DEFAULT_HOST_CLIENT_PORT
is_local_host = rm_topology.is_local_host


def _find(folder: Path, name: str) -> Path | None:
    """Case-insensitive lookup of a file directly inside ``folder``."""
    lowered = name.lower()
    try:
        entries = fileio.list_dir(folder)  # time-bounded on a share (SPEC §3)
    except OSError:
        return None
    return next((e.path for e in entries if e.name.lower() == lowered), None)


def _config_files(root: Path) -> list[Path]:
    found = []
    for folder in (root, root / "Bin"):
        try:
            names = sorted(e.name for e in fileio.list_dir(folder) if e.name.lower().endswith(".config"))
        except OSError:  # FolderOffline included
            continue
        for name in names:
            found.append(folder / name)
    order = {n: i for i, n in enumerate(CONFIG_ORDER)}
    return sorted(found, key=lambda p: (order.get(p.name.lower(), len(order)), str(p).lower()))


def read_configs(root: Path, problems: list[Problem]) -> ConfigSet:
    configs = ConfigSet(root)
    for path in _config_files(root):
        try:
            configs.files.append((path, rm_config.read_app_settings(path)))
        except FileProblem as exc:
            problems.append(Problem(str(path), str(exc)))
    return configs


def _read_version(root: Path, inst: Installation, problems: list[Problem]) -> None:
    for name in VERSION_FILES:
        path = _find(root, name) or _find(root / "Bin", name)
        if path is None:
            continue
        try:
            found = read_pe_version(path)
        except FileProblem as exc:
            problems.append(Problem(str(path), str(exc)))
            continue
        inst.version, inst.version_source = found.version, path.name
        inst.release = release_of(found.version)
        return


def _has(root: Path, name: str) -> bool:
    return _find(root, name) is not None or _find(root / "Bin", name) is not None


def analyze(root: Path, problems: list[Problem], processes: list[RmProcess] | None = None) -> Installation:
    """Reads one installation. Each unreadable or malformed file adds one problem; the rest goes on."""
    inst = Installation(root=str(root), processes=list(processes or []))
    _read_version(root, inst, problems)
    configs = read_configs(root, problems)

    default = configs.get("DefaultDB")
    inst.default_alias = default[1] if default else None

    aliases = rm_aliases.locate(root, configs, problems)
    inst.alias_source, inst.config_global = aliases.source, aliases.config_global
    inst.aliases = aliases.aliases
    if inst.default_alias is None and aliases.default_alias:
        inst.default_alias = aliases.default_alias
    inst.database = _chosen(inst)

    local_alias = bool(aliases.aliases)  # the client reads the aliases itself: it talks to the database
    topo = rm_topology.decide(configs, has_client=_has(root, "RM.exe"),
                              has_server=_has(root, "RM.Host.Service.exe") or _has(root, "RM.Host.exe"),
                              local_alias=local_alias)
    inst.topology, inst.topology_evidence = topo.topology, topo.evidence
    inst.app_servers = topo.app_servers
    if topo.app_servers:
        first = topo.app_servers[0]
        inst.app_server = {"host": first.host, "port": first.port}

    for key in TRACE_FLAGS:
        found = configs.get(key)
        flag = rm_config.as_bool(found[1]) if found else None
        if flag is not None:
            inst.trace_flags[key] = flag

    inst.parts = rm_parts.find_parts(root, problems)
    if not any(_has(root, name) for name in MARKERS):
        # only web portals here (a web server): their versions and TRACKLOG are in ``parts``
        part = next((p for p in inst.parts if p.version), None)
        if inst.version is None and part is not None:
            inst.version, inst.version_source, inst.release = part.version, part.name, release_of(part.version)
        return inst
    bins = [root, root / "Bin"] if (root / "Bin").is_dir() else [root]
    inst.tracklog, candidates = tracklog_settings.read_tracklog(root, bins, problems)
    if root.name.lower() == "bin":  # ...\Release\Bin: the application root is one level up
        candidates.append(root.parent / "Logs")
    inst.log_dirs = list(dict.fromkeys(str(p) for p in candidates if p.is_dir()))
    return inst


def _chosen(inst: Installation) -> AliasInfo | None:
    if inst.default_alias:
        chosen = next((a for a in inst.aliases if a.alias.lower() == inst.default_alias.lower()), None)
        return chosen or AliasInfo(alias=inst.default_alias)  # three-tier client: the alias lives on the server
    if len(inst.aliases) == 1:
        return inst.aliases[0]
    return None
