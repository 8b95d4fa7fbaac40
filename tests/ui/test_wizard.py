"""The wizard window with a keyboard and a change of mind (issue 16): Cancelar asks before losing work,
"Continuar" is the default and returns to the same page with everything kept; the keyboard starts
on the first field, Enter goes to Próximo, Tab goes from Título to the steps."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

from collector.core.wizard import Page, WizardState
from tests.ui.conftest import answer_next_box as _answer_next_box
from tests.ui.conftest import detected, on_description, type_text


def test_cancel_with_typed_text_asks_and_continuar_keeps_the_page(qtbot, make_window, services, portuguese):
    state, window, desc = on_description(qtbot, make_window, services, "Erro no cálculo")
    texts: list[str] = []

    def press_enter(box: QMessageBox) -> None:  # Enter takes the default button
        texts.append(box.defaultButton().text().replace("&", ""))
        qtbot.keyClick(box, Qt.Key.Key_Return)

    seen = _answer_next_box(qtbot, press_enter)
    qtbot.mouseClick(window.wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert texts == ["Continuar"]
    assert window.isVisible() and window.wizard.isVisible()
    assert window.wizard.currentId() == int(Page.DESCRIPTION)
    assert desc.title_edit.text() == "Erro no cálculo" and state.answers.title == "Erro no cálculo"
    qtbot.waitUntil(lambda: desc.title_edit.hasFocus() or not window.isActiveWindow(), timeout=2_000)

    def discard(box: QMessageBox) -> None:
        button = next(b for b in box.buttons() if b.text().replace("&", "") == "Descartar")
        button.click()

    seen = _answer_next_box(qtbot, discard)
    qtbot.mouseClick(window.wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
    assert len(seen) == 1  # asked once, not again by the window's close


def test_cancel_without_work_closes_without_asking(qtbot, make_window, services):
    state = WizardState()
    window = make_window(services, state)
    detected(qtbot, state)
    qtbot.mouseClick(window.wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)


def test_escape_in_the_question_never_discards(qtbot, make_window, services):
    state = WizardState()
    window = make_window(services, state)
    detected(qtbot, state)
    state.answers.process = "1. Abrir o RM"
    seen = _answer_next_box(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape))
    window.close()
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert window.isVisible() and window.wizard.currentId() == int(Page.ENVIRONMENT)


def test_keyboard_first_field_enter_is_next_and_tab_from_title_to_steps(qtbot, make_window, services):
    state = WizardState()
    window = make_window(services, state)
    window.activateWindow()
    detected(qtbot, state)
    window.wizard.next()
    desc = window.wizard.page_widget(Page.DESCRIPTION)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is desc.title_edit, timeout=3_000)
    assert desc.title_edit.nextInFocusChain() is desc.process
    type_text(desc.title_edit, "Erro ao gerar holerite")
    for box, text in ((desc.process, "1. Abrir"), (desc.expected, "Gerar")):
        box.setPlainText(text)
    desc.users_buttons["one"].setChecked(True)
    desc.title_edit.setFocus()
    qtbot.waitUntil(lambda: window.wizard.button(QWizard.WizardButton.NextButton).isEnabled(), timeout=5_000)
    qtbot.keyClick(desc.title_edit, Qt.Key.Key_Return)  # Enter = Próximo
    assert window.wizard.currentId() == int(Page.EVIDENCE)


def test_acontece_desde_starts_empty(qtbot, make_window, services):
    state = WizardState()
    window = make_window(services, state)
    detected(qtbot, state)
    window.wizard.next()
    desc = window.wizard.page_widget(Page.DESCRIPTION)
    assert state.answers.since is None and not desc.since_known.isChecked()
    assert desc.since.text() == "—"
    desc.since_known.setChecked(True)
    assert desc.since.text() != "—" and state.answers.since


def test_escape_in_cover_areas_asks_before_dropping_drawn_areas(qtbot, portuguese):
    from PySide6.QtGui import QColor, QImage

    from collector.core.wizard import Rect
    from collector.ui.widgets.cover_editor import CoverEditor

    image = QImage(640, 360, QImage.Format.Format_RGB32)
    image.fill(QColor("#eceff1"))
    editor = CoverEditor(image, "tela.png", [])
    qtbot.addWidget(editor)
    editor.show()
    editor.canvas.add(Rect(10, 10, 100, 40))
    seen = _answer_next_box(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))  # the default: Continuar
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert seen[0].defaultButton().text().replace("&", "") == "Continuar"
    assert editor.isVisible() and editor.rects == [Rect(10, 10, 100, 40)]

    def drop(box: QMessageBox) -> None:
        next(b for b in box.buttons() if b.text().replace("&", "") == "Descartar").click()

    seen = _answer_next_box(qtbot, drop)
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5_000)
    assert editor.result() == CoverEditor.DialogCode.Rejected
