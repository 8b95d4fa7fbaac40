"""Keep what a failed recording wrote: cut the file after its last complete fragment.

When the disk fills up, the kernel writes what fits of the last fragment and refuses the rest, so the
file ends inside a fragment whose index announces frames that are not there; decoders then stop with
"invalid data". Cutting the file after the last complete top-level unit (an MP4 ``moof``+``mdat``
pair, a WebM cluster) leaves a file that plays to its end, and frees the space the broken part used.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

_EBML_HEADER = 0x1A45DFA3
_SEGMENT = 0x18538067


def trim_incomplete_tail(path: str | os.PathLike, container_format: str) -> int:
    """Truncate ``path`` after its last complete unit. Returns the number of bytes removed."""
    path = Path(path)
    size = path.stat().st_size
    with open(path, "rb") as fh:
        end = _mp4_complete_end(fh, size) if container_format == "mp4" else _webm_complete_end(fh, size)
    if end < size:
        log.info("trimming %d bytes of an incomplete fragment from %s", size - end, path)
        with open(path, "rb+") as fh:
            fh.truncate(end)
        return size - end
    return 0


def _mp4_complete_end(fh, size: int) -> int:
    """End of the last complete box, a ``moof`` counting only together with the ``mdat`` after it."""
    fh.seek(0)
    if fh.read(8)[4:8] != b"ftyp":
        return size  # not what we wrote: leave it alone
    pos, good = 0, 0
    while pos + 8 <= size:
        fh.seek(pos)
        header = fh.read(16)
        box_size, kind = int.from_bytes(header[:4], "big"), header[4:8]
        if box_size == 1 and len(header) == 16:
            box_size = int.from_bytes(header[8:16], "big")
        if box_size < 8 or pos + box_size > size:
            break  # size 0 ("to the end of the file") is only legal for a final mdat: treat as cut
        pos += box_size
        if kind != b"moof":
            good = pos
    return good


def _read_vint(fh, keep_marker: bool) -> tuple[int, int] | None:
    """An EBML variable-length integer: (value, length) or None at the end of the file. For a size,
    an all-ones value (unknown size) is returned as -1."""
    first = fh.read(1)
    if not first:
        return None
    byte = first[0]
    length = 1
    while length <= 8 and not byte & (0x80 >> (length - 1)):
        length += 1
    if length > 8:
        return None
    rest = fh.read(length - 1)
    if len(rest) < length - 1:
        return None
    value = byte if keep_marker else byte & (0xFF >> length)
    for b in rest:
        value = (value << 8) | b
    if not keep_marker and value == (1 << (7 * length)) - 1:
        return -1, length
    return value, length


def _webm_complete_end(fh, size: int) -> int:
    """End of the last complete child of the Segment (clusters, cues...)."""
    fh.seek(0)
    element = _read_vint(fh, keep_marker=True)
    header_size = _read_vint(fh, keep_marker=False)
    if element is None or header_size is None or element[0] != _EBML_HEADER or header_size[0] < 0:
        return size  # not what we wrote: leave it alone
    fh.seek(fh.tell() + header_size[0])
    segment = _read_vint(fh, keep_marker=True)
    segment_size = _read_vint(fh, keep_marker=False)
    if segment is None or segment_size is None or segment[0] != _SEGMENT:
        return size
    good = pos = fh.tell()
    while pos < size:
        fh.seek(pos)
        element = _read_vint(fh, keep_marker=True)
        length = _read_vint(fh, keep_marker=False)
        if element is None or length is None:
            break
        if length[0] < 0:
            return size  # an element of unknown size runs to the end: nothing to judge
        end = fh.tell() + length[0]
        if end > size:
            break
        pos = good = end
    return good
