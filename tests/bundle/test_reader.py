"""collector.bundle.reader: open bundles (zip or folder), validate them, sort media from the rest."""

from __future__ import annotations

import json
import zipfile

import pytest

from collector.bundle.reader import Bundle, BundleError
from tests.bundle.factory import default_files, make_bundle


def test_reads_manifest_ticket_and_sorts_media(tmp_path):
    manifest = make_bundle(tmp_path / "b.zip")
    with Bundle(tmp_path / "b.zip") as bundle:
        assert bundle.bundle_id == manifest["bundle_id"]
        assert bundle.subject() == "Erro ao calcular a folha"
        assert bundle.subject("  Outro assunto ") == "Outro assunto"
        assert manifest["bundle_id"] in bundle.ticket_text
        assert [e.path for e in bundle.media()] == [
            "recordings/gravacao.mp4", "screenshots/tela-1.png", "screenshots/tela-2.png"]
        archive = [e.path for e in bundle.archive_members()]
        assert "manifest.json" in archive and "ticket.md" in archive and "logs/RM.log" in archive
        assert not any(p.startswith(("screenshots/", "recordings/")) for p in archive)


def test_subject_falls_back_to_default(tmp_path):
    make_bundle(tmp_path / "b.zip", title=None)
    with Bundle(tmp_path / "b.zip") as bundle:
        assert bundle.subject() == "Diagnóstico RM"


def test_folder_bundle_reads_like_the_zip(tmp_path):
    manifest = make_bundle(tmp_path / "staging", as_folder=True)
    with Bundle(tmp_path / "staging") as bundle:
        assert bundle.bundle_id == manifest["bundle_id"]
        assert len(bundle.media()) == 3


def test_extract_checks_sha256_against_manifest(tmp_path):
    files = default_files()
    manifest = make_bundle(tmp_path / "b.zip", files)
    # tamper: rewrite the zip with one byte changed in a screenshot but the same manifest
    tampered = tmp_path / "t.zip"
    with zipfile.ZipFile(tmp_path / "b.zip") as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "screenshots/tela-1.png":
                data = data[:-1] + bytes([data[-1] ^ 1])
            dst.writestr(info, data)
    with Bundle(tampered) as bundle:
        entry = next(e for e in bundle.media() if e.name == "tela-1.png")
        with pytest.raises(BundleError, match="não confere"):
            bundle.extract(entry, tmp_path / "out.png")
        good = next(e for e in bundle.media() if e.name == "tela-2.png")
        assert bundle.extract(good, tmp_path / "ok.png") == next(
            i["sha256"] for i in manifest["items"] if i["path"] == "screenshots/tela-2.png")


def test_facts_for_custom_fields(tmp_path):
    inspect = {"installations": [{"version": "12.1.2406.145", "topology": "three-tier",
                                  "database": {"type": "sqlserver"}}]}
    make_bundle(tmp_path / "b.zip", inspect=inspect)
    with Bundle(tmp_path / "b.zip") as bundle:
        assert bundle.facts() == {"version": "12.1.2406.145", "database": "sqlserver", "topology": "three-tier"}


@pytest.mark.parametrize("case, message", [
    ("missing", "não encontrado"),
    ("notzip", "não é um zip"),
    ("nomanifest", "não tem manifest.json"),
    ("badjson", "ilegível"),
    ("schema", "collector.bundle/1"),
    ("badid", "bundle_id"),
    ("traversal", "caminho inseguro"),
    ("incomplete", "faltam 1"),
])
def test_bad_bundles_give_one_clear_error(tmp_path, case, message):
    path = tmp_path / "b.zip"
    good = {"schema": "collector.bundle/1", "bundle_id": "9f1c2d3e-4b5a-4c6d-8e7f-001122334455", "items": []}
    if case == "notzip":
        path.write_bytes(b"not a zip at all")
    elif case != "missing":
        with zipfile.ZipFile(path, "w") as zf:
            if case == "nomanifest":
                zf.writestr("ticket.md", "x")
            elif case == "badjson":
                zf.writestr("manifest.json", "{not json")
            elif case == "schema":
                zf.writestr("manifest.json", json.dumps({**good, "schema": "other/2"}))
            elif case == "badid":
                zf.writestr("manifest.json", json.dumps({**good, "bundle_id": "nope"}))
            elif case == "traversal":
                zf.writestr("manifest.json", json.dumps(good))
                zf.writestr("../../evil.txt", "x")
            elif case == "incomplete":
                zf.writestr("manifest.json", json.dumps({**good, "items": [
                    {"path": "logs/a.log", "size": 1, "sha256": "0" * 64}]}))
    with pytest.raises(BundleError, match=message):
        Bundle(path)
