"""Reading other programs' files safely (SPEC §3, "Reading files on Windows").

- ``open_shared``: on Windows, ``CreateFileW`` with FILE_SHARE_READ | FILE_SHARE_WRITE |
  FILE_SHARE_DELETE (RM and its log rotation are never blocked by us), wrapped into a Python file with
  ``msvcrt.open_osfhandle``; sharing violations are retried briefly and then raised as ``FileLocked``;
  long paths go through the ``\\\\?\\`` prefix. Elsewhere a plain ``open(path, "rb")``.
- Only regular files are ever opened: a FIFO, a device or a socket named like ``RM.exe.config`` is
  refused at once (``NotAFile``; on POSIX the open itself is non-blocking, so a FIFO without a writer
  cannot hang it).
- ``read_small``: a whole small file, time-bounded (a share or a file that never answers costs that one
  file: ``FolderOffline`` after the bound), size-capped, regular files only: the one primitive every
  probe uses for configs (``collector.probes.smallfile`` wraps it with Portuguese messages).
- ``list_dir``: a directory listing that cannot hang the run on an offline network share: on a
  network path it runs in a worker thread and gives up after a timeout (``FolderOffline``); a share
  that timed out is remembered for a while so the next calls fail at once.
- ``open_planned`` / ``RangeReader``: a planned item's bytes as a bounded stream.
- ``classify_error``: an OSError → (status, reason in Portuguese) for the manifest.
"""

from __future__ import annotations

import io
import ntpath
import os
import queue
import stat
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from collector.core.plan import PlannedItem, SkipStatus

T = TypeVar("T")

IS_WINDOWS = sys.platform == "win32"

#: Windows error codes of a file held open by another program without the sharing we ask for.
SHARING_ERRORS = (32, 33)  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
OPEN_ATTEMPTS = 5
RETRY_DELAY = 0.1           # seconds, grows linearly: 0.1, 0.2, 0.3, 0.4
NETWORK_TIMEOUT = 5.0       # seconds for one listing / one file on a network path
OFFLINE_MEMORY = 120.0      # seconds a share that timed out is considered offline
LONG_PATH = 240             # above this, Windows calls get the \\?\ form


class FileLocked(OSError):
    """The file stayed locked by another program (sharing violation) after the retries."""


class FolderOffline(TimeoutError):
    """A network path did not answer in time (or timed out a moment ago)."""


class NotAFile(OSError):
    """A FIFO, a device, a socket...: never read (it may block forever or never end)."""


class TooLarge(OSError):
    """A file larger than the caller's cap (``read_small``)."""

    def __init__(self, size: int, path: str):
        super().__init__(27, "arquivo grande demais", path)  # EFBIG
        self.size = size


# -------------------------------------------------------------------------------------------------
# paths


def to_extended_path(path: str) -> str:
    """The ``\\\\?\\`` form of an absolute Windows path (pure string logic, testable anywhere).

    ``C:\\a\\b`` → ``\\\\?\\C:\\a\\b``; ``\\\\srv\\share\\x`` → ``\\\\?\\UNC\\srv\\share\\x``. The
    prefix turns off Win32 normalization, so the path is normalized first. Relative paths and paths
    already in device form are returned unchanged.
    """
    if path.startswith(("\\\\?\\", "\\\\.\\", "//?/", "//./")):
        return path
    norm = ntpath.normpath(path)
    if norm.startswith("\\\\"):
        return "\\\\?\\UNC\\" + norm[2:]
    drive, rest = ntpath.splitdrive(norm)
    if len(drive) == 2 and rest.startswith("\\"):
        return "\\\\?\\" + norm
    return path


def strip_extended_path(path: str) -> str:
    """The display form of a path that may carry the ``\\\\?\\`` prefix."""
    if path.startswith("\\\\?\\UNC\\"):
        return "\\\\" + path[8:]
    if path.startswith("\\\\?\\"):
        return path[4:]
    return path


def fs_path(path: str | os.PathLike[str]) -> str:
    """The string to hand to OS calls: on Windows, long paths get the ``\\\\?\\`` prefix."""
    text = os.fspath(path)
    if IS_WINDOWS and len(text) >= LONG_PATH:
        return to_extended_path(os.path.abspath(text))
    return text


