"""Reading a small file whole (configs, Alias.dat, PE headers) with messages a user understands.

Every probe reads small files through here, and this goes through ``fileio.read_small``: regular
files only (a FIFO or a device named ``RM.exe.config`` is refused at once), time-bounded (a share or
file that never answers costs that one file after ``timeout`` seconds), size-capped, locked files
retried. Each failure is one ``FileProblem`` with a Portuguese line for the manifest or ``problems``.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from collector.probes import fileio
from collector.redact.encoding import decode

MAX_CONFIG_BYTES = 16 * 1024 * 1024


class FileProblem(Exception):
    """A file that cannot be used; ``str()`` is a one-line explanation in Portuguese."""


def read_bytes(path: str | os.PathLike[str], limit: int = MAX_CONFIG_BYTES, retries: int = 3, *,
               timeout: float | None = None) -> bytes:
    """The whole file, at most ``limit`` bytes (larger files are refused, not truncated).

    ``retries`` is kept for compatibility: sharing violations are retried by ``fileio``.
    ``timeout`` (seconds, default ``fileio.FILE_TIMEOUT``) bounds the whole read.
    """
    try:
        return fileio.read_small(path, limit, timeout=timeout)
    except fileio.TooLarge as exc:
        raise FileProblem(f"arquivo grande demais ({exc.size / 2**20:.1f} MB); ignorado") from exc
    except fileio.FileLocked as exc:
        raise FileProblem("arquivo bloqueado por outro programa (locked)") from exc
    except fileio.NotAFile as exc:
        raise FileProblem("não é um arquivo comum (FIFO, dispositivo ou socket); ignorado") from exc
    except fileio.FolderOffline as exc:
        raise FileProblem("sem resposta (pasta de rede ou arquivo que não responde); ignorado") from exc
    except FileNotFoundError as exc:
        raise FileProblem("arquivo não encontrado") from exc
    except IsADirectoryError as exc:
        raise FileProblem("é uma pasta, não um arquivo") from exc
    except PermissionError as exc:
        if Path(path).is_dir():
            raise FileProblem("é uma pasta, não um arquivo") from exc
        raise FileProblem("sem permissão de leitura") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileProblem("link simbólico em ciclo") from exc
        raise FileProblem(f"não foi possível ler ({exc.strerror or type(exc).__name__})") from exc


def read_text(path: str | os.PathLike[str], limit: int = MAX_CONFIG_BYTES, *, timeout: float | None = None) -> str:
    """The file decoded (UTF-8 with/without BOM, UTF-16 with or without BOM, cp1252, mixed)."""
    return decode(read_bytes(path, limit, timeout=timeout))[0]
