"""Bundle members deflated while the collection is still running.

Redacting a file is Python work that holds the GIL; deflating one is zlib work that releases it
(CPython's ``zlib`` and ``binascii.crc32`` drop the GIL for the whole call). So while the
collection redacts file *n+1*, one background thread deflates the already staged file *n* into
``<stage>/deflated/``, and ``write_zip`` then copies the ready deflate stream into the bundle
instead of compressing it again: on two cores the zip costs almost nothing after the collection.

What is deflated is the staged (already redacted) file, byte for byte, with the same raw deflate
settings the zip writer uses (``compression.DEFLATE_LEVEL``), so a bundle written from the
precompressed streams holds exactly the same member data as one written without them. A staged
file that changed after it was deflated (a screenshot covered in the review, a file rewritten)
no longer matches the recorded size/mtime/inode and is compressed again at zip time. The streams
are only a cache: a stage reloaded from disk has none, and they are deleted after the zip.
"""

from __future__ import annotations

import os
import shutil
import threading
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from collector.bundle.compression import DEFLATE_LEVEL, compress_type

BLOCK = 1024 * 1024
FOLDER = "deflated"


@dataclass(frozen=True)
class Deflated:
    """A raw deflate stream of a staged file and what the zip's headers need to know about it."""

    path: Path
    crc: int
    file_size: int
    compress_size: int
    stamp: tuple[int, int, int]  # (size, mtime_ns, inode) of the staged file when it was read


def _stamp(path: Path) -> tuple[int, int, int]:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, st.st_ino


class Precompressor:
    """One background thread deflating staged files in the order they were staged."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bundle-deflate")
        self._jobs: dict[str, Future[Deflated | None]] = {}
        self._stop = threading.Event()
        self._count = 0

    def submit(self, arcname: str, path: Path) -> None:
        """Deflate the staged file ``path`` (member ``arcname``) in the background, when the zip
        would deflate it (stored formats are copied as they are anyway)."""
        if self._stop.is_set() or compress_type(arcname) != zlib.DEFLATED:
            return
        self._count += 1
        target = self.folder / f"{self._count}.deflate"
        self._jobs[arcname] = self._pool.submit(self._deflate, Path(path), target)

    def _deflate(self, source: Path, target: Path) -> Deflated | None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            before = _stamp(source)
            compressor = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
            crc = size = packed = 0
            with open(source, "rb") as src, open(target, "wb") as out:
                while block := src.read(BLOCK):
                    if self._stop.is_set():
                        raise InterruptedError
                    crc = zlib.crc32(block, crc)
                    size += len(block)
                    data = compressor.compress(block)
                    packed += len(data)
                    out.write(data)
                data = compressor.flush()
                packed += len(data)
                out.write(data)
            if _stamp(source) != before or size != before[0]:
                raise InterruptedError  # changed while being read: the zip deflates it itself
            return Deflated(target, crc, size, packed, before)
        except (OSError, InterruptedError):
            target.unlink(missing_ok=True)
            return None

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
            if _stamp(path) != found.stamp:
                found.path.unlink(missing_ok=True)
                return None
        except OSError:
            return None
        return found

    def close(self) -> None:
        """Stop (the file being deflated ends at its next block) and delete every stream."""
        self._stop.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._jobs.clear()
        shutil.rmtree(self.folder, ignore_errors=True)