def share_root(path: str | os.PathLike[str]) -> str | None:
    """``\\\\server\\share`` of a UNC path (lower case), else None."""
    text = strip_extended_path(os.fspath(path)).replace("/", "\\")
    if not text.startswith("\\\\") or text.startswith("\\\\.\\"):
        return None
    parts = [p for p in text[2:].split("\\") if p]
    if len(parts) < 2:
        return None
    return ("\\\\" + parts[0] + "\\" + parts[1]).lower()


def is_network_path(path: str | os.PathLike[str]) -> bool:
    """UNC paths everywhere; on Windows also drive letters mapped to a network share."""
    if share_root(path) is not None:
        return True
    if IS_WINDOWS:
        drive = ntpath.splitdrive(os.fspath(path))[0]
        if len(drive) == 2:
            return _drive_type(drive + "\\") == 4  # DRIVE_REMOTE
    return False


@cache
def _drive_type(root: str) -> int:  # pragma: no cover - Windows only
    if sys.platform != "win32":  # Windows only (mypy then checks the rest for Windows alone)
        raise NotImplementedError
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))


# -------------------------------------------------------------------------------------------------
# opening


def open_shared(path: str | os.PathLike[str], *, attempts: int | None = None,
                delay: float | None = None, timeout: float | None = None) -> BinaryIO:
    """Opens ``path`` for binary reading without ever blocking its writer (see module doc).

    Raises ``FileLocked`` when the file stays locked, ``FileNotFoundError`` when it vanished,
    ``PermissionError`` when it cannot be read, ``NotAFile`` for a FIFO/device/socket, other
    ``OSError`` as they come. On a network path (or with ``timeout``) the open is time-bounded
    (``FolderOffline``).
    """
    if timeout is None and is_network_path(path):
        timeout = NETWORK_TIMEOUT
    if timeout is not None:
        return run_bounded(_open_retrying, path, attempts, delay, timeout=timeout, path=path)
    return _open_retrying(path, attempts, delay)


def _open_retrying(path: str | os.PathLike[str], attempts: int | None, delay: float | None) -> BinaryIO:
    attempts = OPEN_ATTEMPTS if attempts is None else max(1, attempts)
    delay = RETRY_DELAY if delay is None else delay
    last: OSError | None = None
    for attempt in range(attempts):
        try:
            return _open_once(path)
        except OSError as exc:
            if getattr(exc, "winerror", None) not in SHARING_ERRORS:
                raise
            last = exc
            if attempt + 1 < attempts:
                time.sleep(delay * (attempt + 1))
    raise FileLocked(last.errno if last else 13, "arquivo bloqueado por outro programa", os.fspath(path))


