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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
