"""Atomic file writes: a reader, or a crash, sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Windows errors an antivirus or the search indexer cause while it holds a file we rename:
#: ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION.
#: https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--0-499-
TRANSIENT_WINERRORS = (5, 32, 33)
REPLACE_ATTEMPTS = 6
REPLACE_DELAY = 0.05   # seconds, doubling: 0.05 … 0.8 (≈1.5 s in all)


class ReplaceBlocked(OSError):
    """A rename kept failing because another program held the file (antivirus, indexer, backup)."""

    def __str__(self) -> str:
        return (f"não foi possível gravar {Path(str(self.filename)).name}: o arquivo está em uso por outro "
                "programa (antivírus ou indexador?); tente de novo em instantes")


def _transient(exc: OSError) -> bool:
    return getattr(exc, "winerror", None) in TRANSIENT_WINERRORS


def _retrying(op: Callable[[str | os.PathLike[str], str | os.PathLike[str]], None],
              src: str | os.PathLike[str], dst: str | os.PathLike[str],
              attempts: int, delay: float, sleep: Callable[[float], None] | None) -> None:
    for attempt in range(attempts):
        try:
            op(src, dst)
            return
        except OSError as exc:
            if not _transient(exc):
                raise
            if attempt == attempts - 1:
                raise ReplaceBlocked(exc.errno, exc.strerror, os.fspath(dst)) from exc
            (sleep or time.sleep)(delay * 2 ** attempt)


def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str], *, attempts: int = REPLACE_ATTEMPTS,
            delay: float = REPLACE_DELAY, sleep: Callable[[float], None] | None = None) -> None:
    """``os.replace`` that waits out, briefly, an antivirus or indexer holding either file (Windows
    errors 5/32/33), then raises ``ReplaceBlocked`` with one clear line. Every rename of ours goes here.
    https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-movefileexw"""
    _retrying(os.replace, src, dst, attempts, delay, sleep)


def rename(src: str | os.PathLike[str], dst: str | os.PathLike[str], *, attempts: int = REPLACE_ATTEMPTS,
           delay: float = REPLACE_DELAY, sleep: Callable[[float], None] | None = None) -> None:
    """``os.rename`` (fails when ``dst`` exists on Windows) with the same brief retries as ``replace``."""
    _retrying(os.rename, src, dst, attempts, delay, sleep)


def fsync_dir(folder: Path) -> None:
    """Makes a rename in ``folder`` durable (POSIX; NTFS journals renames itself)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, private: bool = False) -> Path:
    """Write-then-rename in the same folder, fsynced. ``private``: readable by the owner only."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if private:
            try:
                os.chmod(tmp, 0o600)
            except OSError:
                pass
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(path.parent)
    return path


def atomic_write_json(path: Path, data: Any, *, private: bool = False) -> Path:
    import json  # here: imported before the main window's first paint, used later

    text = json.dumps(data, ensure_ascii=False, indent=1)
    return atomic_write_bytes(path, text.encode("utf-8"), private=private)
