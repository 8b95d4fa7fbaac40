"""Reading a small configuration file whole, with a size cap and messages a user understands."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

from collector.probes.textdecode import decode

MAX_CONFIG_BYTES = 16 * 1024 * 1024
_SHARING_VIOLATION = 32  # Windows ERROR_SHARING_VIOLATION
_LOCK_VIOLATION = 33


class FileProblem(Exception):
    """A file that cannot be used; ``str()`` is a one-line explanation in Portuguese."""


def _is_locked(exc: OSError) -> bool:
    return getattr(exc, "winerror", None) in (_SHARING_VIOLATION, _LOCK_VIOLATION)


def read_bytes(path: Path, limit: int = MAX_CONFIG_BYTES, retries: int = 3) -> bytes:
    """The whole file, at most ``limit`` bytes (larger files are refused, not truncated)."""
    for attempt in range(retries + 1):
        try:
            size = os.stat(path).st_size
            if size > limit:
                raise FileProblem(f"arquivo grande demais ({size / 2**20:.1f} MB); ignorado")
            with open(path, "rb") as fh:
                data = fh.read(limit + 1)
            if len(data) > limit:
                raise FileProblem("arquivo cresceu durante a leitura além do limite; ignorado")
            return data
        except FileNotFoundError as exc:
            raise FileProblem("arquivo não encontrado") from exc
        except IsADirectoryError as exc:
            raise FileProblem("é uma pasta, não um arquivo") from exc
        except PermissionError as exc:
            if _is_locked(exc) and attempt < retries:
                time.sleep(0.1 * (attempt + 1))
                continue
            if _is_locked(exc):
                raise FileProblem("arquivo bloqueado por outro programa (locked)") from exc
            raise FileProblem("sem permissão de leitura") from exc
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise FileProblem("link simbólico em ciclo") from exc
            raise FileProblem(f"não foi possível ler ({exc.strerror or type(exc).__name__})") from exc
    raise FileProblem("arquivo bloqueado por outro programa (locked)")  # pragma: no cover


def read_text(path: Path, limit: int = MAX_CONFIG_BYTES) -> str:
    """The file decoded (UTF-8 with/without BOM, UTF-16 BOM, cp1252)."""
    text, _encoding = decode(read_bytes(path, limit))
    return text
