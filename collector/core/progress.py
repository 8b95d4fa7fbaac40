"""Progress of long work, one shape for all of it: collecting, writing the zip, uploading, sending.

Whoever does the work calls ``progress(Progress(...))`` from its own thread; the CLI prints it, the
wizard's tasks carry it to the GUI thread (``collector.ui.tasks``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """``done`` of ``total`` units (files or bytes) of ``phase``; ``current``: the item at hand."""

    phase: str
    done: int
    total: int
    current: str = ""

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


ProgressFn = Callable[[Progress], None]
