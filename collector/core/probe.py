"""Probes declare what they collect; the runner (collector.core.runner) executes them.

A probe never enforces its own timeout: the runner does, and records the outcome in the manifest.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from collector.core.kinds import Kind

Status = Literal["ok", "skipped", "timeout", "error"]


class ProbeSkipped(Exception):
    """Raised by ``Probe.run`` when the probe does not apply after all; the message is the reason."""


class Probe(ABC):
    """Base class. Subclasses set the class attributes and implement ``run``.

    ``kind``: the evidence kind (``collector.core.kinds``) whose files the probe plans; every item of
    its plan has that kind. None for the probes of ``inspect``, which describe the machine.

    ``isolated`` probes run in a child process that the runner kills at its timeout: use it for
    anything that can hang (database, network shares, event log), since threads cannot be killed.
    Such probes, their context and their results must be picklable.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    kind: ClassVar[Kind | None] = None
    timeout: float = 10.0  # seconds; an instance may set its own (the runner reads the instance's)
    isolated: ClassVar[bool] = False

    def applies(self, ctx: Any) -> str | None:
        """None when the probe applies to ``ctx``; otherwise the reason it is skipped."""
        return None

    @abstractmethod
    def run(self, ctx: Any) -> Any:
        """Collects (or declares) what the probe is for; raise ProbeSkipped to skip with a reason."""


@dataclass(frozen=True)
class ProbeResult:
    name: str
    status: Status
    duration_ms: int
    reason: str | None = None
    value: Any = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def manifest_entry(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "duration_ms": self.duration_ms,
                "reason": self.reason}