def _open_once(path: str | os.PathLike[str]) -> BinaryIO:
    if IS_WINDOWS:  # pragma: no cover - Windows only
        return _regular_only(_open_windows(os.fspath(path)), path)
    # O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting forever
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "é uma pasta, não um arquivo", os.fspath(path))
        if not stat.S_ISREG(mode):
            raise NotAFile(19, "não é um arquivo comum (FIFO, dispositivo ou socket)", os.fspath(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _regular_only(f: BinaryIO, path: str | os.PathLike[str]) -> BinaryIO:  # pragma: no cover - Windows
    """Windows: a device (``CON``) or a named pipe is refused like on POSIX."""
    try:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise NotAFile(19, "não é um arquivo comum (dispositivo ou pipe)", os.fspath(path))
    except BaseException:
        f.close()
        raise
    return f


@cache
def _create_file_w() -> tuple[Any, Any]:  # pragma: no cover - Windows only
    if sys.platform != "win32":  # Windows only (mypy then checks the rest for Windows alone)
        raise NotImplementedError
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    create = kernel32.CreateFileW
    create.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, wintypes.LPVOID,
                       wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE]
    create.restype = wintypes.HANDLE
    close = kernel32.CloseHandle
    close.argtypes = [wintypes.HANDLE]
    close.restype = wintypes.BOOL
    return create, close


def _open_windows(path: str) -> BinaryIO:  # pragma: no cover - Windows only


    if sys.platform != "win32":  # Windows only (mypy then checks the rest for Windows alone)


        raise NotImplementedError
    import ctypes
    import msvcrt

    generic_read = 0x80000000
    share_all = 0x1 | 0x2 | 0x4  # FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE
    open_existing = 3
    file_attribute_normal = 0x80
    invalid_handle = ctypes.c_void_p(-1).value

    create, close = _create_file_w()
    target = to_extended_path(os.path.abspath(path))
    handle = create(target, generic_read, share_all, None, open_existing, file_attribute_normal, None)
    if handle is None or handle == invalid_handle:
        code = ctypes.get_last_error()
        # OSError with winerror picks the right subclass (FileNotFoundError, PermissionError...)
        raise OSError(None, ctypes.FormatError(code).strip(), path, code)
    try:
        fd = msvcrt.open_osfhandle(handle, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        close(handle)
        raise
    return os.fdopen(fd, "rb")


# -------------------------------------------------------------------------------------------------
# errors


def classify_error(exc: BaseException) -> tuple[SkipStatus, str]:
    """(status, reason in Portuguese) for a file that could not be read.

    status: ``locked`` | ``vanished`` | ``offline`` | ``unreadable``.
    """
    if isinstance(exc, FileLocked):
        return "locked", "arquivo bloqueado por outro programa"
    if isinstance(exc, NotAFile):
        return "unreadable", "não é um arquivo comum (FIFO, dispositivo ou socket)"
    if isinstance(exc, TooLarge):
        return "too_large", f"arquivo grande demais ({exc.size / 2**20:.1f} MB)"
    if isinstance(exc, FolderOffline):
        return "offline", "pasta de rede sem resposta"
    if isinstance(exc, FileNotFoundError):
        return "vanished", "arquivo removido antes da leitura"
    if isinstance(exc, PermissionError):
        return "unreadable", "sem permissão de leitura"
    if isinstance(exc, IsADirectoryError):
        return "unreadable", "é uma pasta, não um arquivo"
    if isinstance(exc, OSError):
        detail = exc.strerror or type(exc).__name__
        return "unreadable", f"erro de leitura: {detail}"
    return "unreadable", f"erro de leitura: {type(exc).__name__}"


# -------------------------------------------------------------------------------------------------
# bounded time on network paths

_offline: dict[str, float] = {}
_offline_lock = threading.Lock()


def forget_offline() -> None:
    """Forgets the shares that timed out (tests; a new run)."""
    with _offline_lock:
        _offline.clear()


def _offline_key(path: str | os.PathLike[str]) -> str:
    """What a timeout marks offline: the share, a mapped network drive, else only that path (a
    FIFO or a stuck local file must not take the whole C: drive down with it)."""
    root = share_root(path)
    if root:
        return root
    drive = ntpath.splitdrive(os.fspath(path))[0].lower()
    if drive and is_network_path(path):
        return drive
    return os.fspath(path)


def run_bounded(fn: Callable[..., T], *args: Any, timeout: float, path: str | os.PathLike[str]) -> T:
    """``fn(*args)`` in a daemon thread, at most ``timeout`` seconds; ``FolderOffline`` after that.

    A thread cannot be killed: a call stuck on a dead share is abandoned (it ends when the OS gives
    up). The share is then remembered as offline for ``OFFLINE_MEMORY`` seconds so that later calls
    on it fail immediately instead of piling up threads.
    """
    key = _offline_key(path)
    with _offline_lock:
        until = _offline.get(key)
        if until is not None and until > time.monotonic():
            raise FolderOffline(f"pasta de rede sem resposta: {os.fspath(path)}")
    box: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

    def work() -> None:
        try:
            box.put((True, fn(*args)))
        except BaseException as exc:  # handed to the caller
            box.put((False, exc))

    threading.Thread(target=work, daemon=True, name="bounded-io").start()
    try:
        ok, value = box.get(timeout=timeout)
    except queue.Empty:
        with _offline_lock:
            _offline[key] = time.monotonic() + OFFLINE_MEMORY
        raise FolderOffline(f"pasta de rede sem resposta em {timeout:g} s: {os.fspath(path)}") from None
    if ok:
        return value
    raise value


@dataclass(frozen=True)
class EntryInfo:
    """One directory entry, with what the listing already knows (no extra stat needed)."""

    name: str
    path: Path
    is_dir: bool
    is_file: bool
    size: int
    mtime: float
    is_link: bool = False  # a symbolic link or junction (``is_file``/``size`` describe its target)


def _scan(path: Path) -> list[EntryInfo]:
    entries: list[EntryInfo] = []
    with os.scandir(fs_path(path)) as it:
        for entry in it:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file()
                is_link = entry.is_symlink() or _is_junction(entry)
                st = entry.stat()
            except OSError:  # vanished or unreadable between listing and stat (or a dangling link)
                continue
            entries.append(EntryInfo(entry.name, path / entry.name, is_dir, is_file, st.st_size, st.st_mtime,
                                     is_link))
    return entries


def _is_junction(entry: os.DirEntry[str]) -> bool:
    is_junction = getattr(entry, "is_junction", None)  # Python 3.12+; junctions exist on Windows only
    return bool(is_junction()) if is_junction is not None else False


def list_dir(path: str | os.PathLike[str], *, timeout: float | None = None) -> list[EntryInfo]:
    """The entries of a folder. On a network path (or when ``timeout`` is given) the listing is
    bounded in time and raises ``FolderOffline`` when the share does not answer.

    On Windows the size and mtime come from the directory entry, which NTFS updates lazily for files
    held open by their writer; callers that decide on mtime may re-check with ``stat_file``.
    """
    folder = Path(path)
    if timeout is None and is_network_path(folder):
        timeout = NETWORK_TIMEOUT
    if timeout is None:
        return _scan(folder)
    return run_bounded(_scan, folder, timeout=timeout, path=folder)


FILE_TIMEOUT = NETWORK_TIMEOUT  # seconds for one small file, wherever it lives


def read_small(path: str | os.PathLike[str], limit: int, *, timeout: float | None = None) -> bytes:
    """The whole file at ``path``, at most ``limit`` bytes, in at most ``timeout`` seconds.

    Regular files only (``NotAFile``), larger files refused (``TooLarge``, never truncated),
    sharing violations retried (``FileLocked``), a path that does not answer in time raises
    ``FolderOffline`` and is remembered for a while (``run_bounded``). Memory: ``limit`` + 1 bytes.
    """
    return run_bounded(_read_small, path, limit, timeout=FILE_TIMEOUT if timeout is None else timeout,
                       path=path)


def _read_small(path: str | os.PathLike[str], limit: int) -> bytes:
    with _open_retrying(path, None, None) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise TooLarge(size, os.fspath(path))
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(len(data), os.fspath(path))
    return data


def stat_file(path: str | os.PathLike[str]) -> os.stat_result:
    """An up-to-date ``stat`` (on Windows ``os.stat`` opens the file and reads its real metadata)."""
    if is_network_path(path):
        return run_bounded(os.stat, fs_path(path), timeout=NETWORK_TIMEOUT, path=path)
    return os.stat(fs_path(path))


# -------------------------------------------------------------------------------------------------
# streaming a planned item


class RangeReader(io.RawIOBase):
    """A read-only stream of ``[start, end)`` of an open binary file (``end`` None: to EOF).

    It never reads past ``end`` even when the file has grown; if the file shrank (rotated) it simply
    ends early. ``bytes_read`` counts what was delivered.
    """

    def __init__(self, raw: BinaryIO, start: int = 0, end: int | None = None) -> None:
        super().__init__()
        self._raw = raw
        self._pos = start
        self._end = end
        self.bytes_read = 0
        raw.seek(start)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        want = len(view)
        if self._end is not None:
            want = min(want, self._end - self._pos)
        if want <= 0:
            return 0
        data = self._raw.read(want)
        n = len(data)
        view[:n] = data
        self._pos += n
        self.bytes_read += n
        return n

    def close(self) -> None:
        if not self.closed:
            try:
                self._raw.close()
            finally:
                super().close()


def open_range(path: str | os.PathLike[str], start: int = 0, end: int | None = None) -> BinaryIO:
    """A buffered binary stream of ``[start, end)`` of ``path``, opened with full sharing."""
    raw = open_shared(path)
    try:
        return io.BufferedReader(RangeReader(raw, start, end), buffer_size=256 * 1024)
    except BaseException:
        raw.close()
        raise


def open_planned(item: PlannedItem) -> BinaryIO:
    """The bytes of a planned item, as a binary stream (``read(n)``, context manager).

    Raises what ``open_shared`` raises (``FileLocked``, ``FileNotFoundError``...): the writer records
    the file as left out with ``classify_error``.
    """
    if item.source is None:
        raise ValueError(f"item {item.arcname} has no source file")
    if item.skipped is not None:
        raise ValueError(f"item {item.arcname} was left out: {item.skipped}")
    start, end = item.byte_range if item.byte_range is not None else (0, None)
    return open_range(item.source, start, end)
