"""Three-tier or local, and the application servers, from an installation's .config files.

Facts and where they come from (public TOTVS documentation, TDN):

- "Configurando o Smart Client RM e TOTVS Update" (tdn.totvs.com, LRM space): the Smart Client is the
  same ``RM.exe`` of local and three-tier installations, talking TCP or HTTP to the application server,
  the Host. So the *client's* ``Host`` key (``RM.exe.config``) decides: a name other than this machine
  means three-tier; ``localhost``/``127.0.0.1``/this host's name means the Host runs here (local).
- "Arquitetura N Camadas" (TDN): ``JobServer3Camadas`` says whether jobs run on a separate job server in
  an N-tier setup. It is a property of the job server, not of the client, and is used here only as
  secondary evidence when no client ``Host`` is there (a server-only installation).
- ``Host2``/``Port2`` name a second application server; ``Port`` defaults to ``HostClientPort`` (8050).

SPEC §3 agrees since its correction; where the first version of the collector let
``JobServer3Camadas`` win over ``Host``, this module follows TDN.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass, field

from collector.core.models import AppServer, Topology
from collector.probes.rm_config import ConfigSet, as_bool

DEFAULT_HOST_CLIENT_PORT = 8050
# the client's configs: RM.exe first; the other client tools carry the same keys
CLIENT_CONFIGS = ("rm.exe.config", "rm.aliasmanager.exe.config", "rm.atualizador.exe.config")
SERVER_CONFIGS = ("rm.host.service.exe.config", "rm.host.exe.config", "rm.host.jobrunner.exe.config")
_LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", ".", "(local)", "0.0.0.0"}


@dataclass
class TopologyFacts:
    topology: Topology = "unknown"
    evidence: str | None = None
    app_servers: list[AppServer] = field(default_factory=list)


def this_host_names() -> set[str]:
    names = {socket.gethostname().lower(), (os.environ.get("COMPUTERNAME") or "").lower()}
    names |= {n.split(".")[0] for n in names}
    return {n for n in names if n}


def is_local_host(host: str, names: set[str] | None = None) -> bool:
    name = host.strip().strip("[]").lower()
    if name in _LOCAL_NAMES:
        return True
    try:
        if ipaddress.ip_address(name).is_loopback:
            return True
    except ValueError:
        pass
    names = this_host_names() if names is None else names
    return name in names or name.split(".")[0] in names


def split_host_port(value: str) -> tuple[str, int | None]:
    """``APPSRV01``, ``APPSRV01:8050``, ``tcp://APPSRV01:8050/``, ``http://user:pw@srv:8051`` → (host,
    port). Credentials in a URL never reach the host name."""
    value = value.strip()
    if "://" in value:
        value = value.split("://", 1)[1]
    value = value.split("/", 1)[0]
    if "@" in value:  # user:password@host — the credentials are dropped here
        value = value.rsplit("@", 1)[1]
    if value.startswith("["):  # [::1]:8050
        host, _, rest = value[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
        return host, int(port) if port.isdigit() else None
    if value.count(":") == 1:
        host, _, port = value.partition(":")
        if port.isdigit():
            return host, int(port)
        return host, None
    return value, None


def _port(value: str | None) -> int | None:
    if value and value.strip().isdigit():
        return int(value.strip())
    return None


def _servers(configs: ConfigSet) -> list[AppServer]:
    servers: list[AppServer] = []
    for host_key, port_key in (("Host", "Port"), ("Host2", "Port2")):
        found = configs.get(host_key, CLIENT_CONFIGS)
        if found is None:
            continue
        path, value = found
        host, port = split_host_port(value)
        if not host:
            continue
        if port is None:
            explicit = configs.get(port_key, (path.name.lower(),)) or configs.get(port_key, CLIENT_CONFIGS)
            port = _port(explicit[1]) if explicit else None
        if port is None and host_key == "Host":
            found_port = configs.get("HostClientPort")
            port = _port(found_port[1]) if found_port else None
        servers.append(AppServer(host=host, port=port or DEFAULT_HOST_CLIENT_PORT, key=host_key,
                                 source=configs.label(path)))
    return servers


def decide(configs: ConfigSet, *, has_client: bool, has_server: bool, local_alias: bool,
           names: set[str] | None = None) -> TopologyFacts:
    """The topology of one installation and the evidence line that says which key decided."""
    facts = TopologyFacts()
    servers = _servers(configs)
    names = this_host_names() if names is None else names
    remote = [s for s in servers if not is_local_host(s.host, names)]
    facts.app_servers = remote
    client_host = next((s for s in servers if s.key == "Host"), None)
    if client_host is not None:
        raw = configs.get("Host", CLIENT_CONFIGS)
        shown = raw[1] if raw else client_host.host
        if client_host in remote:
            facts.topology = "three-tier"
            facts.evidence = f"{client_host.source}: Host={shown} (outra máquina)"
        else:
            facts.topology = "local"
            facts.evidence = f"{client_host.source}: Host={shown} (esta máquina)"
        return facts
    flag = configs.get("JobServer3Camadas", SERVER_CONFIGS + CLIENT_CONFIGS) or configs.get("JobServer3Camadas")
    flag_value = as_bool(flag[1]) if flag else None
    if flag is not None and flag_value is not None:
        facts.topology = "three-tier" if flag_value else "local"
        facts.evidence = (f"{configs.label(flag[0])}: JobServer3Camadas={flag[1]} "
                          "(indício secundário: nenhum Host de cliente)")
        return facts
    if has_server and not has_client:
        facts.topology = "three-tier"
        facts.evidence = "instalação de servidor (RM.Host sem RM.exe): servidor de aplicação"
    elif has_client and local_alias:
        facts.topology = "local"
        facts.evidence = "Alias.dat local e nenhum Host remoto em RM.exe.config"
    return facts
