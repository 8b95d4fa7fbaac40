"""Writes a bundle zip from a stage: streamed into a temporary file next to the target and renamed
only when complete, so a failure (read-only folder, full disk) never leaves a partial bundle under
the final name."""

from __future__ import annotations

import errno
import json
import os
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from collector.bundle import outgoing
from collector.bundle.compression import DEFLATE_LEVEL, compress_type, set_compression
from collector.bundle.precompress import Deflated
from collector.bundle.stage import CHUNK, Stage
from collector.core import atomic
from collector.core.errors import Cancelled, CollectorError
from collector.core.progress import Progress, ProgressFn


def explain_os_error(exc: OSError, where: Path, *, output: bool = True) -> CollectorError:
    """``output``: ``where`` is the folder the user chose (``--out``); otherwise the data folder."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or getattr(exc, "winerror", None) == 112:
        hint = "libere espaço ou use --out em outro disco" if output else "libere espaço nesse disco"
        return CollectorError(f"disco cheio ao gravar em {where}; {hint}")
    if isinstance(exc, PermissionError) or exc.errno in (errno.EROFS, errno.EACCES):
        hint = "escolha outra pasta com --out" if output else "confira as permissões (ou COLLECTOR_HOME)"
        return CollectorError(f"sem permissão para gravar em {where}; {hint}")
    if isinstance(exc, FileNotFoundError):
        return CollectorError(f"pasta de destino não existe: {where}")
    return CollectorError(f"não foi possível gravar em {where} ({exc.strerror or type(exc).__name__})")


def write_zip(stage: Stage, out_path: Path, manifest: dict[str, Any], ticket_text: str,
              progress: ProgressFn | None = None,
              cancel: Callable[[], bool] | None = None) -> Path:
    """The zip of ``stage``. Everything written here passes the bundle's redactor (the choke point,
    ``bundle.outgoing``): the whole manifest, the ticket text and every member name."""
    redactor = outgoing.for_stage(stage)
    manifest = redactor.tree(manifest)
    ticket_text = redactor.text(ticket_text, kind="ticket") or ""
    out_path = Path(out_path)
    folder = out_path.parent
    if not folder.is_dir():
        raise CollectorError(f"pasta de destino não existe: {folder}")
    tmp = folder / f".{out_path.name}.{uuid.uuid4().hex[:8]}.partial"
    total = stage.total_size
    done = 0
    try:
        with zipfile.ZipFile(tmp, "w", allowZip64=True, compresslevel=DEFLATE_LEVEL) as zf:
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2),
                        compress_type=zipfile.ZIP_DEFLATED)
            zf.writestr("ticket.md", ticket_text, compress_type=zipfile.ZIP_DEFLATED)
            for item in stage.included:
                if cancel is not None and cancel():
                    raise Cancelled()
                src = stage.file_path(item.path)
                info = zipfile.ZipInfo.from_file(src, redactor.name(item.path))
                set_compression(info)
                info.compress_type = compress_type(item.path)  # by the staged name: a scrubbed one may differ
                zip64 = item.size > 2**31 or info.file_size * 1.05 > zipfile.ZIP64_LIMIT
                ready = stage.deflated.take(item.path, src) if stage.deflated is not None else None
                if ready is not None and ready.file_size == info.file_size:
                    _write_deflated(zf, info, ready, zip64, cancel)
                    done += ready.file_size
                    if progress:
                        progress(Progress("zip", done, total, item.path))
                    continue
                with open(src, "rb") as fh, zf.open(info, "w", force_zip64=zip64) as dst:
                    while True:
                        if cancel is not None and cancel():
                            raise Cancelled()
                        chunk = fh.read(CHUNK)
                        if not chunk:
                            break
                        dst.write(chunk)
                        done += len(chunk)
                        if progress:
                            progress(Progress("zip", done, total, item.path))
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        atomic.replace(tmp, out_path)
        stage.drop_precompressed()  # written: the streams are not needed any more
    except Cancelled:
        _remove(tmp)
        raise
    except OSError as exc:
        _remove(tmp)
        raise explain_os_error(exc, folder) from exc
    except BaseException:
        _remove(tmp)
        raise
    return out_path


def _write_deflated(zf: zipfile.ZipFile, info: zipfile.ZipInfo, ready: Deflated, zip64: bool,
                    cancel: Callable[[], bool] | None) -> None:
    """A member whose deflate stream was made in the background (``precompress``): the same local
    header ``ZipFile.open(info, "w")`` writes on a seekable file, with the CRC and sizes known up
    front, then the stream copied as it is. Uses ``ZipFile``'s write bookkeeping the way its own
    ``mkdir`` does (CPython 3.11/3.12: ``_lock``, ``start_dir``, ``_writecheck``)."""
    info.flag_bits = 0
    info.CRC = ready.crc
    info.compress_size = ready.compress_size
    info.file_size = ready.file_size
    if not info.external_attr:
        info.external_attr = 0o600 << 16
    with zf._lock:  # type: ignore[attr-defined]  # noqa: SLF001 - see the docstring
        zf.fp.seek(zf.start_dir)  # type: ignore[union-attr]
        info.header_offset = zf.fp.tell()  # type: ignore[union-attr]
        zf._writecheck(info)  # type: ignore[attr-defined]  # noqa: SLF001
        zf._didModify = True  # type: ignore[attr-defined]  # noqa: SLF001
        zf.fp.write(info.FileHeader(zip64))  # type: ignore[union-attr]
        with open(ready.path, "rb") as fh:
            while block := fh.read(CHUNK):
                if cancel is not None and cancel():
                    raise Cancelled()
                zf.fp.write(block)  # type: ignore[union-attr]
        zf.start_dir = zf.fp.tell()  # type: ignore[union-attr]
        zf.filelist.append(info)
        zf.NameToInfo[info.filename] = info


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
