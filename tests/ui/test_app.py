"""The application around the wizard: start-up, no screen, one instance per session, translations,
the demo banner, the remembered window size, the first-start portal question."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from collector.commands import gui
from collector.core import paths
from collector.core.errors import CollectorError
from collector.core.wizard import Page, WizardState
from collector.ui import i18n
from collector.ui.backend import PortalConfig, Services, save_portal_url
from collector.ui.portal_dialog import PortalDialog
from collector.ui.single import SingleInstance
from collector.ui.top_window import DEMO_BANNER
from collector.ui.wizard import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def _env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(extra)
    return env


def test_without_a_screen_one_portuguese_line_and_exit_1(monkeypatch):
    proc = subprocess.run([sys.executable, "-m", "collector"], cwd=ROOT, env=_env(), capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("collector: não há tela gráfica"), proc.stderr
    assert "Traceback" not in proc.stderr
    assert not gui.has_screen({}, "linux") and gui.has_screen({}, "win32")
    assert gui.has_screen({"DISPLAY": ":0"}, "linux") and gui.has_screen({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    if sys.platform not in ("win32", "darwin"):
        with pytest.raises(CollectorError, match="não há tela gráfica"):
            gui.run(type("Args", (), {"demo": False, "portal": None, "debug": False})())


def test_demo_starts_to_its_first_page(tmp_path):
    """``collector --demo`` really starts (the benchmark hook quits after the first page is painted)."""
    stamp = tmp_path / "first-page"
    proc = subprocess.run([sys.executable, "-m", "collector", "--demo"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=_env(QT_QPA_PLATFORM="offscreen", COLLECTOR_BENCH_FIRST_PAGE=str(stamp),
                                                COLLECTOR_HOME=str(tmp_path / "home")))
    assert proc.returncode == 0, proc.stderr
    assert float(stamp.read_text()) > 0


def test_one_instance_per_session_brings_the_first_forward(qtbot, tmp_path):
    name = f"coletor-rm-test-{os.getpid()}"
    first = SingleInstance(name)
    assert first.claim()
    first.listen()
    try:
        second = SingleInstance(name)
        with qtbot.waitSignal(first.activated, timeout=5000):
            assert not second.claim()
    finally:
        first.release()
    third = SingleInstance(name)
    assert third.claim()  # the first one is gone: a new start is the first again
    third.release()


def test_the_session_key_names_user_session_and_data_folder(monkeypatch, tmp_path):
    from collector.ui import single

    monkeypatch.setenv("COLLECTOR_HOME", str(tmp_path / "a"))
    a = single.server_name()
    monkeypatch.setenv("COLLECTOR_HOME", str(tmp_path / "b"))
    assert single.server_name() != a
    assert str(paths.data_dir()) in single.session_key()


def test_portuguese_by_default_with_qts_own_translations(qapp):
    loaded = i18n.install(qapp, i18n.choose_language(None))
    try:
        assert any(Path(p).name == "qtbase_pt_BR.qm" for p in loaded), loaded
        assert any(Path(p).name == "collector_pt_BR.qm" for p in loaded), loaded
        assert QCoreApplication.translate("QWizard", "Cancel") == "Cancelar"
        assert QCoreApplication.translate("EnvironmentPage", "Environment") == "Ambiente"
        assert QCoreApplication.translate("ReviewPage", "I &reviewed the content and I am authorized to send "
                                          "it").replace("&", "") == "Revisei o conteúdo e estou autorizado a enviá-lo"
    finally:
        i18n.install(qapp, "en")
    assert QCoreApplication.translate("EnvironmentPage", "Environment") == "Environment"
    assert i18n.choose_language("en") == "en" and i18n.normalize("pt-BR") == "pt_BR"


@pytest.mark.parametrize("lang", ["pt_BR", "en"])
def test_every_source_string_has_a_portuguese_translation_and_english_plurals(lang):
    ts = ROOT / "resources" / "translations" / f"collector_{lang}.ts"
    text = ts.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text, f"strings without translation in {ts.name}"
    qm = ts.with_suffix(".qm")
    assert qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime - 1, "compile the .ts (pyside6-lrelease)"


def test_demo_banner_on_the_window_only_in_demo_mode(qtbot, tmp_path):
    services = Services(portal=PortalConfig(demo=True), session_dir=tmp_path / "s")
    state = WizardState(inspecting=True)  # no detection in this test
    window = MainWindow(state, services, demo=True)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "_force_close", True))
    assert DEMO_BANNER == "Modo demonstração — os chamados ficam neste computador"
    assert window.banner.text() == DEMO_BANNER and not window.banner.isHidden()
    plain = MainWindow(state, services, demo=False)
    qtbot.addWidget(plain, before_close_func=lambda w: setattr(w, "_force_close", True))
    assert plain.banner.isHidden()
    for w in (window, plain):
        w.force_close()


def test_the_window_remembers_its_size(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    services = Services(portal=PortalConfig(), session_dir=tmp_path / "s")
    state = WizardState(inspecting=True)
    window = MainWindow(state, services, settings)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "_force_close", True))
    window.show()
    window.resize(761, 543)  # within the offscreen screen (800x600)
    QApplication.processEvents()
    window.force_close()
    again = MainWindow(state, services, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(again, before_close_func=lambda w: setattr(w, "_force_close", True))
    assert (again.width(), again.height()) == (761, 543)
    again.force_close()


def test_first_start_without_portal_asks_for_the_address_or_demo(qtbot):
    dialog = PortalDialog(validate=save_portal_url)
    qtbot.addWidget(dialog)
    dialog.url.setText("ftp://portal")
    dialog.use_button.click()
    assert dialog.choice is None and not dialog.error.isHidden()
    assert "inválido" in dialog.error.text()
    dialog.url.setText("https://suporte.exemplo.com.br/")
    dialog.use_button.click()
    assert dialog.choice == ("portal", "https://suporte.exemplo.com.br")
    saved = json.loads(paths.settings_file().read_text(encoding="utf-8"))
    assert saved["portal"]["url"] == "https://suporte.exemplo.com.br"

    demo = PortalDialog(validate=save_portal_url)
    qtbot.addWidget(demo)
    demo.demo_button.click()
    assert demo.choice == ("demo", None)


def test_a_second_start_during_the_portal_question_brings_it_forward(qtbot, tmp_path, monkeypatch):
    """The first start asks for the portal before its main window exists: it answers later starts
    from then on (it would otherwise listen only after the main window's first paint)."""
    from PySide6.QtCore import QTimer

    from collector.ui import app

    monkeypatch.setenv("COLLECTOR_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("COLLECTOR_PORTAL_URL", raising=False)
    raised: list[str] = []
    monkeypatch.setattr(app, "bring_forward", lambda w: raised.append(type(w).__name__))
    name = f"coletor-rm-test-q{os.getpid()}"
    first = SingleInstance(name)
    assert first.claim()
    answers: list[bool] = []

    def second_start() -> None:
        answers.append(SingleInstance(name).claim(wait_s=0))
        QTimer.singleShot(300, lambda: QApplication.activeModalWidget().reject())

    QTimer.singleShot(100, second_start)
    try:
        assert app.choose_portal(False, None, first) is None  # the user closed the question
    finally:
        first.release()
    assert answers == [False] and raised == ["PortalDialog"]


def test_demo_mode_signs_in_through_the_browser_like_the_real_portal(qtbot, tmp_path, monkeypatch):
    import webbrowser

    from collector.ui.app import start_demo
    from tests.portal import stand_in_browser

    services = Services(portal=PortalConfig(demo=True), session_dir=tmp_path / "s")
    window = MainWindow(WizardState(inspecting=True), services, demo=True)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "_force_close", True))
    start_demo(services, window)
    banner = window.banner.text()
    # the portal starts, or the banner says why it did not (the test then shows that line)
    qtbot.waitUntil(lambda: services.portal.local is not None or window.banner.text() != banner, timeout=60_000)
    assert services.portal.local is not None, window.banner.text()
    try:
        assert services.portal.url.startswith("http://127.0.0.1:") and not services.portal.signed_in
        account = services.portal.local.accounts["end-user"]
        assert account["email"] in window.banner.toolTip() and account["password"] in window.banner.toolTip()
        monkeypatch.setenv("BROWSER", str(stand_in_browser.command(tmp_path)))
        monkeypatch.setenv("STANDIN_EMAIL", account["email"])
        monkeypatch.setenv("STANDIN_PASSWORD", account["password"])
        monkeypatch.setattr(webbrowser, "_tryorder", None)  # read $BROWSER again
        monkeypatch.setattr(webbrowser, "_browsers", {})
        send = window.wizard.page_widget(Page.SEND)
        send.refresh_account()
        send.sign_in_button.click()
        # the credentials are set on the worker thread; the page shows them once the task's signal arrives
        qtbot.waitUntil(lambda: services.portal.signed_in and account["email"] in send.account_label.text(),
                        timeout=60_000)
        assert services.portal.credentials.kind == "oauth"
        assert (paths.data_dir() / "demo-portal").is_dir()
        assert services.search_articles("RMError")  # the demo portal answers for real
    finally:
        services.portal.local.close()
        window.force_close()
