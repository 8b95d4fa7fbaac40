"""Envio: who is signed in where, in whole Portuguese sentences; the demo account on the page itself
in demo mode; and only the buttons that make sense once sending ended (delivered, queued)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QWizard

from collector.core.wizard import Page, WizardState
from collector.portal.auth import Credentials
from collector.portal.settings import PortalSettings
from collector.ui.backend import PortalConfig, Services
from collector.ui.pages.send import SendPage
from tests.ui.conftest import sent
from tests.ui.test_pages import _answered, _to_page

# "em o portal", "a o portal", "de o portal": a name put into a sentence built for another
BROKEN_CONTRACTION = re.compile(r"\b(?:em|a|de|por) (?:o|a|os|as)\b")


def _page(qtbot, tmp_path, portal: PortalConfig) -> SendPage:
    page = SendPage(WizardState(), Services(portal=portal, session_dir=tmp_path / "s", rm_roots=[tmp_path]))
    qtbot.addWidget(page)
    page.refresh_account()
    return page


def _shown(page: SendPage) -> str:
    return " ".join(label.text() for label in (page.demo_label, page.account_label) if not label.isHidden())


def test_demo_mode_speaks_whole_portuguese_and_shows_the_demo_account(qtbot, portuguese, tmp_path, lp):
    account = lp.accounts["end-user"]
    config = PortalConfig(PortalSettings(url=lp.url), demo=True, local=lp)
    page = _page(qtbot, tmp_path, config)
    text = _shown(page)
    assert "Você ainda não entrou no portal de demonstração." in text
    assert not BROKEN_CONTRACTION.search(text), text
    assert "127.0.0.1" not in text  # the demo portal by its name, not its local address
    # the demo account on the page itself, selectable, not only in the banner's tooltip
    assert account["email"] in page.demo_label.text() and account["password"] in page.demo_label.text()
    assert "dica" not in text and "faixa" not in text
    assert page.sign_in_button.text().replace("&", "") == "Entrar no portal"

    config.credentials = Credentials(account["email"], account["token"])
    page.refresh_account()
    text = page.account_label.text()
    assert f"Você entrou no portal de demonstração como <b>{account['email']}</b>." in text, text
    assert "Conectado" not in text and not BROKEN_CONTRACTION.search(text)
    # signing out of the portal, not quitting the collector (the tray's "Sair")
    assert page.sign_out_button.text().replace("&", "") == "Sair do portal"


def test_a_real_portal_by_its_host_name_and_never_the_demo_account(qtbot, portuguese, tmp_path, lp, creds):
    config = PortalConfig(PortalSettings(url="https://suporte.exemplo.com.br"))
    page = _page(qtbot, tmp_path, config)
    assert page.account_label.text().startswith("Você ainda não entrou em <b>suporte.exemplo.com.br</b>.")
    assert page.demo_label.isHidden() and lp.accounts["end-user"]["password"] not in _shown(page)
    config.credentials = creds
    page.refresh_account()
    assert page.account_label.text().startswith(
        f"Você entrou em <b>suporte.exemplo.com.br</b> como <b>{creds.email}</b>."), page.account_label.text()


def test_english_says_the_same_in_whole_sentences(qtbot, tmp_path, lp):
    account = lp.accounts["end-user"]
    page = _page(qtbot, tmp_path, PortalConfig(PortalSettings(url=lp.url), demo=True, local=lp))
    assert "You are not signed in to the demonstration portal yet." in page.account_label.text()
    assert f"e-mail <b>{account['email']}</b>, password <b>{account['password']}</b>" in page.demo_label.text()
    assert page.sign_out_button.text().replace("&", "") == "Sign out of the portal"


def _buttons(window, send) -> dict[str, bool]:
    cancel = window.wizard.button(QWizard.WizardButton.CancelButton)
    return {"send": send.send_button.isVisible() and send.send_button.isEnabled(),
            "retry": send.retry_button.isVisible() and send.retry_button.isEnabled(),
            "manual": send.manual_button.isVisible() and send.manual_button.isEnabled(),
            "cancel": cancel.isVisible() and cancel.isEnabled()}


def _on_send_page(qtbot, make_window, services: Services):
    """A ticket answered and reviewed, on Envio: (state, window, page)."""
    state = WizardState()
    _answered(state)
    window = make_window(services, state)
    _to_page(qtbot, window, state, Page.SEND)
    return state, window, window.wizard.page_widget(Page.SEND)


def test_after_delivery_only_concluir_is_left(qtbot, portuguese, make_window, services):
    state, window, send = _on_send_page(qtbot, make_window, services)
    assert _buttons(window, send) == {"send": True, "retry": False, "manual": True, "cancel": True}
    assert sent(qtbot, state, send.send_button).status == "delivered"
    assert _buttons(window, send) == {"send": False, "retry": False, "manual": False, "cancel": False}
    assert window.wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "Meus chamados" in send.result.text()


def test_a_queued_ticket_offers_try_again_and_not_a_second_send(qtbot, portuguese, make_window, installation,
                                                                  tmp_path, creds):
    down = Services(portal=PortalConfig(PortalSettings(url="http://127.0.0.1:9"), credentials=creds),
                    rm_roots=[installation], rmerror_dirs=[], session_dir=tmp_path / "session")
    state, window, send = _on_send_page(qtbot, make_window, down)
    assert sent(qtbot, state, send.send_button).status == "queued"
    send.retry_timer.stop()
    assert _buttons(window, send) == {"send": False, "retry": True, "manual": True, "cancel": False}
    assert window.wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    # trying again keeps it that way (while it tries, Cancelar asks before closing)
    send.retry()
    qtbot.waitUntil(lambda: not state.send.sending, timeout=60_000)
    send.retry_timer.stop()
    assert state.send.outcome.status == "queued"
    assert _buttons(window, send) == {"send": False, "retry": True, "manual": True, "cancel": False}
