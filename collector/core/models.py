"""Plain data of the inspect document (SPEC §4.2). No Qt, no I/O."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

DbType = Literal["sqlserver", "oracle", "unknown"]
Topology = Literal["three-tier", "local", "unknown"]


@dataclass
class Problem:
    """An unreadable or malformed input: inspection records it and goes on."""

    source: str
    message: str


@dataclass
class AliasInfo:
    """One database alias. Never carries the password (SPEC §4.2)."""

    alias: str
    type: DbType = "unknown"
    server: str | None = None
    name: str | None = None
    user: str | None = None


@dataclass
class RmProcess:
    name: str
    pid: int
    started_at: str | None = None


@dataclass
class AppServer:
    """One application server the client talks to (``Host``/``Port`` or ``Host2``/``Port2``)."""

    host: str
    port: int | None
    key: str            # "Host" or "Host2"
    source: str         # the .config file that says so


@dataclass
class Tracklog:
    """RM TRACKLOG settings (``appsettings.log.json``): ``enabled`` defaults to False when the file or the
    key is absent; ``how_to_enable`` says what to change when it is off."""

    enabled: bool = False
    explicit: bool = False          # the file sets ``enable`` itself (else the documented default)
    config: str | None = None       # the appsettings.log.json that was read
    path: str | None = None         # the folder TRACKLOG writes to
    source: str = ""                # where the state comes from, in Portuguese
    how_to_enable: str | None = None


@dataclass
class RmPart:
    """Another RM part on the machine: a web portal (FrameHTML / Meu RH, Corpore.Net, Portal
    Educacional) or the rm-update service."""

    kind: str                       # framehtml | corporenet | portaleducacional | rm-update
    name: str
    root: str
    bins: list[str] = field(default_factory=list)
    version: str | None = None
    tracklog: Tracklog | None = None
    log_dirs: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Installation:
    root: str
    version: str | None = None
    release: str | None = None
    version_source: str | None = None
    topology: Topology = "unknown"
    topology_evidence: str | None = None
    app_server: dict[str, Any] | None = None
    default_alias: str | None = None
    database: AliasInfo | None = None
    aliases: list[AliasInfo] = field(default_factory=list)
    log_dirs: list[str] = field(default_factory=list)
    processes: list[RmProcess] = field(default_factory=list)
    # optional keys added within collector.inspect/1
    app_servers: list[AppServer] = field(default_factory=list)
    alias_source: dict[str, Any] | None = None
    config_global: dict[str, Any] | None = None
    tracklog: Tracklog | None = None
    trace_flags: dict[str, bool] = field(default_factory=dict)
    parts: list[RmPart] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
