"""The wizard's services (plain Python, run on worker threads): staging, previews, settings, outbox."""

from __future__ import annotations

import json

from collector.core import paths
from collector.core.wizard import WizardState
from collector.portal.settings import PortalSettings
from collector.ui.backend import PortalConfig, Services, demo_dir, save_portal_url
from tests.fixtures import rm_install


def test_the_chosen_installation_is_the_one_the_ticket_describes(tmp_path):
    first = rm_install.local_sqlserver(tmp_path / "Producao" / "RM.Net", "12.1.2406.145")
    second = rm_install.three_tier_server_oracle(tmp_path / "Homologacao" / "RM.Net", "12.1.2402.210")
    services = Services(portal=PortalConfig(), rm_roots=[first, second], rmerror_dirs=[],
                        session_dir=tmp_path / "session")
    state = WizardState()
    state.apply_inspect(services.inspect())
    assert len(state.roots()) == 2
    state.select_installation(str(second))
    stage = services.stage(state)
    assert stage.meta["inspect"]["installations"][0]["root"] == str(second)
    assert {i["root"] for i in stage.meta["inspect"]["installations"]} == {str(first), str(second)}


class _Item:
    def __init__(self, encoding):
        self.encoding = encoding


class _Stage:
    def __init__(self, path, encoding):
        self.path, self.encoding = path, encoding

    def file_path(self, _arcname):
        return self.path

    def item(self, _arcname):
        return _Item(self.encoding)


def test_preview_marks_the_redacted_spans_where_they_are(tmp_path):
    text = "Usuário: mestre\r\nSenha=********\r\nCPF CPF-0001 e e-mail email-0002@pseudonimo.invalid\r\n"
    path = tmp_path / "RMError.txt"
    path.write_bytes(text.encode("cp1252"))
    shown, spans, truncated = Services.preview(_Stage(path, "cp1252"), "rmerror/RMError.txt")
    assert not truncated and "\r" not in shown and shown.startswith("Usuário: mestre\n")
    assert [shown[a:b] for a, b, _rule in spans] == ["********", "CPF-0001", "email-0002@pseudonimo.invalid"]


def test_save_portal_url_keeps_the_rest_of_the_settings():
    settings = paths.settings_file()
    settings.write_text(json.dumps({"portal": {"custom_fields": {"version": 360001}}, "other": 1}), encoding="utf-8")
    assert save_portal_url("https://suporte.exemplo.com.br/") == "https://suporte.exemplo.com.br"
    data = json.loads(settings.read_text(encoding="utf-8"))
    assert data == {"portal": {"custom_fields": {"version": 360001}, "url": "https://suporte.exemplo.com.br"},
                    "other": 1}


def test_demo_tickets_never_share_the_real_outbox(tmp_path):
    demo = Services(portal=PortalConfig(demo=True), session_dir=tmp_path / "s")
    real = Services(portal=PortalConfig(PortalSettings(url="https://suporte.exemplo.com.br")), session_dir=tmp_path / "s")
    assert demo.outbox().root == demo_dir() / "outbox"
    assert real.outbox().root == paths.outbox_dir()
