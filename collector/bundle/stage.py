"""The staging folder of a bundle: every collected file, already redacted, with its manifest entry.

A collection streams each planned item through the redactor into ``<stage>/files/<arcname>``
(sha256 and size computed while writing). The review page reads the stage (sizes, redaction counts,
previews), the user may exclude files or cover parts of a screenshot, and only then the zip is
written from the stage. The stage is also what the outbox keeps until delivery (SPEC §4.3).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from collector.bundle.precompress import FOLDER as DEFLATED_FOLDER
from collector.bundle.precompress import Feed, Precompressor
from collector.core.atomic import atomic_write_bytes, atomic_write_json
from collector.core.errors import Cancelled
from collector.core.plan import ArcNames, PlannedItem
from collector.probes import fileio

STATE_FILE = "stage.json"
CHUNK = 1024 * 1024


@dataclass
class StagedItem:
    path: str                       # arcname inside the bundle
    kind: str
    size: int
    sha256: str
    source: str | None
    redactions: dict[str, int] = field(default_factory=dict)
    encoding: str | None = None
    note: str | None = None
    warning: str | None = None
    findings: dict[str, int] = field(default_factory=dict)  # attachments: what the rules found (not changed)
    cut: dict[str, Any] | None = None
    excluded: bool = False

    @property
    def redaction_count(self) -> int:
        return sum(self.redactions.values())

    def manifest_entry(self) -> dict[str, Any]:
        entry = {"path": self.path, "kind": self.kind, "size": self.size, "sha256": self.sha256,
                 "source": self.source, "redactions": self.redaction_count}
        for key in ("encoding", "note", "warning", "cut"):
            if getattr(self, key) is not None:
                entry[key] = getattr(self, key)
        if self.findings:
            entry["findings"] = self.findings
        return entry


class HashingWriter:
    """A binary sink that counts and hashes what goes through it."""

    def __init__(self, sink: BinaryIO, feed: Feed | None = None):
        self.sink = sink
        self.size = 0
        self.digest = hashlib.sha256()
        self.feed = feed  # the background deflate of the same bytes (``precompress``)

    def write(self, data: bytes) -> int:
        try:
            self.sink.write(data)
        except OSError as exc:
            raise self._tagged(exc) from None
        self.size += len(data)
        self.digest.update(data)
        if self.feed is not None:
            self.feed.write(data)
        return len(data)

    def flush(self) -> None:
        try:
            self.sink.flush()
        except OSError as exc:
            raise self._tagged(exc) from None

    def _tagged(self, exc: OSError) -> OSError:
        """A write error names the file written (a full disk raises without a name), so that the
        collection tells it from a source file that could not be read."""
        if exc.filename is None and isinstance(getattr(self.sink, "name", None), str):
            exc.filename = self.sink.name
        return exc

    def writable(self) -> bool:
        return True


def copy_stream(src: BinaryIO, dst, cancel: Callable[[], bool] | None = None) -> None:
    while True:
        if cancel is not None and cancel():
            raise Cancelled()
        chunk = src.read(CHUNK)
        if not chunk:
            return
        dst.write(chunk)


class Stage:
    def __init__(self, folder: Path, bundle_id: str | None = None):
        self.folder = Path(folder)
        self.files = self.folder / "files"
        self.bundle_id = bundle_id or str(uuid.uuid4())
        self.items: list[StagedItem] = []
        self.skipped: list[dict[str, Any]] = []
        self.probes: list[dict[str, Any]] = []
        self.meta: dict[str, Any] = {}
        self._names = ArcNames()
        self.deflated: Precompressor | None = None  # in memory only: see ``precompress``

    def precompress(self) -> None:
        """From now on every staged file is also deflated in the background for the zip."""
        if self.deflated is None:
            self.deflated = Precompressor(self.folder / DEFLATED_FOLDER)

    def drop_precompressed(self) -> None:
        if self.deflated is not None:
            self.deflated.close()
            self.deflated = None

    # -- building -----------------------------------------------------------------------------
    @classmethod
    def create(cls, folder: Path, bundle_id: str | None = None) -> Stage:
        stage = cls(folder, bundle_id)
        stage.files.mkdir(parents=True, exist_ok=True)
        return stage

    def _local(self, arcname: str) -> Path:
        """Where a staged file lives. On Windows a path of 260+ characters (a deep log folder under a
        long user profile) gets the ``\\\\?\\`` form (``fileio.fs_path``), so staging never fails
        on MAX_PATH: https://learn.microsoft.com/en-us/windows/win32/fileio/maximum-file-path-limitation"""
        return Path(fileio.fs_path(self.files.joinpath(*arcname.split("/"))))

    def _target(self, arcname: str) -> Path:
        target = self._local(arcname)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def add_stream(self, src: BinaryIO, arcname: str, kind: str, source: str | None,
                   transform: Callable[[BinaryIO, Any], dict[str, Any]] | None = None,
                   cancel: Callable[[], bool] | None = None, **extra: Any) -> StagedItem:
        """Writes ``src`` (through ``transform(src, sink)`` when given) to the stage."""
        arcname = self._names.claim(arcname)
        target = self._target(arcname)
        info: dict[str, Any] = {}
        feed = self.deflated.open(arcname) if self.deflated is not None else None
        fh = open(target, "wb")  # noqa: SIM115 - closed below on both paths
        try:
            sink = HashingWriter(fh, feed)
            if transform is None:
                copy_stream(src, sink, cancel)
            else:
                info = transform(src, sink) or {}
            sink.flush()  # a write error surfaces here, named, not in close()
        except BaseException:
            if feed is not None:
                feed.abort()
            with contextlib.suppress(OSError):  # close() would raise the same write error again, unnamed
                fh.close()
            target.unlink(missing_ok=True)
            raise
        try:
            fh.close()
        except BaseException:
            if feed is not None:
                feed.abort()
            raise
        if feed is not None:
            feed.close(target)
        item = StagedItem(path=arcname, kind=kind, size=sink.size, sha256=sink.digest.hexdigest(),
                          source=source, redactions=info.get("redactions", {}),
                          encoding=info.get("encoding"), **extra)
        self.items.append(item)
        return item

    def add_file(self, path: Path, arcname: str, kind: str, **extra: Any) -> StagedItem:
        with fileio.open_shared(path) as src:
            return self.add_stream(src, arcname, kind, str(path), **extra)

    def add_planned(self, planned: PlannedItem, transform=None, cancel=None) -> StagedItem:
        with fileio.open_planned(planned) as src:
            return self.add_stream(src, planned.arcname, planned.kind,
                                   str(planned.source) if planned.source else None,
                                   transform=transform if planned.redact else None, cancel=cancel,
                                   note=planned.note, warning=planned.warning, cut=planned.cut)

    def skip(self, planned: PlannedItem, reason: str | None = None, status: str | None = None) -> None:
        entry = planned.manifest_entry()
        entry["skipped"] = reason or planned.skipped
        entry["status"] = status or planned.status
        entry.pop("size", None)
        self.skipped.append(entry)

    # -- review -------------------------------------------------------------------------------
    def item(self, arcname: str) -> StagedItem:
        for item in self.items:
            if item.path == arcname:
                return item
        raise KeyError(arcname)

    def file_path(self, arcname: str) -> Path:
        self.item(arcname)
        return self._local(arcname)

    def exclude(self, arcname: str, excluded: bool = True) -> None:
        self.item(arcname).excluded = excluded
        self.save()

    def replace_content(self, arcname: str, data: bytes) -> StagedItem:
        """New content for a staged file (a screenshot with covered rectangles)."""
        item = self.item(arcname)
        path = self.file_path(arcname)
        atomic_write_bytes(path, data)
        item.size, item.sha256 = len(data), hashlib.sha256(data).hexdigest()
        item.note = "áreas cobertas pelo usuário"
        self.save()
        return item

    @property
    def included(self) -> list[StagedItem]:
        return [i for i in self.items if not i.excluded]

    @property
    def total_size(self) -> int:
        return sum(i.size for i in self.included)

    def redaction_summary(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for item in self.included:
            for rule, n in item.redactions.items():
                totals[rule] = totals.get(rule, 0) + n
        return dict(sorted(totals.items()))

    # -- persistence --------------------------------------------------------------------------
    def save(self) -> None:
        state = {"bundle_id": self.bundle_id, "items": [asdict(i) for i in self.items],
                 "skipped": self.skipped, "probes": self.probes, "meta": self.meta}
        atomic_write_json(self.folder / STATE_FILE, state)

    @classmethod
    def load(cls, folder: Path) -> Stage:
        state = json.loads((Path(folder) / STATE_FILE).read_text(encoding="utf-8"))
        stage = cls(folder, state["bundle_id"])
        stage.items = [StagedItem(**i) for i in state["items"]]
        for item in stage.items:
            stage._names.claim(item.path)
        stage.skipped, stage.probes, stage.meta = state["skipped"], state["probes"], state["meta"]
        return stage

    def discard(self) -> None:
        self.drop_precompressed()
        shutil.rmtree(self.folder, ignore_errors=True)
