"""collector.portal.manual: everything for the portal's form and the e-mail channel, no API."""

from __future__ import annotations

import email
import email.policy
import json

from collector.core import paths
from collector.portal import manual, settings
from tests.bundle.factory import make_bundle, noise, sha256_file


def test_prepares_files_text_and_eml(tmp_path, monkeypatch):
    monkeypatch.setattr(manual, "copy_to_clipboard", lambda text: True)
    paths.settings_file().write_text(json.dumps({"portal": {"support_email": "suporte@example.com"}}))
    manifest = make_bundle(tmp_path / "pacote.zip")
    handoff = manual.prepare(tmp_path / "pacote.zip", settings.load("https://suporte.example.com"))
    assert handoff.folder == tmp_path / "pacote-envio-manual"
    assert sorted(f.name for f in handoff.files) == ["diagnostico.zip", "gravacao.mp4", "tela-1.png", "tela-2.png"]
    shot = next(f for f in handoff.files if f.name == "tela-1.png")
    assert sha256_file(shot) == next(i["sha256"] for i in manifest["items"] if i["path"] == "screenshots/tela-1.png")
    text = handoff.text_file.read_text(encoding="utf-8")
    assert text.startswith("Assunto: Erro ao calcular a folha") and manifest["bundle_id"] in text
    assert handoff.form_url == "https://suporte.example.com/hc/pt-br/requests/new" and handoff.clipboard
    message = email.message_from_bytes(handoff.eml_file.read_bytes(), policy=email.policy.default)
    assert message["To"] == "suporte@example.com" and message["X-Unsent"] == "1"
    assert message["Subject"] == "Erro ao calcular a folha"
    names = sorted(part.get_filename() for part in message.iter_attachments())
    assert names == sorted(f.name for f in handoff.files)
    att = next(p for p in message.iter_attachments() if p.get_filename() == "gravacao.mp4")
    assert att.get_content_type() == "video/mp4"


def test_big_bundle_eml_lists_files_instead_of_attaching(tmp_path, monkeypatch):
    monkeypatch.setattr(manual, "EML_ATTACH_LIMIT", 100_000)
    make_bundle(tmp_path / "b.zip", {"recordings/r.mp4": noise(200_000)})
    handoff = manual.prepare(tmp_path / "b.zip", settings.load(), out_dir=tmp_path / "saida", clipboard=False)
    assert handoff.folder == tmp_path / "saida" and not handoff.eml_has_attachments
    message = email.message_from_bytes(handoff.eml_file.read_bytes(), policy=email.policy.default)
    assert list(message.iter_attachments()) == []
    assert "r.mp4" in message.get_body().get_content()
    assert handoff.form_url is None and not handoff.clipboard


def test_clipboard_without_a_desktop_is_false(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(manual.sys, "platform", "linux")
    assert manual.copy_to_clipboard("texto") is False
