"""Pack the non-media part of a bundle as ``diagnostico.zip``, or independent parts of ≤ 45 MB.

Why independent zips (not a multi-volume zip): an analyst downloads any one attachment from the
portal and opens it with Windows Explorer, which cannot read spanned archives. Each part is a
complete zip on its own: ``diagnostico-parte1.zip``, ``diagnostico-parte2.zip``, ...

How files are placed:

- when everything fits uncompressed, one ``diagnostico.zip`` is written directly (the common case);
- otherwise each file's packed size is measured first (deflate is deterministic for the same data
  and level, so the measure is exact), and files are placed first-fit-decreasing into as few parts
  as possible; ``manifest.json`` and ``ticket.md`` always go in part 1;
- already-compressed files (images, video, archives) are stored, not deflated again;
- one file that does not fit in a part even compressed (e.g. a 300 MB log, a user's database dump)
  cannot travel whole inside an independent zip, so it is cut into pieces ``NAME.001``, ``NAME.002``
  ... that are placed like any other file. Text is cut at line ends, so every piece of a log is a
  readable log of its own; binary files are cut at byte offsets. Every part holding a piece also
  holds ``PARTES.txt``, which says how to join them (``copy /b`` on Windows, ``cat`` elsewhere), and
  the manifest in part 1 keeps the whole file's sha256 to check the result.

Every part is checked after writing: none is larger than the limit.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO

from collector.bundle.compression import DEFLATE_LEVEL, compress_type, set_compression
from collector.core.errors import CollectorError

PART_LIMIT = 45 * 1024 * 1024
COMPRESS_LEVEL = DEFLATE_LEVEL
PART_MARGIN = 64 * 1024  # end of central directory, PARTES.txt, rounding
BLOCK = 1024 * 1024
PIECES_NOTE = "PARTES.txt"
FIRST_PART = ("manifest.json", "ticket.md")

Opener = Callable[[str], IO[bytes]]


@dataclass(frozen=True)
class Member:
    arcname: str
    size: int


@dataclass
class _Item:
    arcname: str
    size: int  # raw bytes
    open: Callable[[], IO[bytes] | _Range]
    compress_type: int
    cost: int = 0  # bytes it takes in a part (packed data + headers)
    piece_of: str | None = None


def _overhead(arcname: str) -> int:
    # local header (30) + central directory entry (46) + the name twice + zip64/extra slack
    return 128 + 2 * len(arcname.encode("utf-8"))


def _packed_size(item: _Item) -> int:
    if item.compress_type == zipfile.ZIP_STORED:
        return item.size
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    total = 0
    with item.open() as fh:
        while block := fh.read(BLOCK):
            total += len(compressor.compress(block))
    return total + len(compressor.flush())


class _Range(io.RawIOBase):
    """A read-only window [start, start+length) of a file."""

    def __init__(self, path: Path, start: int, length: int):
        self._fh = open(path, "rb")  # noqa: SIM115 - closed with the window
        self._fh.seek(start)
        self._left = length

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        n = self._left if n is None or n < 0 else min(n, self._left)
        data = self._fh.read(n)
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._fh.close()
        super().close()


def _is_text(path: Path) -> bool:
    with open(path, "rb") as fh:
        return b"\0" not in fh.read(64 * 1024)


def _cut_points(path: Path, size: int, max_piece: int) -> list[tuple[int, int]]:
    """(start, length) of each piece; text is cut just after a newline when one is near the end."""
    text = _is_text(path)
    pieces, start = [], 0
    with open(path, "rb") as fh:
        while start < size:
            end = min(size, start + max_piece)
            if text and end < size:
                look = min(BLOCK, end - start)
                fh.seek(end - look)
                window = fh.read(look)
                newline = window.rfind(b"\n")
                if newline >= 0:
                    end = end - look + newline + 1
            pieces.append((start, end - start))
            start = end
    return pieces


def _piece_name(arcname: str, index: int, count: int) -> str:
    width = max(3, len(str(count)))
    return f"{arcname}.{index:0{width}d}"


def part_names(count: int, stem: str = "diagnostico") -> list[str]:
    if count == 1:
        return [f"{stem}.zip"]
    return [f"{stem}-parte{i}.zip" for i in range(1, count + 1)]


def write_parts(members: list[Member], opener: Opener, out_dir: Path, *, limit: int = PART_LIMIT,
                stem: str = "diagnostico") -> list[Path]:
    """Write the members as one or more independent zips in ``out_dir``; returns their paths."""
    if limit < 1024 * 1024:
        raise ValueError("limit too small")
    out_dir.mkdir(parents=True, exist_ok=True)
    capacity = limit - PART_MARGIN
    items = [_Item(m.arcname, m.size, partial(opener, m.arcname), compress_type(m.arcname))
             for m in sorted(members, key=lambda m: m.arcname)]
    total = sum(i.size + _overhead(i.arcname) for i in items)
    with tempfile.TemporaryDirectory(prefix="split-", dir=out_dir) as work:
        if total <= capacity:
            parts = [items]
        else:
            parts = _plan(items, capacity, Path(work))
        paths = []
        for name, part in zip(part_names(len(parts), stem), parts, strict=True):
            path = out_dir / name
            _write_zip(path, part)
            if path.stat().st_size > limit:  # cannot happen with exact measures; never ship a bigger one
                raise CollectorError(f"falha interna ao dividir o pacote: {name} passou de {limit} bytes")
            paths.append(path)
    return paths


def _plan(items: list[_Item], capacity: int, work: Path) -> list[list[_Item]]:
    placed: list[_Item] = []
    for item in items:
        item.cost = _packed_size(item) + _overhead(item.arcname)
        if item.cost <= capacity:
            placed.append(item)
        else:
            placed.extend(_pieces(item, capacity, work))
    first = [i for i in placed if i.arcname in FIRST_PART]
    rest = sorted((i for i in placed if i.arcname not in FIRST_PART), key=lambda i: (-i.cost, i.arcname))
    bins: list[list[_Item]] = [first] if first else []
    room: list[int] = [capacity - sum(i.cost for i in first)] if first else []
    for item in rest:
        for index, free in enumerate(room):
            if item.cost <= free:
                bins[index].append(item)
                room[index] -= item.cost
                break
        else:
            bins.append([item])
            room.append(capacity - item.cost)
    return [sorted(b, key=lambda i: i.arcname) for b in bins]


def _pieces(item: _Item, capacity: int, work: Path) -> list[_Item]:
    """Cut a file too big for any part into pieces that each fit (see the module doc)."""
    local = work / f"{len(list(work.iterdir()))}.bin"
    with item.open() as src, open(local, "wb") as out:
        shutil.copyfileobj(src, out, BLOCK)
    # deflate never grows data by more than ~0.03 % (stored blocks): leave 1 % for it
    max_piece = int((capacity - _overhead(item.arcname + ".0000")) * 0.99)
    cuts = _cut_points(local, item.size, max_piece)
    pieces = []
    for index, (start, length) in enumerate(cuts, 1):
        piece = _Item(_piece_name(item.arcname, index, len(cuts)), length,
                      partial(_Range, local, start, length), item.compress_type, piece_of=item.arcname)
        piece.cost = _packed_size(piece) + _overhead(piece.arcname)
        pieces.append(piece)
    return pieces


def _pieces_note(part: list[_Item]) -> str | None:
    whole = sorted({i.piece_of for i in part if i.piece_of})
    if not whole:
        return None
    lines = ["Arquivos grandes demais para um anexo foram divididos em pedaços numerados.",
             "Baixe todas as partes do diagnóstico, extraia os pedaços na mesma pasta e junte-os:", ""]
    for name in whole:
        base = PurePosixPath(name).name
        lines += [f"  {name}:",
                  f"    Windows:  copy /b {base}.001+{base}.002+... {base}",
                  f"    Linux/macOS:  cat {base}.0* > {base}", ""]
    lines.append("O sha256 do arquivo inteiro está em manifest.json (diagnostico-parte1.zip).")
    return "\r\n".join(lines) + "\r\n"


def _write_zip(path: Path, part: list[_Item]) -> None:
    stamp = time.localtime()[:6]
    tmp = path.with_suffix(".zip.partial")
    with zipfile.ZipFile(tmp, "w", compresslevel=COMPRESS_LEVEL) as zf:
        for item in part:
            info = set_compression(zipfile.ZipInfo(item.arcname, stamp))
            info.compress_type = item.compress_type
            info.file_size = item.size
            info.external_attr = 0o644 << 16
            with item.open() as src, zf.open(info, "w", force_zip64=item.size >= 2**31) as dst:
                shutil.copyfileobj(src, dst, BLOCK)
        note = _pieces_note(part)
        if note:
            zf.writestr(zipfile.ZipInfo(PIECES_NOTE, stamp), note.encode("utf-8"), zipfile.ZIP_DEFLATED)
    tmp.replace(path)
