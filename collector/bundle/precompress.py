"""Bundle members deflated while the collection is still running.

Redacting a file is Python work that holds the GIL; deflating one is zlib work that releases it
(CPython's ``zlib.compress``/``crc32`` drop the GIL for the whole call). So every block the
collection writes to the stage is also handed, in memory, to one background thread that deflates it
into ``<stage>/deflated/``: on two cores the deflate runs beside the redaction, the staged file is
never read back for it, and ``write_zip`` then copies the ready deflate stream into the bundle
instead of compressing the file again.

What is deflated is exactly what was written to the staged file, with the raw deflate settings the
zip writer uses (``compression.DEFLATE_LEVEL``), so a bundle written from the precompressed streams
holds the same member data as one written without them. A staged file that changed after it was
written (a screenshot covered in the review, a file rewritten) no longer matches the recorded
size/mtime/inode and is compressed again at zip time. The streams are only a cache: a stage
reloaded from disk has none, and they are deleted after the zip. The queue to the thread is
bounded, so memory stays flat when deflating falls behind (the collection waits for it).
"""

from __future__ import annotations

import logging
import os
import queue
import shutil
import threading
import zlib
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from collector.bundle.compression import DEFLATE_LEVEL, compress_type

log = logging.getLogger(__name__)

FOLDER = "deflated"
QUEUE_BLOCKS = 16  # blocks (about 1 MB each) waiting for the thread at most


@dataclass(frozen=True)
class Deflated:
    """A raw deflate stream of a staged file and what the zip's headers need to know about it."""

    path: Path
    crc: int
    file_size: int
    compress_size: int
    stamp: tuple[int, int, int]  # (size, mtime_ns, inode) of the staged file when it was closed


def stamp_of(path: Path) -> tuple[int, int, int]:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, st.st_ino


class _Job:
    """One member's deflate stream, fed block by block on the background thread."""

    def __init__(self, target: Path):
        self.target = target
        self.result: Future[Deflated | None] = Future()
        self._out: BinaryIO | None = None
        self._compressor = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
        self._crc = self._size = self._packed = 0
        self._failed = False

    def feed(self, data: bytes) -> None:
        if self._failed:
            return
        try:
            if self._out is None:
                self.target.parent.mkdir(parents=True, exist_ok=True)
                self._out = open(self.target, "wb")  # noqa: SIM115 - closed by finish/fail
            self._crc = zlib.crc32(data, self._crc)
            self._size += len(data)
            packed = self._compressor.compress(data)
            self._packed += len(packed)
            self._out.write(packed)
        except OSError:
            self.fail()

    def finish(self, stamp: tuple[int, int, int]) -> None:
        if self._failed:
            self.fail()
            return
        try:
            if self._out is None:  # an empty file
                self.feed(b"")
            assert self._out is not None
            tail = self._compressor.flush()
            self._packed += len(tail)
            self._out.write(tail)
            self._out.close()
        except OSError:
            self.fail()
            return
        if stamp[0] != self._size:
            self.fail()
            return
        self.result.set_result(Deflated(self.target, self._crc, self._size, self._packed, stamp))

    def fail(self) -> None:
        self._failed = True
        if self._out is not None:
            try:
                self._out.close()
            except OSError:
                pass
        self.target.unlink(missing_ok=True)
        if not self.result.done():
            self.result.set_result(None)


_ABORT = object()


class Feed:
    """What the stage writes a member through: ``write`` each block, then ``close`` or ``abort``."""

    def __init__(self, owner: Precompressor, job: _Job):
        self._owner, self._job = owner, job

    def write(self, data: bytes) -> None:
        self._owner._put(self._job, bytes(data))

    def close(self, staged: Path) -> None:
        try:
            stamp = stamp_of(staged)
        except OSError:
            self.abort()
            return
        self._owner._put(self._job, stamp)

    def abort(self) -> None:
        self._owner._put(self._job, _ABORT)


class Precompressor:
    """One background thread deflating the stage's members in the order they are written."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._queue: queue.Queue[tuple[_Job, Any] | None] = queue.Queue(maxsize=QUEUE_BLOCKS)
        self._jobs: dict[str, Future[Deflated | None]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._count = 0

    def open(self, arcname: str) -> Feed | None:
        """A feed for member ``arcname``, or ``None`` when the zip stores it rather than deflates it
        (already compressed formats) or precompression was stopped."""
        if self._stop.is_set() or compress_type(arcname) != zlib.DEFLATED:
            return None
        if self._thread is None:
            # a daemon: a stage never zipped (the app closes during review) does not hold up the exit
            self._thread = threading.Thread(target=self._run, name="bundle-deflate", daemon=True)
            self._thread.start()
        self._count += 1
        job = _Job(self.folder / f"{self._count}.deflate")
        self._jobs[arcname] = job.result
        return Feed(self, job)

    def _put(self, job: _Job, what: Any) -> None:
        self._queue.put((job, what))

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            job, what = item
            try:
                if self._stop.is_set() or what is _ABORT:
                    job.fail()
                elif isinstance(what, bytes):
                    job.feed(what)
                else:
                    job.finish(what)
            except Exception:  # noqa: BLE001 - the thread must live on: the writer waits on its queue
                log.warning("deflating %s failed; the zip compresses it itself", job.target, exc_info=True)
                try:
                    job.fail()
                except OSError:
                    if not job.result.done():
                        job.result.set_result(None)

    def take(self, arcname: str, path: Path) -> Deflated | None:
        """The deflate stream of ``arcname`` if it was made and the staged file ``path`` is still
        exactly what was deflated; ``None`` otherwise (the caller compresses it)."""
        job = self._jobs.pop(arcname, None)
        if job is None:
            return None
        found = job.result()
        if found is None:
            return None
        try:
            if stamp_of(path) == found.stamp and found.path.is_file():
                return found
        except OSError:
            pass
        found.path.unlink(missing_ok=True)
        return None

    def close(self) -> None:
        """Stop (what is queued is dropped) and delete every stream."""
        self._stop.set()
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        for job in self._jobs.values():
            job.cancel()
        self._jobs.clear()
        shutil.rmtree(self.folder, ignore_errors=True)
