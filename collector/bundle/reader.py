"""Read a bundle (SPEC §4.3): a zip from ``collector collect --out``, or the same tree as a folder.

The bundle is hostile input like any file: member names are checked (no absolute paths, no ``..``),
the manifest must be ``collector.bundle/1`` with a uuid4 ``bundle_id``, and extracted files are
checked against the manifest's size and sha256 when it lists them.

On submission (SPEC §4.3) screenshots and recordings travel as their own attachments
(:meth:`Bundle.media`); everything else, ``manifest.json`` and ``ticket.md`` included, goes into
``diagnostico.zip`` (:meth:`Bundle.archive_members`, see :mod:`collector.bundle.split`).
"""

from __future__ import annotations

import hashlib
import json
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from collector.core.errors import CollectorError
from collector.core.kinds import MEDIA_FOLDERS
from collector.core.words import count

SCHEMA = "collector.bundle/1"
MANIFEST = "manifest.json"
TICKET = "ticket.md"
DEFAULT_SUBJECT = "Diagnóstico RM"
COPY_BLOCK = 1024 * 1024


class BundleError(CollectorError):
    """The bundle cannot be used: the message says why (one line, Portuguese)."""


@dataclass(frozen=True)
class BundleEntry:
    path: str  # posix path inside the bundle, e.g. "logs/RM.log"
    size: int
    sha256: str | None = None  # from the manifest, when it lists the file
    kind: str | None = None

    @property
    def folder(self) -> str:
        return self.path.split("/", 1)[0] if "/" in self.path else ""

    @property
    def is_media(self) -> bool:
        return self.folder in MEDIA_FOLDERS

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name


def _safe_name(name: str) -> str:
    name = name.replace("\\", "/")
    pure = PurePosixPath(name)
    if not name or name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in pure.parts:
        raise BundleError(f"pacote inválido: caminho inseguro dentro do pacote ({name!r})")
    return str(pure)


