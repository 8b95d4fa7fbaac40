"""Worker-side helpers for files the user adds: expanding folders, saving pasted images, thumbnails.

These run on worker threads: they use ``QImage`` (safe off the GUI thread), never ``QPixmap``.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QImage

from collector.core.kinds import Kind
from collector.core.wizard import EvidenceFile, Origin, evidence_from_path

MAX_FOLDER_FILES = 500
THUMB = 96


def local_paths(mime: QMimeData) -> list[Path]:
    """Local files named by a drop or a paste (file managers put them as URLs)."""
    out = []
    for url in mime.urls() if mime.hasUrls() else []:
        if url.isLocalFile():
            out.append(Path(url.toLocalFile()))
    if not out and mime.hasText():  # some apps paste a plain path
        for line in mime.text().splitlines():
            candidate = line.strip().strip('"')
            if candidate.startswith("file://"):
                candidate = QUrl(candidate).toLocalFile()
            if candidate and os.path.isabs(candidate) and os.path.exists(candidate):
                out.append(Path(candidate))
    return out


def expand(paths: list[Path], origin: Origin) -> tuple[list[EvidenceFile], list[str]]:
    """Evidence entries for files (a folder gives the files inside it); plus what could not be read."""
    found: list[EvidenceFile] = []
    problems: list[str] = []
    for path in paths:
        try:
            if path.is_dir():
                for count, sub in enumerate(sorted(p for p in path.rglob("*") if p.is_file())):
                    if count >= MAX_FOLDER_FILES:
                        problems.append(f"{path.name}: mais de {MAX_FOLDER_FILES} arquivos, o resto ficou de fora")
                        break
                    found.append(evidence_from_path(sub, origin=origin))
            else:
                found.append(evidence_from_path(path, origin=origin))
        except OSError as exc:
            problems.append(f"{path.name}: {exc.strerror or exc}")
    return found, problems


def save_image(image: QImage, folder: Path) -> EvidenceFile:
    """A pasted image becomes a PNG in the session folder."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")[:-3]
    path = folder / f"imagem-colada-{stamp}.png"
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]  # the stub says bytes, the binding takes str
        raise OSError(f"não foi possível gravar {path}")
    return evidence_from_path(path, kind=Kind.ATTACHMENTS, origin="paste")


def thumbnails(paths: list[Path], size: int = THUMB) -> dict[Path, QImage]:
    out = {}
    for path in paths:
        image = QImage(str(path))
        if not image.isNull():
            out[path] = image.scaled(size * 2, size, aspectMode=_keep_aspect(), mode=_smooth())
    return out


def _keep_aspect():
    from PySide6.QtCore import Qt

    return Qt.AspectRatioMode.KeepAspectRatio


def _smooth():
    from PySide6.QtCore import Qt

    return Qt.TransformationMode.SmoothTransformation
