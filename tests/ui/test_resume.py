"""Reopening the last session (issue 16): a wizard closed before the end (a crash, the session ending, a
forced close) leaves its draft; the next "Novo chamado" asks "Continuar o chamado de 02/12 10:04?" with
Continuar as the default, and brings back what was typed and gathered. Delivered, queued or discarded
work is never offered."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from collector.core import draft
from collector.core.kinds import Kind
from collector.core.wizard import EvidenceFile, Page, SendOutcome, WizardState
from collector.ui import tasks
from collector.ui.app import Windows
from collector.ui.backend import draft_masker
from tests.fixtures import rm_install
from tests.ui.conftest import answer_next_box, detected, on_description, type_text


def test_secrets_typed_never_reach_the_draft(tmp_path, monkeypatch):
    """A connection string pasted into the steps, the installation's Alias.dat password typed alone,
    and the environment's database password: masked before the file is written."""
    root = rm_install.local_sqlserver(tmp_path / "RM.Net")
    monkeypatch.setenv("COLLECTOR_DB_PASSWORD", "Env-Db-Senha-4411")
    state = WizardState()
    state.inspect_doc = {"installations": [{"root": str(root)}]}
    state.answers.title = "Erro de login no banco"
    state.answers.process = "1. Conexão: Data Source=DBSRV\\RM;User Id=rm;Password=Colada-Aqui-9931;\n2. Entrar"
    state.answers.particularities = f"a senha do alias é {rm_install.PLANTED_PASSWORD} e a do banco Env-Db-Senha-4411"
    state.answers.cloud_test_env = "servidor teste01, token=ghp_abcdefghijklmnopqrstuvwxyz0123456789"
    target = draft.save(draft.snapshot(state, datetime.now().astimezone(), tmp_path / "s"), draft_masker,
                        tmp_path / "draft.json")
    raw = target.read_bytes()
    for secret in ("Colada-Aqui-9931", rm_install.PLANTED_PASSWORD, "Env-Db-Senha-4411",
                   "ghp_abcdefghijklmnopqrstuvwxyz0123456789"):
        assert secret.encode() not in raw
    assert str(root).encode() not in raw  # the installations list only served the masking
    restored = draft.load(target)
    assert restored is not None
    assert restored.answers.title == "Erro de login no banco"  # the rest as typed
    assert "Data Source=DBSRV\\RM" in restored.answers.process and "2. Entrar" in restored.answers.process



def _saved(qtbot, check) -> draft.Draft:
    found: list[draft.Draft] = []

    def ok() -> bool:
        saved = draft.load()
        if saved is not None and check(saved):
            found.append(saved)
            return True
        return False

    qtbot.waitUntil(ok, timeout=10_000)
    return found[0]


def _capture(services, name: str = "tela-1.png") -> EvidenceFile:
    path = services.folder("screenshots") / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    return EvidenceFile(path, Kind.SCREENSHOTS, "capture", size=path.stat().st_size)


def _windows(qtbot, services) -> Windows:
    windows = Windows(services, None, demo=False, auto_refresh=False)
    qtbot.addWidget(windows.tickets)
    windows.tickets.show()
    return windows


def _close(windows: Windows) -> None:
    if windows.wizard is not None:
        windows.wizard.force_close()
    windows.tickets.close()
    assert tasks.wait_all(30_000)


def test_an_interrupted_ticket_comes_back_with_continuar(qtbot, make_window, services, portuguese):
    state, window, desc = on_description(qtbot, make_window, services, "Erro no cálculo de férias")
    type_text(desc.particularities, "Só na filial 2; Password=Nao-Vai-Pro-Disco-55")
    shot = _capture(services)
    state.add_evidence([shot])
    saved = _saved(qtbot, lambda d: d.answers.title == "Erro no cálculo de férias" and d.evidence)
    assert b"Nao-Vai-Pro-Disco-55" not in draft.draft_file().read_bytes()
    window.force_close()  # the session ends: no "Descartar" chosen
    window.draft.writer.flush()
    assert draft.load() is not None

    windows = _windows(qtbot, services)
    asked: list[tuple[str, str, str]] = []

    def press_enter(box: QMessageBox) -> None:
        asked.append((box.text(), box.informativeText(), box.defaultButton().text().replace("&", "")))
        qtbot.keyClick(box, Qt.Key.Key_Return)

    answer_next_box(qtbot, press_enter)
    windows.new_ticket()
    try:
        when = saved.started.strftime("%d/%m %H:%M")
        assert asked == [(f"Continuar o chamado de {when}?", asked[0][1], "Continuar")]
        assert "“Erro no cálculo de férias”" in asked[0][1] and "1 arquivo reunido" in asked[0][1]
        wizard = windows.wizard
        assert wizard is not None and wizard.isVisible()
        restored = wizard.state
        assert restored is not state
        assert restored.answers.title == "Erro no cálculo de férias"
        assert restored.answers.particularities == "Só na filial 2; Password=********"
        assert [e.path for e in restored.evidence if e.origin == "capture"] == [shot.path]
        detected(qtbot, restored)
        # back where the user was (Descrição), the text in its field
        qtbot.waitUntil(lambda: wizard.wizard.currentId() == int(Page.DESCRIPTION), timeout=10_000)
        assert wizard.wizard.page_widget(Page.DESCRIPTION).title_edit.text() == "Erro no cálculo de férias"
        wizard.wizard.next()
        evidence = wizard.wizard.page_widget(Page.EVIDENCE)
        qtbot.waitUntil(lambda: not restored.discovering, timeout=30_000)
        assert str(shot.path) in [str(e.path) for e in evidence.state.evidence]
        assert draft.load() is not None  # still kept until delivered or discarded
    finally:
        _close(windows)


