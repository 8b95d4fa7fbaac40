"""What a collection *declares*: planned bundle items, and the context the collecting probes read.

Probes do not copy anything: they return a ``Plan`` — a list of ``PlannedItem`` (a source file, or a
byte range of one, and its place in the bundle) plus the files they left out, each with a reason. The
bundle writer streams each included item (``collector.probes.fileio.open_planned``) through the redactor into the zip; the
same plan gives ``--estimate`` its sizes and the manifest its entries without copying a byte.

Everything here is plain data and picklable (isolated probes return plans across processes).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from collector.core.kinds import Kind
from collector.core.sizes import MB
from collector.core.timewindow import TimeWindow

#: Why a file was left out, for machines (the manifest's ``status``; ``skipped`` says it in Portuguese).
SkipStatus = Literal["binary", "locked", "vanished", "unreadable", "offline", "outside", "cap", "optin",
                     "too_large", "error"]


@dataclass(frozen=True)
class Caps:
    """Size limits of a collection (SPEC §4.3). Configurable; these are the defaults."""

    log_file_bytes: int = 20 * MB
    log_bundle_bytes: int = 200 * MB
    rmerror_files: int = 50
    rmerror_file_bytes: int = 20 * MB
    intellitrace_bytes: int = 2048 * MB


@dataclass
class PlannedItem:
    """One file (or a byte range of one) destined for the bundle, or left out with a reason.

    ``size`` is the number of bytes the writer will read (the range length, or the file size when
    ``byte_range`` is None). A file can grow or be rotated between planning and writing: the writer
    must compute the manifest's size and sha256 from what it actually streamed.
    """

    kind: Kind
    source: Path | None                         # file on disk (None: content the writer generates)
    arcname: str                                # POSIX path inside the bundle, e.g. "logs/CorporeRM/Logs/x.log"
    size: int = 0
    byte_range: tuple[int, int] | None = None   # [start, end) of ``source``; None = the whole file
    redact: bool = True                         # text to pass through the redactor (SPEC §4.8)
    encoding: str | None = None                 # a hint when known ("utf-16-le"); None = guess (UTF-8/cp1252)
    mtime: float | None = None                  # source's modification time (epoch seconds)
    skipped: str | None = None                  # left out: the reason, in Portuguese (shown in the manifest)
    status: SkipStatus | None = None            # machine-readable cause of a skip
    note: str | None = None                     # a human note, e.g. why and how the file was cut
    warning: str | None = None                  # shown on the review page (IntelliTrace, unredacted binary)
    cut: dict[str, Any] | None = None           # how the file was cut (manifest), see collector.probes.logs

    @property
    def included(self) -> bool:
        return self.skipped is None

    def manifest_entry(self) -> dict[str, Any]:
        """The planning facts for manifest ``items[]``; the writer adds sha256 and redactions."""
        entry: dict[str, Any] = {
            "path": self.arcname,
            "kind": self.kind,
            "size": self.size,
            "source": str(self.source) if self.source is not None else None,
        }
        if self.byte_range is not None:
            entry["byte_range"] = list(self.byte_range)
        for key in ("encoding", "skipped", "status", "note", "warning", "cut"):
            value = getattr(self, key)
            if value is not None:
                entry[key] = value
        return entry


@dataclass
class Plan:
    """What one probe declares: items to write, files left out (items with ``skipped``), counters."""

    items: list[PlannedItem] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)

    def add(self, item: PlannedItem) -> PlannedItem:
        self.items.append(item)
        return item

    def count(self, key: str, n: int = 1) -> None:
        self.stats[key] = self.stats.get(key, 0) + n

    @property
    def included(self) -> list[PlannedItem]:
        return [i for i in self.items if i.skipped is None]

    @property
    def skipped(self) -> list[PlannedItem]:
        return [i for i in self.items if i.skipped is not None]

    @property
    def total_size(self) -> int:
        return sum(i.size for i in self.items if i.skipped is None)

    def extend(self, other: Plan) -> None:
        self.items.extend(other.items)
        for key, n in other.stats.items():
            self.count(key, n)


@dataclass
class CollectContext:
    """The input of the collecting probes (picklable).

    ``installations`` are dicts shaped like SPEC §4.2 ``installations[]`` (``root``, ``log_dirs``, ...).
    ``search_dirs`` are (label, folder) pairs where RMError files are looked for besides the
    installations; None means the user's folders from the OS (``collector.probes.userdirs``).
    ``options`` carries settings of other probes.
    """

    window: TimeWindow
    rm_roots: list[str] = field(default_factory=list)
    installations: list[dict[str, Any]] = field(default_factory=list)
    include: frozenset[str] = frozenset(Kind)
    caps: Caps = field(default_factory=Caps)
    include_intellitrace: bool = False
    rmerror_patterns: tuple[str, ...] = ("RMError*",)
    search_dirs: list[tuple[str, str]] | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def wants(self, kind: str) -> bool:
        return kind in self.include

    def installation_roots(self) -> list[str]:
        roots = [str(i.get("root")) for i in self.installations if i.get("root")]
        for root in self.rm_roots:
            if root not in roots:
                roots.append(root)
        return roots


# -------------------------------------------------------------------------------------------------
# names inside the bundle

_UNSAFE = re.compile(r'[\x00-\x1f<>:"|?*\\]')


def split_any(path: str) -> list[str]:
    """Components of a Windows or POSIX path string, whatever machine we run on."""
    return [p for p in re.split(r"[\\/]+", path) if p and p != "."]


def safe_component(name: str) -> str:
    """One arcname component: no separators, control or Windows-reserved characters, no '..'."""
    cleaned = _UNSAFE.sub("_", name).strip().rstrip(".")
    if cleaned in ("", "..", "."):
        cleaned = "_"
    return cleaned


def arc_join(*parts: str) -> str:
    """Joins path pieces (Windows or POSIX) into a safe POSIX arcname."""
    comps: list[str] = []
    for part in parts:
        comps.extend(safe_component(c) for c in split_any(str(part)))
    return posixpath.join(*comps) if comps else "_"


def install_label(root: str) -> str:
    """A short name for an installation: ``C:\\totvs\\CorporeRM\\RM.Net`` → ``CorporeRM``."""
    comps = split_any(root)
    while comps and comps[-1].lower() in ("rm.net", "bin"):
        if len(comps) == 1:
            break
        comps.pop()
    label = comps[-1] if comps else "rm"
    if re.fullmatch(r"[A-Za-z]:", label):
        label = label[0].upper()
    return safe_component(label)


def installation_labels(roots: list[str]) -> list[str]:
    """``install_label`` of each root, made unique (``CorporeRM``, ``CorporeRM-2``)."""
    labels: list[str] = []
    used: set[str] = set()
    for root in roots:
        base = install_label(root)
        label, n = base, 1
        while label.lower() in used:
            n += 1
            label = f"{base}-{n}"
        used.add(label.lower())
        labels.append(label)
    return labels


class ArcNames:
    """Hands out unique arcnames (case-insensitively, as on Windows): ``a.txt``, ``a (2).txt``."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def claim(self, arcname: str) -> str:
        candidate, n = arcname, 1
        stem, ext = posixpath.splitext(arcname)
        while candidate.lower() in self._used:
            n += 1
            candidate = f"{stem} ({n}){ext}"
        self._used.add(candidate.lower())
        return candidate
