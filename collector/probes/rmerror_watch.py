"""The RMError watcher (issue 18, opt-in): a new RMError file in the folders the collection searches
(:func:`collector.probes.rmerror.candidates`: the user's Desktop, Documents, Downloads and temp
folder, and the installations, a few levels deep) becomes an offer, "Abrir um chamado com este
erro", with that file and the logs of the time around it.

Polling with ``os.scandir`` (through :func:`collector.probes.fileio.list_dir`) every
:data:`INTERVAL` seconds on a worker thread, rather than ``QFileSystemWatcher``: the same walk as the
collection (its folders, depth and name patterns, so the wizard finds exactly the offered file
again), no Qt outside ``ui/``, testable in plain Python; change notifications watch one folder each
(no depth), and are unreliable on the network and OneDrive folders the user's Documents often
are; a listing of a dozen folders every few seconds costs next to nothing. A network folder that
does not answer is bounded by ``list_dir``'s timeout, so a poll never hangs.

The first scan only remembers what is there: files that existed before the watcher started are not
offered. A file is offered once (its path and modification time), when it has stopped growing for one
interval (RM may still be writing it).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from collector.core.plan import CollectContext
from collector.core.timewindow import TimeWindow, local_now
from collector.probes.rmerror import candidates

INTERVAL = 5.0  # seconds between two listings
#: the logs offered with the file: from this long before the error up to now
LOGS_BEFORE = timedelta(hours=1)


@dataclass(frozen=True)
class Offer:
    path: Path
    mtime: float
    size: int

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.mtime).astimezone()

    @property
    def log_since(self) -> datetime:
        """The start of the log window to preselect with the file."""
        return self.when - LOGS_BEFORE


def context(search_dirs: list[tuple[str, str]] | None = None, rm_roots: list[str] | None = None,
            patterns: tuple[str, ...] = ("RMError*",)) -> CollectContext:
    """The collection's context for the listing (its window is unused: every time counts)."""
    now = local_now()
    return CollectContext(window=TimeWindow(now - timedelta(days=1), now), rm_roots=list(rm_roots or []),
                          rmerror_patterns=patterns, search_dirs=search_dirs)


class RmErrorWatcher:
    """``scan()`` returns the new files since the previous scan (none on the first)."""

    def __init__(self, ctx: CollectContext):
        self.ctx = ctx
        self._known: dict[str, tuple[float, int]] | None = None
        self._growing: dict[str, tuple[float, int]] = {}

    def _listing(self) -> dict[str, tuple[float, int, Path]]:
        out = {}
        for _folder, entry in candidates(self.ctx):
            key = os.path.normcase(os.path.abspath(entry.path))
            out[key] = (entry.mtime, entry.size, Path(entry.path))
        return out

    def scan(self) -> list[Offer]:
        listing = self._listing()
        if self._known is None:
            self._known = {k: (m, s) for k, (m, s, _p) in listing.items()}
            return []
        offers = []
        for key, (mtime, size, path) in listing.items():
            if self._known.get(key) == (mtime, size):
                continue
            if self._growing.get(key) != (mtime, size):  # new or still changing: look again next time
                self._growing[key] = (mtime, size)
                continue
            del self._growing[key]
            self._known[key] = (mtime, size)
            offers.append(Offer(path, mtime, size))
        for key in [k for k in self._known if k not in listing]:
            del self._known[key]  # deleted: a new file of the same name is new again
        return sorted(offers, key=lambda o: o.mtime)

    def run(self, on_offer: Callable[[Offer], None], stop: threading.Event, interval: float = INTERVAL,
            on_error: Callable[[BaseException], None] | None = None) -> None:
        """Scans until ``stop`` is set (a worker thread's loop)."""
        while not stop.is_set():
            try:
                for offer in self.scan():
                    on_offer(offer)
            except Exception as exc:  # a bad folder never ends the watch
                if on_error is not None:
                    on_error(exc)
            stop.wait(interval)
