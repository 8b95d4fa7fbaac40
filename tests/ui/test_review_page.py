"""Revisão on small screens: the file names are shown whole while a column can give way, the warning
column is only as wide as what it holds, and the consent stays in sight over the status line."""

from __future__ import annotations

from collector.core.wizard import Page, WizardState, evidence_from_path
from tests.ui.test_pages import _answered, _to_page

LONG_NAME = "RMError_20261128_091502.txt"


def _review(qtbot, make_window, services, tmp_path, width: int, flagged: bool):
    state = WizardState()
    _answered(state)
    rmerror = tmp_path / LONG_NAME
    rmerror.write_text("Mensagem: Tempo limite de execução expirado.\r\n", encoding="cp1252")
    state.add_evidence([evidence_from_path(rmerror, origin="dropped")])
    if flagged:  # a file the redaction cannot clean: the warning column is shown
        notes = tmp_path / "observações do usuário.txt"
        notes.write_text("Teste com o funcionário CPF 123.456.789-09 (maria@empresa.com.br)\n", encoding="utf-8")
        state.add_evidence([evidence_from_path(notes, origin="dropped")])
    window = make_window(services, state)
    window.resize(width, 740)
    _to_page(qtbot, window, state, Page.REVIEW)
    page = window.wizard.page_widget(Page.REVIEW)
    qtbot.waitUntil(lambda: page.files.topLevelItemCount() > 0, timeout=30_000)
    qtbot.wait(50)
    return page


def test_names_are_whole_at_1024_and_the_warning_column_is_as_wide_as_it_needs(qtbot, portuguese, make_window,
                                                                              services, tmp_path):
    page = _review(qtbot, make_window, services, tmp_path, 1000, flagged=True)
    files = page.files
    rows = [files.topLevelItem(i) for i in range(files.topLevelItemCount())]
    assert any(r.text(0) == LONG_NAME for r in rows)
    assert not files.isColumnHidden(4) and any(r.text(4) for r in rows)
    assert files.header().sectionSize(4) <= max(files.sizeHintForColumn(4), files.header().sectionSizeHint(4)) + 2
    # the name column holds its widest cell (the check box, the longest name and the margins, as the
    # list's own delegate measures it): no name elided
    assert files.header().sectionSize(0) >= files.sizeHintForColumn(0), [
        files.header().sectionSize(c) for c in range(5)]
    assert page.consent.isVisible() and not page.page_scroll.isAncestorOf(page.consent)


def test_narrow_the_type_gives_way_to_the_names_but_stays_readable(qtbot, portuguese, make_window, services,
                                                                    tmp_path):
    page = _review(qtbot, make_window, services, tmp_path, 760, flagged=False)
    files, header = page.files, page.files.header()
    assert files.isColumnHidden(4)  # nothing flagged: no empty warning column
    title = files.headerItem().text(1)
    assert header.sectionSize(1) >= header.fontMetrics().horizontalAdvance(title)
    assert header.sectionSize(1) >= min(files.sizeHintForColumn(1), files.fontMetrics().averageCharWidth() * 12)
    assert header.sectionSize(0) >= header.sectionSize(1)
    # the user may still drag the column wider, and the full name is in the row's tooltip
    rows = [files.topLevelItem(i) for i in range(files.topLevelItemCount())]
    assert all(r.text(0) in r.toolTip(0) for r in rows)


def test_a_left_out_files_reason_is_said_in_the_windows_language(qtbot, qapp, make_window, services, tmp_path):
    """The collector writes its reasons in Portuguese (the manifest and the ticket carry them); the English
    window says the kind of reason in English, and the Portuguese one keeps the details."""
    from collector.ui import i18n

    i18n.install(qapp, "en")
    page = _review(qtbot, make_window, services, tmp_path, 1000, flagged=False)
    intellitrace = {"skipped": "IntelliTrace: incluído só quando pedido", "status": "optin"}
    assert page._left_out_reason(intellitrace) == "IntelliTrace: included only when asked for"
    assert page._left_out_reason({"skipped": "limite de 30 MB de logs no pacote", "status": "cap"}) == \
        "over the bundle's limit for logs"
    i18n.install(qapp, "pt_BR")
    try:
        assert page._left_out_reason(intellitrace) == "IntelliTrace: incluído só quando pedido"
    finally:
        i18n.install(qapp, "en")