class Bundle:
    """An opened bundle. Use as a context manager (a zip stays open while you read from it)."""

    def __init__(self, source: str | Path):
        self.source = Path(source)
        self._zip: zipfile.ZipFile | None = None
        if not self.source.exists():
            raise BundleError(f"pacote não encontrado: {self.source}")
        sizes: dict[str, int] = {}
        if self.source.is_dir():
            for file in sorted(self.source.rglob("*")):
                if file.is_file() and not file.is_symlink():
                    sizes[file.relative_to(self.source).as_posix()] = file.stat().st_size
        else:
            try:
                self._zip = zipfile.ZipFile(self.source)
            except (zipfile.BadZipFile, OSError) as exc:
                raise BundleError(f"pacote inválido: {self.source.name} não é um zip legível ({exc})") from None
            for info in self._zip.infolist():
                if not info.is_dir():
                    sizes[_safe_name(info.filename)] = info.file_size
        if MANIFEST not in sizes:
            self.close()
            raise BundleError(f"pacote inválido: {self.source.name} não tem {MANIFEST}")
        try:
            self.manifest = json.loads(self.read_bytes(MANIFEST).decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as exc:
            self.close()
            raise BundleError(f"pacote inválido: {MANIFEST} ilegível ({exc.__class__.__name__})") from None
        self._validate_manifest()
        listed = {}
        for item in self.manifest.get("items") or []:
            if isinstance(item, dict) and isinstance(item.get("path"), str):
                listed[_safe_name(item["path"])] = item
        self.entries: list[BundleEntry] = []
        for path, size in sorted(sizes.items()):
            item = listed.get(path, {})
            sha = item.get("sha256") if isinstance(item.get("sha256"), str) else None
            self.entries.append(BundleEntry(path, size, sha.lower() if sha else None, item.get("kind")))
        missing = sorted(set(listed) - set(sizes))
        if missing:
            self.close()
            raise BundleError(f"pacote incompleto: faltam {count(len(missing), 'arquivo', 'arquivos')} do manifesto, ex.: {missing[0]}")
        self.ticket_text = self.read_bytes(TICKET).decode("utf-8-sig", "replace") if TICKET in sizes else ""

    def _validate_manifest(self) -> None:
        m = self.manifest
        if not isinstance(m, dict) or m.get("schema") != SCHEMA:
            self.close()
            raise BundleError(f"pacote inválido: o manifesto não é {SCHEMA}")
        try:
            uuid.UUID(str(m.get("bundle_id")))
        except ValueError:
            self.close()
            raise BundleError("pacote inválido: bundle_id ausente ou malformado no manifesto") from None

    # ------------------------------------------------------------------ facts

    @property
    def bundle_id(self) -> str:
        return str(uuid.UUID(str(self.manifest["bundle_id"])))

    @property
    def title(self) -> str | None:
        checklist = self.manifest.get("checklist")
        title = checklist.get("title") if isinstance(checklist, dict) else None
        return title.strip() if isinstance(title, str) and title.strip() else None

    def subject(self, override: str | None = None) -> str:
        """``--subject``, else the checklist title, else "Diagnóstico RM"."""
        if override and override.strip():
            return override.strip()
        return self.title or DEFAULT_SUBJECT

    def media(self) -> list[BundleEntry]:
        return [e for e in self.entries if e.is_media]

    def archive_members(self) -> list[BundleEntry]:
        return [e for e in self.entries if not e.is_media]

    def facts(self) -> dict[str, str]:
        """The checklist facts the portal profile can map to custom fields (SPEC §4.5: version,
        release, database, topology, cloud, coligada, filial, affected, product), from the answers
        first, then the first installation; unknown or empty facts are left out."""
        inspect = self.manifest.get("inspect") if isinstance(self.manifest.get("inspect"), dict) else {}
        installs = inspect.get("installations") if isinstance(inspect.get("installations"), list) else []
        install = installs[0] if installs and isinstance(installs[0], dict) else {}
        checklist = self.manifest.get("checklist") if isinstance(self.manifest.get("checklist"), dict) else {}
        database: dict[str, Any] = install["database"] if isinstance(install.get("database"), dict) else {}
        cloud = checklist.get("cloud")
        facts = {
            "version": checklist.get("version") or install.get("version"),
            "release": checklist.get("release") or install.get("release"),
            "database": checklist.get("database") or database.get("type"),
            "topology": checklist.get("topology") or install.get("topology"),
            "cloud": {True: "yes", False: "no"}.get(cloud) if isinstance(cloud, bool) else None,
            "coligada": checklist.get("coligada"),
            "filial": checklist.get("filial"),
            "affected": checklist.get("users_affected"),
            "product": checklist.get("product"),
        }
        return {k: str(v).strip() for k, v in facts.items()
                if isinstance(v, str | int) and not isinstance(v, bool) and str(v).strip() not in ("", "unknown")}

    # ------------------------------------------------------------------ content

    def open(self, path: str) -> IO[bytes]:
        if self._zip is not None:
            return self._zip.open(self._zip_name(self._zip, path))
        return open(self.source / path, "rb")  # noqa: SIM115 - caller closes

    @staticmethod
    def _zip_name(zf: zipfile.ZipFile, path: str) -> str:
        try:
            zf.getinfo(path)
            return path
        except KeyError:
            for info in zf.infolist():
                if _safe_name(info.filename) == path:
                    return info.filename
            raise

    def read_bytes(self, path: str) -> bytes:
        with self.open(path) as fh:
            return fh.read()

    def extract(self, entry: BundleEntry, dest: Path) -> str:
        """Copy one file out, streaming; returns its sha256 and checks it against the manifest."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with self.open(entry.path) as src, open(dest, "wb") as out:
            while block := src.read(COPY_BLOCK):
                digest.update(block)
                out.write(block)
        sha = digest.hexdigest()
        if entry.sha256 and sha != entry.sha256:
            raise BundleError(f"pacote corrompido: {entry.path} não confere com o manifesto (sha256)")
        return sha

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    def __enter__(self) -> Bundle:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

