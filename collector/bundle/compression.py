"""Which bundle members are stored rather than deflated: the one list the bundle writer and the part
splitter share (already compressed formats: deflating them costs time and saves nothing)."""

from __future__ import annotations

import zipfile
from pathlib import PurePosixPath

# zlib level of every deflated member (zip writer, part splitter, background precompression): the
# same data at the same level gives the same deflate stream, which the splitter's exact size
# measure and the precompressed members rely on. Level 4, not zlib's default 6: measured on logs
# (issue 11), 4 deflates 1.5-2x faster for a zip 5 % (real system logs) to 14 % (generated RM
# TRACKLOG) larger; 3 and below grow it 17-45 %, which a slow upload link pays for longer than
# the seconds they save. Logs are most of every bundle's bytes.
DEFLATE_LEVEL = 4

# images, video, archives, Office Open XML / OpenDocument (zips themselves), IntelliTrace (.itrace: huge,
# and the writer's time matters more than its few percent)
STORED_SUFFIXES = frozenset((
    ".png", ".jpg", ".jpeg", ".gif", ".webp",
    ".mp4", ".webm", ".mkv", ".avi", ".mov",
    ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".zst",
    ".docx", ".xlsx", ".pptx", ".odt", ".ods",
    ".itrace",
))


def compress_type(arcname: str) -> int:
    """``zipfile.ZIP_STORED`` for an already compressed format, else ``ZIP_DEFLATED``."""
    return zipfile.ZIP_STORED if PurePosixPath(arcname).suffix.lower() in STORED_SUFFIXES else zipfile.ZIP_DEFLATED


def set_compression(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """``info`` stored or deflated at ``DEFLATE_LEVEL`` as its name calls for. ``ZipFile.open(info,
    "w")`` ignores the archive's ``compresslevel`` for a ZipInfo it is handed (it would deflate at
    zlib's default), so the level goes on the ZipInfo itself (``_compresslevel`` in CPython 3.11/3.12,
    ``compress_level`` from 3.13)."""
    info.compress_type = compress_type(info.filename)
    info._compresslevel = DEFLATE_LEVEL  # type: ignore[attr-defined]  # noqa: SLF001
    return info
