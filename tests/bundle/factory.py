"""Build bundles (SPEC §4.3) for tests without running ``collector collect``."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import uuid
import zipfile
from pathlib import Path

PNG_HEADER = b"\x89PNG\r\n\x1a\n"


def log_text(size: int, seed: int = 0) -> bytes:
    """Realistic-looking RM log lines (compressible, like real logs)."""
    rng = random.Random(seed)
    lines, total = [], 0
    n = 0
    while total < size:
        n += 1
        line = (f"RM.Fop.Folha2026-11-28 09:{n % 60:02d}:{rng.randrange(60):02d}.{rng.randrange(1000):03d} -03:00 "
                f"[INF] Calculando evento {rng.randrange(9999)} da chapa {rng.randrange(99999):05d} "
                f"coligada {rng.randrange(1, 9)}\n").encode()
        lines.append(line)
        total += len(line)
    return b"".join(lines)[:size]


def noise(size: int, seed: int = 1) -> bytes:
    """Incompressible bytes (like a PNG or an MP4)."""
    return random.Random(seed).randbytes(size)


def default_files() -> dict[str, bytes]:
    return {
        "system/inspect.json": json.dumps({"schema": "collector.inspect/1", "installations": []}).encode(),
        "config/RM.exe.config": b"<configuration><appSettings><add key='DefaultDB' value='CorporeRM'/>"
                                b"</appSettings></configuration>",
        "logs/RM.log": log_text(200_000),
        "rmerror/RMError-20261128.txt": "Erro: Referência de objeto não definida.\r\n".encode("cp1252"),
        "screenshots/tela-1.png": PNG_HEADER + noise(150_000, 2),
        "screenshots/tela-2.png": PNG_HEADER + noise(90_000, 3),
        "recordings/gravacao.mp4": b"\x00\x00\x00\x18ftypmp42" + noise(300_000, 4),
        "attachments/planilha.csv": b"chapa;nome\n00012;Fulano\n",
    }


def make_bundle(path: Path, files: dict[str, bytes | Path] | None = None, *, title: str | None = "Erro ao calcular a folha",
                bundle_id: str | None = None, ticket_text: str | None = None, inspect: dict | None = None,
                list_in_manifest: bool = True, as_folder: bool = False) -> dict:
    """Write a bundle zip (or folder) at ``path``; returns its manifest. ``files`` values may be a
    Path to a big file on disk (streamed into the zip)."""
    files = default_files() if files is None else files
    bundle_id = bundle_id or str(uuid.uuid4())
    items = []
    for name, content in sorted(files.items()):
        if isinstance(content, Path):
            digest = hashlib.sha256()
            with open(content, "rb") as fh:
                while block := fh.read(1 << 20):
                    digest.update(block)
            size, sha = content.stat().st_size, digest.hexdigest()
        else:
            size, sha = len(content), hashlib.sha256(content).hexdigest()
        items.append({"path": name, "kind": name.split("/")[0], "size": size, "sha256": sha,
                      "source": "test", "redactions": 0})
    checklist = {"title": title} if title else {}
    manifest = {
        "schema": "collector.bundle/1", "bundle_id": bundle_id, "created_at": "2026-11-28T09:15:02-03:00",
        "collector_version": "0.1.0", "checklist": checklist, "inspect": inspect,
        "items": items if list_in_manifest else [], "probes": [],
    }
    text = ticket_text if ticket_text is not None else (
        "Versão do sistema: 12.1.2406.145 (detectado: RM.Version.dll)\n"
        "Comportamento esperado: calcular a folha sem erro\n\n"
        f"Coletor de Diagnóstico 0.1.0 · pacote {bundle_id}\n")
    entries = {"manifest.json": json.dumps(manifest, ensure_ascii=False).encode(), "ticket.md": text.encode(),
               **files}
    if as_folder:
        for name, content in entries.items():
            target = path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                shutil.copyfile(content, target)
            else:
                target.write_bytes(content)
        return manifest
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in entries.items():
            if isinstance(content, Path):
                zf.write(content, name, compress_type=zipfile.ZIP_STORED)
            else:
                stored = name.startswith(("screenshots/", "recordings/"))
                zf.writestr(name, content, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return manifest


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
