"""The "Sobre" dialog: the version, the licence and the third-party notices, from the wizard's button."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWizard

from collector import __version__
from collector.core.wizard import WizardState
from collector.ui import i18n
from collector.ui.about_dialog import LICENCE, NOTICES, AboutDialog, legal_text
from collector.ui.backend import PortalConfig, Services
from collector.ui.wizard import MainWindow


def test_the_about_button_shows_version_licence_and_notices(qtbot, qapp, tmp_path):
    i18n.install(qapp, "pt_BR")
    try:
        services = Services(portal=PortalConfig(demo=True), session_dir=tmp_path / "s")
        window = MainWindow(WizardState(inspecting=True), services, demo=True)
        qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "_force_close", True))
        button = window.wizard.button(QWizard.WizardButton.CustomButton2)
        assert button.text() == "Sobre"
        window.show()
        button.click()
        dialog = window.findChild(AboutDialog)
        assert dialog is not None and dialog.isVisible()
        assert dialog.windowTitle() == "Sobre o Coletor de Diagnóstico RM"
        assert dialog.findChild(QLabel, "AboutVersion").text() == \
            f"<b>Coletor de Diagnóstico RM</b> — Versão {__version__}"
        licence = dialog.findChild(QPlainTextEdit, LICENCE).toPlainText()
        notices = dialog.findChild(QPlainTextEdit, NOTICES).toPlainText()
        assert licence.lstrip().startswith("GNU GENERAL PUBLIC LICENSE") and "Version 3, 29 June 2007" in licence
        for component in ("| FFmpeg", "| x264", "| x265", "| Qt", "PySide6"):
            assert component in notices
        assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == ["Licença", "Software de terceiros"]
        dialog.reject()
        window.force_close()
    finally:
        i18n.install(qapp, "en")


def test_a_missing_notice_file_is_said_not_hidden(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr("collector.ui.about_dialog.legal_dirs", lambda: [tmp_path])
    assert legal_text(NOTICES) is None
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.findChild(QPlainTextEdit, NOTICES).toPlainText() == \
        f"The file {NOTICES} is missing from this installation."