def test_discarded_or_delivered_work_is_not_offered(qtbot, make_window, services, portuguese):
    state = WizardState()
    window = make_window(services, state)
    detected(qtbot, state)
    state.answers.process = "1. Abrir o Labore"
    _saved(qtbot, lambda d: d.answers.process == "1. Abrir o Labore")

    def discard(box: QMessageBox) -> None:
        next(b for b in box.buttons() if b.text().replace("&", "") == "Descartar").click()

    answer_next_box(qtbot, discard)
    qtbot.mouseClick(window.wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
    window.draft.writer.flush()
    assert draft.load() is None

    second = make_window(services, WizardState())
    second.state.add_evidence([_capture(services, "tela-2.png")])
    _saved(qtbot, lambda d: bool(d.evidence))
    second.state.send.outcome = SendOutcome("delivered", ticket_id=77)
    qtbot.waitUntil(lambda: draft.load() is None, timeout=10_000)

    windows = _windows(qtbot, services)
    try:
        windows.new_ticket()  # nothing to offer: no question, a fresh ticket
        assert windows.wizard is not None and windows.wizard.state.evidence == []
    finally:
        _close(windows)


def test_comecar_outro_starts_fresh_and_drops_the_draft(qtbot, make_window, services, portuguese):
    window = make_window(services, WizardState())
    window.state.answers.title = "Lentidão na folha"
    _saved(qtbot, lambda d: d.answers.title == "Lentidão na folha")
    window.force_close()
    window.draft.writer.flush()

    windows = _windows(qtbot, services)

    def start_another(box: QMessageBox) -> None:
        next(b for b in box.buttons() if b.text().replace("&", "") == "Começar outro").click()

    seen = answer_next_box(qtbot, start_another)
    windows.new_ticket()
    try:
        assert len(seen) == 1
        assert windows.wizard is not None and windows.wizard.state.answers.title == ""
        qtbot.waitUntil(lambda: draft.load() is None, timeout=10_000)  # cleared on the drafts' thread
    finally:
        _close(windows)


def test_an_rmerror_offer_asks_first_and_joins_the_continued_ticket(qtbot, make_window, services, portuguese,
                                                                    tmp_path):
    """A wizard the tray or the RMError watcher opens would write its own draft over the saved one: the
    question comes first there too, and what the offer prepared joins the continued ticket."""
    from types import SimpleNamespace

    window = make_window(services, WizardState())
    window.state.answers.title = "Erro ao gerar a folha"
    _saved(qtbot, lambda d: d.answers.title == "Erro ao gerar a folha")
    window.force_close()
    window.draft.writer.flush()
    rmerror = tmp_path / "RMError_20261202_101500.txt"
    rmerror.write_text("Mensagem: Tempo limite.\r\n", encoding="cp1252")
    offer = SimpleNamespace(path=rmerror, size=rmerror.stat().st_size, mtime=rmerror.stat().st_mtime,
                            log_since=datetime.now().astimezone())

    windows = _windows(qtbot, services)
    seen = answer_next_box(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))  # Continuar
    windows.new_ticket_with_rmerror(offer)
    try:
        assert len(seen) == 1
        state = windows.wizard.state
        assert state.answers.title == "Erro ao gerar a folha"  # the draft was not overwritten
        assert [e.path for e in state.evidence if e.kind == Kind.RMERROR and e.path == rmerror] == [rmerror]
    finally:
        _close(windows)


def test_ctrl_c_ends_the_application_even_with_a_tray(qtbot, services, monkeypatch):
    from types import SimpleNamespace

    from collector.ui import app

    windows = _windows(qtbot, services)
    calls: list[str] = []
    windows.tray = SimpleNamespace(stop=lambda: calls.append("tray stopped"))
    monkeypatch.setattr(app, "QApplication", SimpleNamespace(quit=lambda: calls.append("quit")))
    windows.interrupt()
    assert calls == ["tray stopped", "quit"] and not windows.tickets.isVisible()
    assert tasks.wait_all(30_000)
