"""Which bundle members are stored rather than deflated: the one list the bundle writer and the part
splitter share (already compressed formats: deflating them costs time and saves nothing)."""

from __future__ import annotations

import zipfile
from pathlib import PurePosixPath

# zlib level of every deflated member (zip writer, part splitter, background precompression): the
# same data at the same level gives the same deflate stream, which the splitter's exact size
# measure and the precompressed members rely on
DEFLATE_LEVEL = 6

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
