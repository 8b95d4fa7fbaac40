"""The English wizard (issue 16): the language switch leaves no busy bar running, and no page or dialog
shows Portuguese — except what is the user's or the ticket's own text (what was typed, file names and
contents, the ticket text preview)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QTreeWidget,
    QWidget,
    QWizard,
)

from collector.core import draft
from collector.core.kinds import Kind
from collector.core.wizard import EvidenceFile, Page, Rect, WizardState
from collector.ui import i18n, tasks
from collector.ui.about_dialog import AboutDialog
from collector.ui.portal_dialog import PortalDialog
from collector.ui.resume import ResumeBox
from collector.ui.widgets.cover_editor import CoverEditor
from tests.ui.conftest import answer_next_box, click_next, detected

# words and endings English never has (accents, "-ção", "-ões") and words of the wizard's Portuguese
PORTUGUESE = re.compile(r"ção|ções|ões|ã|õ|ê|é|á|í|ó|ú|ç|\b(?:Próximo|Voltar|Cancelar|Concluir|Descartar|"
                        r"chamado|chamados|Usuários|usuário|arquivo|arquivos|não|Sim|Não|sabe|Ambiente|Descrição|"
                        r"Evidências|Revisão|Envio|Enviar|Entrar|Sair|Coligada ou|desde|ocultado|mascarado)\b",
                        re.IGNORECASE)


#: Portuguese that belongs on an English screen: the RM's own menu (the RM speaks Portuguese) and the
#: language switch, labelled in the language it switches to
ALLOWED = ("menu Ambiente | Sobre | Mais Info", "Português")
#: labels that quote the collection after their own words: where a fact was detected ("detected:
#: RM.exe.config: Host=localhost (esta máquina)") and why a file was left out — the ticket's and the
#: manifest's text, kept as the analyst will read it
QUOTING = ("detected: ", "Left out: ")


def _strip(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text or "").replace("&amp;", "&").replace("&", "")
    for prefix in QUOTING:
        if text.strip().startswith(prefix):
            text = prefix
    for allowed in ALLOWED:
        text = text.replace(allowed, "")
    return text


def visible_texts(root: QWidget, skip: tuple[QWidget, ...] = ()) -> list[tuple[str, str]]:
    """(widget, text) of what the user reads on ``root``: labels, buttons, titles, placeholders,
    list items and headers — of visible widgets, leaving out ``skip`` (the user's own content)."""
    out: list[tuple[str, str]] = []

    def add(widget: QWidget, *texts: str) -> None:
        name = type(widget).__name__ + ":" + (widget.objectName() or "")
        out.extend((name, _strip(t)) for t in texts if t and t.strip())

    add(root, root.windowTitle())
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or any(s is widget or s.isAncestorOf(widget) for s in skip):
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            add(widget, widget.text())
        elif isinstance(widget, QGroupBox):
            add(widget, widget.title())
        elif isinstance(widget, QLineEdit | QPlainTextEdit):
            add(widget, widget.placeholderText())
        elif isinstance(widget, QComboBox):
            add(widget, *[widget.itemText(i) for i in range(widget.count())])
        elif isinstance(widget, QTreeWidget):
            header = widget.headerItem()
            add(widget, *[header.text(c) for c in range(widget.columnCount()) if not widget.isColumnHidden(c)])
        elif isinstance(widget, QProgressBar) and widget.isTextVisible():
            add(widget, widget.text())
        if hasattr(widget, "title") and hasattr(widget, "subTitle"):  # a wizard page
            add(widget, widget.title(), widget.subTitle())
    return out


def portuguese_in(root: QWidget, skip: tuple[QWidget, ...] = ()) -> list[tuple[str, str]]:
    return [(w, t) for w, t in visible_texts(root, skip) if PORTUGUESE.search(t)]


def busy_bars(window: QWidget) -> list[QProgressBar]:
    """Spinning bars (no range) on screen."""
    return [b for b in window.findChildren(QProgressBar) if b.isVisible() and b.maximum() == 0]



def _answer(state: WizardState) -> None:
    a = state.answers  # the user's words: English here, so that any Portuguese on screen is ours
    a.title, a.process, a.expected, a.users_affected = "Payroll run fails", "1. Open\n2. Run", "It runs", "all"


def test_the_language_switch_leaves_no_busy_bar_running(qtbot, portuguese, make_window, services):
    state = WizardState()
    window = make_window(services, state)
    detected(qtbot, state)
    qtbot.waitUntil(lambda: not busy_bars(window), timeout=10_000)
    assert window.switch_language("en")
    assert window.wizard.currentId() == int(Page.ENVIRONMENT)
    assert busy_bars(window) == []  # the detection is over: no "Detecting…" bar on the rebuilt page
    _answer(state)
    for _ in range(3):
        if window.wizard.currentId() == int(Page.EVIDENCE):
            qtbot.waitUntil(lambda: not state.discovering, timeout=30_000)
        click_next(qtbot, window)
    qtbot.waitUntil(lambda: state.review.staged and not tasks.running(), timeout=60_000)
    assert window.switch_language("pt_BR")
    assert window.wizard.currentId() == int(Page.REVIEW)
    assert busy_bars(window) == []  # the staging is over: no "Preparing the files" bar either
    assert not window.wizard.page_widget(Page.REVIEW).progress.isVisible()


def test_no_portuguese_left_in_the_english_wizard(qtbot, qapp, make_window, services, tmp_path):
    i18n.install(qapp, "en")
    state = WizardState()
    window = make_window(services, state)
    detected(qtbot, state)
    found: dict[str, list] = {}
    found["environment"] = portuguese_in(window)
    read = [t for _w, t in visible_texts(window)]
    assert len(read) > 20 and "Environment" in read and "Next >" in read, read  # the walk reads the page
    _answer(state)
    click_next(qtbot, window)
    desc = window.wizard.page_widget(Page.DESCRIPTION)
    found["description"] = portuguese_in(window, (desc.title_edit, desc.process, desc.expected))
    click_next(qtbot, window)
    qtbot.waitUntil(lambda: not state.discovering, timeout=30_000)
    ev = window.wizard.page_widget(Page.EVIDENCE)
    found["evidence"] = portuguese_in(window, (ev.tree,))  # the files' names are theirs
    click_next(qtbot, window)
    qtbot.waitUntil(lambda: state.review.staged, timeout=60_000)
    rev = window.wizard.page_widget(Page.REVIEW)
    rev.files.setCurrentItem(rev.files.topLevelItem(0))  # a preview: the file's content is the file's
    qtbot.waitUntil(lambda: rev.preview_stack.currentWidget() is not rev.preview_none, timeout=10_000)
    found["review"] = portuguese_in(window, (rev.files, rev.preview_text, rev.preview_title, rev.items))
    items = rev.items
    found["review checklist names"] = [
        ("item", items.topLevelItem(i).text(0)) for i in range(items.topLevelItemCount())
        if PORTUGUESE.search(items.topLevelItem(i).text(0))]
    rev.consent.setChecked(True)
    click_next(qtbot, window)
    found["send"] = portuguese_in(window, (window.wizard.page_widget(Page.SEND).summary,))

    image = QImage(640, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("#eceff1"))
    for name, dialog in (("cover", CoverEditor(image, "screen.png", [Rect(10, 10, 90, 40)], window)),
                         ("about", AboutDialog(window)), ("portal", PortalDialog())):
        dialog.show()
        qtbot.waitExposed(dialog)
        found[name] = portuguese_in(dialog)
        dialog.close()
    saved = draft.Draft(started=datetime(2026, 12, 2, 10, 4, tzinfo=timezone(timedelta(hours=-3))),
                        saved=datetime.now().astimezone(), session_dir=None, answers=state.answers,
                        evidence=[EvidenceFile(tmp_path / "x.png", Kind.SCREENSHOTS, "capture")])
    box = ResumeBox(saved, window)
    box.show()
    found["resume"] = [(w, t) for w, t in portuguese_in(box)]
    box.close()

    state.evidence.append(EvidenceFile(tmp_path / "shot.png", Kind.SCREENSHOTS, "capture"))
    state.send.outcome = None
    seen = answer_next_box(qtbot, lambda b: found.__setitem__("close", portuguese_in(b)) or b.reject())
    window.wizard.button(QWizard.WizardButton.CancelButton).click()
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert isinstance(seen[0], QMessageBox)
    leftovers = {k: v for k, v in found.items() if v}
    assert leftovers == {}, "\n".join(f"{k}: {v}" for k, v in leftovers.items())
