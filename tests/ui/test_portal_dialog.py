"""The first-start question (no portal configured): its explanation is shown whole, in both
languages, opened on its own (as the application does) or over a window, and after an error."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from collector.ui import i18n
from collector.ui.portal_dialog import PortalDialog
from tests.ui.screen_probe import cut_texts


@pytest.fixture(params=["pt_BR", "en"])
def language(request, qapp):
    i18n.install(qapp, request.param)
    yield request.param
    i18n.install(qapp, "en")


@pytest.mark.parametrize("over_a_window", [False, True], ids=["alone", "over-a-window"])
def test_the_whole_explanation_is_shown(qtbot, language, over_a_window):
    parent = None
    if over_a_window:  # a child dialog starts 100x30: its layout's minimum used to decide its height
        parent = QWidget()
        qtbot.addWidget(parent)
        parent.resize(700, 500)
        parent.show()
    dialog = PortalDialog(parent)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    intro = dialog.intro
    assert intro.height() >= intro.heightForWidth(intro.width()), (intro.size(), intro.heightForWidth(intro.width()))
    assert dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width())
    assert cut_texts(dialog) == []
    assert ("demonstração" if language == "pt_BR" else "demonstration") in intro.text()

    dialog.use_button.click()  # no address: the error line appears, and the dialog grows to show it
    assert dialog.error.isVisible() and dialog.choice is None
    qtbot.waitUntil(lambda: cut_texts(dialog) == [], timeout=2_000)


def test_it_cannot_be_made_so_narrow_that_the_text_is_cut(qtbot, language):
    dialog = PortalDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(50, 50)  # the window manager keeps it at its minimum size
    qtbot.waitUntil(lambda: dialog.width() >= dialog.minimumWidth(), timeout=2_000)
    assert cut_texts(dialog) == []
