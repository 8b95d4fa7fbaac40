"""Reopening the last session (issue 16): a wizard closed before the end (a crash, the session ending, a
forced close) leaves its draft; the next "Novo chamado" asks "Continuar o chamado de 02/12 10:04?" with
Continuar as the default, and brings back what was typed and gathered. Delivered, queued or discarded
work is never offered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from collector.core import draft
from collector.core.kinds import Kind
from collector.core.wizard import EvidenceFile, Page, SendOutcome, WizardState
from collector.ui import tasks
from collector.ui.app import Windows
from tests.ui.conftest import answer_next_box, type_text


def _ready(qtbot, state: WizardState) -> None:
    qtbot.waitUntil(lambda: state.inspect_doc is not None and not state.inspecting, timeout=30_000)


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
    state = WizardState()
    window = make_window(services, state)
    _ready(qtbot, state)
    window.wizard.next()
    desc = window.wizard.page_widget(Page.DESCRIPTION)
    desc.title_edit.setFocus()
    type_text(desc.title_edit, "Erro no cálculo de férias")
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
        _ready(qtbot, restored)
        wizard.wizard.next()
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
    _ready(qtbot, state)
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
        assert draft.load() is None
    finally:
        _close(windows)
