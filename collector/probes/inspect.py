"""The inspect document (SPEC §4.2), built by two probes run under the runner's timeouts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from collector.core.models import Problem
from collector.core.probe import Probe
from collector.core.runner import run_probes
from collector.probes import host, installation, rm_install

SCHEMA = "collector.inspect/1"


@dataclass
class InspectContext:
    rm_roots: list[Path] = field(default_factory=list)
    scan_defaults: bool = True


class HostProbe(Probe):
    name = "host"
    description = "Sistema operacional, CPU, memória, discos, usuário e fuso horário"
    timeout = 10.0

    def run(self, ctx: InspectContext) -> dict[str, Any]:
        return host.host_info()


class InstallationsProbe(Probe):
    name = "rm-installations"
    description = "Instalações do RM: versão, aliases, topologia e pastas de log"
    timeout = 30.0

    def run(self, ctx: InspectContext) -> dict[str, Any]:
        problems: list[Problem] = []
        found = rm_install.discover(ctx.rm_roots, scan_defaults=ctx.scan_defaults, problems=problems)
        installs = [installation.analyze(root, problems, rm_install.processes_for(found, root))
                    for root in found.roots]
        return {"installations": [i.to_dict() for i in installs],
                "problems": [asdict(p) for p in problems]}


def inspect_probes() -> list[Probe]:
    return [HostProbe(), InstallationsProbe()]


def build_document(ctx: InspectContext) -> tuple[dict[str, Any], list]:
    """Returns the inspect document and the probe results (for a bundle's manifest)."""
    results = run_probes(inspect_probes(), ctx)
    by_name = {r.name: r for r in results}
    problems: list[dict[str, str]] = []
    host_result = by_name["host"]
    if not host_result.ok:
        problems.append({"source": "host", "message": host_result.reason or host_result.status})
    inst_result = by_name["rm-installations"]
    installs: list[dict[str, Any]] = []
    if inst_result.ok:
        installs = inst_result.value["installations"]
        problems.extend(inst_result.value["problems"])
    else:
        problems.append({"source": "rm-installations", "message": inst_result.reason or inst_result.status})
    doc = {
        "schema": SCHEMA,
        "collected_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "host": host_result.value if host_result.ok else None,
        "installations": installs,
        "problems": problems,
    }
    return doc, results
