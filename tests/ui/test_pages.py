"""Pages one by one: recording, knowledge-base suggestions, sign-in, the complement branch, review
exclusions, covering areas, the manual hand-off, the language switch."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import keyring
import keyring.backend
import pytest
import requests
from PySide6.QtCore import QObject, QPoint, Qt, Slot
from PySide6.QtGui import QColor, QDesktopServices, QGuiApplication, QImage
from PySide6.QtWidgets import QWizard

from collector.core.kinds import Kind
from collector.core.wizard import Mode, Page, Rect, WizardState
from collector.portal import auth
from collector.portal.client import PortalClient
from collector.portal.settings import PortalSettings
from collector.ui.backend import PortalConfig, Services
from collector.ui.widgets.cover_editor import CoverCanvas
from tests.ui.conftest import click_box, click_next, sent, type_text

needs_screen = pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X screen (Xvfb)")


def _answered(state: WizardState, title: str = "Erro ao gerar holerite") -> None:
    a = state.answers
    a.title, a.process, a.expected, a.users_affected = title, "1. Abrir\n2. Gerar", "Gerar o holerite", "one"


def _to_page(qtbot, window, state, page: Page) -> None:
    qtbot.waitUntil(lambda: state.inspect_doc is not None and not state.inspecting, timeout=30_000)
    while window.wizard.currentId() < int(page):
        if window.wizard.currentId() == int(Page.EVIDENCE):
            qtbot.waitUntil(lambda: not state.discovering, timeout=30_000)
        if window.wizard.currentId() == int(Page.REVIEW):
            qtbot.waitUntil(lambda: state.review.staged or bool(state.review.stage_error), timeout=60_000)
            click_box(qtbot, window.wizard.page_widget(Page.REVIEW).consent)
        click_next(qtbot, window)
    if page == Page.REVIEW:
        qtbot.waitUntil(lambda: state.review.staged or bool(state.review.stage_error), timeout=60_000)


class _UrlCatcher(QObject):
    """Stands in for the browser and the file manager: QDesktopServices hands URLs to it."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    @Slot("QUrl")
    def open(self, url) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def opened():
    catcher = _UrlCatcher()
    for scheme in ("http", "https", "file"):
        QDesktopServices.setUrlHandler(scheme, catcher, "open")
    yield catcher.urls
    for scheme in ("http", "https", "file"):
        QDesktopServices.unsetUrlHandler(scheme)


def _recording(qtbot, make_window, services):
    """A wizard on Evidências whose recording has started (its control on screen): (state, window, page)."""
    state = WizardState()
    window = make_window(services, state)
    _to_page(qtbot, window, state, Page.EVIDENCE)
    ev = window.wizard.page_widget(Page.EVIDENCE)
    qtbot.waitUntil(lambda: ev.record_button.isEnabled() and bool(ev.monitors), timeout=20_000)
    qtbot.mouseClick(ev.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ev.control is not None and ev.control.isVisible(), timeout=20_000)
    return state, window, ev


@needs_screen
def test_recording_gets_out_of_the_way_and_comes_back_with_the_video(qtbot, make_window, services):
    state, window, ev = _recording(qtbot, make_window, services)
    assert not window.isVisible() and state.recording
    shown = ev.recorder.monitor  # the control is told the monitor really recorded (the user's choice)
    assert ev.control.recorded == (shown.left, shown.top, shown.width, shown.height)
    assert not state.can_leave(Page.EVIDENCE)  # a recording in progress keeps the user here
    window.bring_forward()  # a second launch while recording: the control comes forward, not the wizard
    qtbot.wait(100)
    assert not window.isVisible() and ev.control.isVisible()
    qtbot.waitUntil(lambda: ev.recorder is not None and ev.recorder.elapsed > 1.2, timeout=20_000)
    qtbot.waitUntil(lambda: ev.control.clock.text() != "00:00", timeout=5_000)
    qtbot.mouseClick(ev.control.pause, Qt.MouseButton.LeftButton)
    assert ev.recorder.state == "paused"
    qtbot.mouseClick(ev.control.pause, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ev.control.stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not state.recording, timeout=30_000)
    assert window.isVisible() and window.wizard.isVisible()  # the whole wizard, not only the banner
    assert window.wizard.currentId() == int(Page.EVIDENCE) and ev.record_button.isEnabled()
    videos = state.files(Kind.RECORDING)
    assert len(videos) == 1 and videos[0].path.suffix == ".mp4" and videos[0].size > 0
    assert state.can_leave(Page.EVIDENCE)


@needs_screen
def test_closing_during_a_recording_finishes_the_video_and_leaves_no_window(qtbot, make_window, services):
    """The wizard is hidden while recording: closing the app then (Sair in the tray, the Windows session
    ending) stops the recorder, finishes a playable file and leaves neither the control nor a bare banner."""
    from collector.capture.frames import stills
    from collector.capture.recorder import STOPPED

    state, window, ev = _recording(qtbot, make_window, services)
    qtbot.waitUntil(lambda: ev.recorder is not None and ev.recorder.elapsed > 1.2, timeout=20_000)
    recorder, control = ev.recorder, ev.control
    window.force_close()
    assert recorder.state == STOPPED and not control.isVisible()
    assert not window.isVisible() and not window.wizard.isVisible()
    assert recorder.path.stat().st_size > 0 and stills(recorder.path, 1)  # the file plays


def test_knowledge_base_suggestions_appear_as_the_user_types(qtbot, make_window, services, monkeypatch, opened):
    calls: list[str] = []
    search = services.search_articles

    def counting(query):
        calls.append(query)
        return search(query)

    monkeypatch.setattr(services, "search_articles", counting)
    state = WizardState()
    window = make_window(services, state)
    _to_page(qtbot, window, state, Page.DESCRIPTION)
    desc = window.wizard.page_widget(Page.DESCRIPTION)
    type_text(desc.title_edit, "Erro de conexão com o banco")
    qtbot.waitUntil(desc.suggestions.isVisible, timeout=15_000)
    assert calls == ["Erro de conexão com o banco"]  # debounced: one search after typing stopped
    assert "href=" in desc.suggestions.text() and "/hc/pt-br/articles/" in desc.suggestions.text()
    assert desc.suggestions.openExternalLinks()


def test_sign_in_checks_the_token_against_the_portal(qtbot, memory_keyring, make_window, portal, account,
                                                     installation, tmp_path):
    services = Services(portal=PortalConfig(PortalSettings(url=portal.url)), rm_roots=[installation], rmerror_dirs=[],
                        session_dir=tmp_path / "session")
    state = WizardState()
    _answered(state)
    window = make_window(services, state)
    _to_page(qtbot, window, state, Page.SEND)
    send = window.wizard.page_widget(Page.SEND)
    assert send.sign_in_button.isVisible() and not send.form_box.isVisible()  # the browser sign-in first
    qtbot.mouseClick(send.advanced_button, Qt.MouseButton.LeftButton)
    assert send.form_box.isVisible() and send.url.text() == portal.url
    assert "30/04/2027" in send.token_warning.text() and "28/07/2026" in send.token_warning.text()
    send.email.setText(account.email)
    send.token.setText("token-errado")
    qtbot.mouseClick(send.token_sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: send.token_sign_in_button.isEnabled() and "401" in send.sign_state.text(),
                    timeout=20_000)
    assert not services.portal.signed_in
    send.token.setText(account.secret)
    qtbot.mouseClick(send.token_sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not send.form_box.isVisible(), timeout=20_000)
    assert services.portal.signed_in and send.token.text() == ""  # the token does not linger in the form
    assert account.email in send.account_label.text() and send.sign_out_button.isVisible()
    assert send.sign_state.text() == "You are signed in."
    stored = auth.load(portal.url)
    assert stored is not None and stored.source == "keyring" and stored.email == account.email


class _MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.data.get((service, username))

    def set_password(self, service, username, password):
        self.data[(service, username)] = password

    def delete_password(self, service, username):
        self.data.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(_MemoryKeyring())
    yield
    keyring.set_keyring(previous)


def test_complement_adds_the_evidence_to_an_existing_ticket_without_the_excluded_files(
        qtbot, make_window, services, portal, account):
    with PortalClient(portal.url, account) as client:
        ticket = client.create_request("Erro no cálculo de férias", "Descrição inicial do chamado")["id"]
    state = WizardState()
    window = make_window(services, state)
    _to_page(qtbot, window, state, Page.DESCRIPTION)
    desc = window.wizard.page_widget(Page.DESCRIPTION)
    next_button = window.wizard.button(QWizard.WizardButton.NextButton)
    click_box(qtbot, desc.complement)
    assert state.mode == Mode.COMPLEMENT and not next_button.isEnabled()  # the number is required
    type_text(desc.ticket_id, str(ticket))
    assert state.answers.ticket_id == ticket and next_button.isEnabled()
    _to_page(qtbot, window, state, Page.REVIEW)
    rev = window.wizard.page_widget(Page.REVIEW)
    assert not state.missing_required()  # a complement does not need the whole checklist
    config_rows = [rev.files.topLevelItem(i) for i in range(rev.files.topLevelItemCount())
                   if rev.files.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole).startswith("config/")]
    assert config_rows
    excluded = [row.data(0, Qt.ItemDataRole.UserRole) for row in config_rows]
    for row in config_rows:
        row.setCheckState(0, Qt.CheckState.Unchecked)
    assert state.review.excluded == set(excluded)
    click_box(qtbot, rev.consent)
    click_next(qtbot, window)
    send = window.wizard.page_widget(Page.SEND)
    assert f"#{ticket}" in send.summary.text()
    sent(qtbot, state, send.send_button)
    assert state.send.outcome.status == "delivered", state.send.outcome.reason
    assert state.send.outcome.ticket_id == ticket
    with PortalClient(portal.url, account) as client:
        comments = client.list_comments(ticket)
    assert len(comments) >= 2 and comments[0]["body"] == "Descrição inicial do chamado"
    archive = next(a for c in comments for a in c.get("attachments") or [] if a["file_name"].endswith(".zip"))
    with zipfile.ZipFile(io.BytesIO(requests.get(archive["content_url"], auth=account.auth(), timeout=30).content)) as z:
        names = z.namelist()
    assert not set(excluded) & set(names) and any(n.startswith("rmerror/") for n in names)


def test_manual_hand_off_copies_the_text_and_opens_the_folder_and_the_form(qtbot, make_window, services, opened):
    state = WizardState()
    _answered(state)
    window = make_window(services, state)
    _to_page(qtbot, window, state, Page.SEND)
    send = window.wizard.page_widget(Page.SEND)
    sent(qtbot, state, send.manual_button)
    assert state.send.outcome.status == "manual"
    assert "**Processo realizado:**" in QGuiApplication.clipboard().text()
    folder = next(Path(u.removeprefix("file://")) for u in opened if u.startswith("file://"))
    assert any(folder.rglob("*.zip")) and (folder / "chamado.txt").exists() and (folder / "chamado.eml").exists()
    assert any(u.endswith("/hc/pt-br/requests/new") for u in opened)
    assert state.send.entry is not None  # the bundle is also in the send queue


def test_cover_areas_by_dragging_on_the_screenshot(qtbot):
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    canvas = CoverCanvas(image)
    qtbot.addWidget(canvas)
    canvas.resize(480, 360)  # the image is shown 1.2x: widget points map back to image pixels
    canvas.show()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(12, 24))
    qtbot.mouseMove(canvas, QPoint(132, 96))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(132, 96))
    assert canvas.rects == [Rect(10, 20, 100, 60)]
    canvas.undo()
    assert canvas.rects == []


def test_language_switch_keeps_the_page_and_what_was_typed(qtbot, portuguese, make_window, services):
    state = WizardState()
    window = make_window(services, state)
    _to_page(qtbot, window, state, Page.DESCRIPTION)
    type_text(window.wizard.page_widget(Page.DESCRIPTION).title_edit, "Erro ao emitir relatório")
    assert window.wizard.page_widget(Page.DESCRIPTION).title() == "Descrição"
    switch = window.wizard.button(QWizard.WizardButton.CustomButton1)
    assert switch.text() == "English"
    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.wizard.currentId() == int(Page.DESCRIPTION), timeout=10_000)
    desc = window.wizard.page_widget(Page.DESCRIPTION)
    assert desc.title() == "Description" and desc.title_edit.text() == "Erro ao emitir relatório"
    assert window.wizard.button(QWizard.WizardButton.CustomButton1).text() == "Português"
    assert window.wizard.button(QWizard.WizardButton.NextButton).text() == "&Next >"


def test_keyboard_tab_order_follows_the_form(qtbot, make_window, services):
    state = WizardState()
    window = make_window(services, state)
    _to_page(qtbot, window, state, Page.DESCRIPTION)
    desc = window.wizard.page_widget(Page.DESCRIPTION)
    window.activateWindow()
    desc.title_edit.setFocus()
    order = [desc.process, desc.expected, desc.particularities, desc.since_known]
    for expected in order:
        qtbot.keyClick(QGuiApplication.focusObject(), Qt.Key.Key_Tab)
        assert QGuiApplication.focusObject() is expected, (QGuiApplication.focusObject(), expected)
    # the labels' accelerators reach their fields: Alt+E (Comportamento esperado / Expected behaviour)
    assert desc.expected_label.buddy() is desc.expected and desc.title_label.buddy() is desc.title_edit


def test_environment_page_shows_tracklog_for_the_part_the_problem_is_in(qtbot, portuguese, make_window, tmp_path):
    """Issue 14: "no logs" is explained on the Ambiente page (TRACKLOG off, and how to turn it on), for
    the RM or — when the user says the problem is in Meu RH — for FrameHTML's own TRACKLOG."""
    from collector.ui.backend import Services
    from tests.fixtures import rm_install

    env = rm_install.environment(tmp_path / "totvs" / "CorporeRM")
    (env["bin"] / "appsettings.log.json").unlink()  # the RM's own TRACKLOG: off by default
    services = Services(rm_roots=[env["bin"]], rmerror_dirs=[], session_dir=tmp_path / "session")
    state = WizardState()
    window = make_window(services, state)
    qtbot.waitUntil(lambda: state.inspect_doc is not None and not state.inspecting, timeout=30_000)
    page = window.wizard.page_widget(Page.ENVIRONMENT)
    assert page.tracklog.text().startswith("desativado — nenhum arquivo de log é gravado (appsettings.log.json "
                                           "ausente: padrão enable=false). Para ativar o TRACKLOG, crie ")
    assert "FrameHTML / Meu RH" in page.parts.text() and "rm-update" in page.parts.text()
    page.product.setCurrentIndex(page.product.findData("meurh"))
    assert state.answers.product == "meurh"
    assert page.tracklog.text() == f"FrameHTML / Meu RH: ativado (pasta {env['framehtml_logs']})"
    page.product.setCurrentIndex(page.product.findData("portal"))
    assert page.tracklog.text().startswith("Corpore.Net: desativado — nenhum arquivo de log é gravado")
    window.grab().save(str(tmp_path / "ambiente.png"))


def test_review_preview_wraps_and_jumps_between_masked_spans(qtbot, make_window, services):
    """Issue 16: long lines wrap (between words: a mask is never split), the preview opens on the first
    masked span, and Next/Previous go from one to the other."""
    state = WizardState()
    _answered(state)
    window = make_window(services, state)
    _to_page(qtbot, window, state, Page.REVIEW)
    rev = window.wizard.page_widget(Page.REVIEW)
    row = next(rev.files.topLevelItem(i) for i in range(rev.files.topLevelItemCount())
               if rev.files.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole).startswith("rmerror/"))
    rev.files.setCurrentItem(row)
    qtbot.waitUntil(lambda: rev.preview_stack.currentWidget() is rev.preview_text and rev.next_mask.isEnabled(),
                    timeout=20_000)
    assert rev.preview_text.lineWrapMode() != rev.preview_text.LineWrapMode.NoWrap
    spans = rev._mask_spans
    assert spans and "Segredo-Do-Alias-77" not in rev.preview_text.toPlainText()
    text = rev.preview_text.toPlainText()
    cursor = rev.preview_text.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == spans[0]
    masked = text[spans[0][0]:spans[0][1]]
    assert masked and " " not in masked.strip()  # one word: WordWrap keeps it on one line
    qtbot.mouseClick(rev.next_mask, Qt.MouseButton.LeftButton)
    cursor = rev.preview_text.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == spans[1 % len(spans)]
    qtbot.mouseClick(rev.prev_mask, Qt.MouseButton.LeftButton)
    assert rev.preview_text.textCursor().selectionStart() == spans[0][0]


@needs_screen
def test_capture_in_3_s_leaves_time_to_open_the_rm_menu(qtbot, make_window, services):
    """Issue 16: "em 3 s" hides the wizard and captures only after the delay, then brings it back."""
    import time

    state = WizardState()
    window = make_window(services, state)
    _to_page(qtbot, window, state, Page.EVIDENCE)
    ev = window.wizard.page_widget(Page.EVIDENCE)
    qtbot.waitUntil(lambda: bool(ev.monitors) and ev.capture_button.isEnabled(), timeout=20_000)
    panel = ev.screen_panel
    assert [panel.capture_delay_box.itemData(i) for i in range(panel.capture_delay_box.count())] == [0, 3, 5]
    panel.capture_delay_box.setCurrentIndex(1)
    capture = services.capture
    seen_at_capture: list[bool] = []

    def spy(monitors):  # the countdown must be gone when the screen is taken: never in the screenshot
        seen_at_capture.append(ev.countdown is not None and ev.countdown.isVisible())
        return capture(monitors)

    services.capture = spy
    started = time.monotonic()
    qtbot.mouseClick(ev.capture_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2_000)
    countdown = ev.countdown
    assert countdown is not None and countdown.isVisible()  # the user sees the wizard is not gone for good
    assert countdown.label.text() == "Capturing the screen in 3…"
    assert countdown.y() - countdown.screen().availableGeometry().top() < 60  # at the top of the screen
    qtbot.waitUntil(lambda: countdown.label.text().endswith("2…"), timeout=2_000)
    qtbot.wait(900)
    assert not state.files("screenshots") and not window.isVisible()  # still waiting: the user opens the menu
    qtbot.waitUntil(lambda: bool(state.files("screenshots")) and not state.capturing, timeout=20_000)
    assert time.monotonic() - started >= 3.0 and window.isVisible()
    assert seen_at_capture == [False] and not countdown.isVisible()


def test_removing_a_file_from_the_list_can_be_undone(qtbot, make_window, services, tmp_path):
    from tests.ui.conftest import drop_files

    state = WizardState()
    window = make_window(services, state)
    _to_page(qtbot, window, state, Page.EVIDENCE)
    ev = window.wizard.page_widget(Page.EVIDENCE)
    sheet = tmp_path / "Planilha.xlsx"
    sheet.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    drop_files(ev, [sheet])
    qtbot.waitUntil(lambda: len(state.files("attachments")) == 1, timeout=10_000)
    before = state.files("attachments")[0].path
    item = next(ev.tree.topLevelItem(i) for i in range(ev.tree.topLevelItemCount())
                if ev.tree.path_of(ev.tree.topLevelItem(i)) == before)
    ev.tree.setCurrentItem(item)
    item.setSelected(True)
    qtbot.mouseClick(ev.remove_button, Qt.MouseButton.LeftButton)
    assert not state.files("attachments") and before.exists() and ev.undo_button.isVisible()
    qtbot.mouseClick(ev.undo_button, Qt.MouseButton.LeftButton)
    assert [e.path for e in state.files("attachments")] == [before]
    assert not ev.undo_button.isVisible()


def test_a_revoked_sign_in_waits_in_the_queue_and_goes_after_signing_in_again(
        qtbot, memory_keyring, make_window, portal, installation, tmp_path, monkeypatch):
    """The wizard's "entrar de novo": the refresh is refused, the bundle waits (nothing lost), and the
    browser sign-in sends it at once."""
    import webbrowser

    from collector.portal import oauth
    from tests.portal import stand_in_browser

    profile = portal.profile()
    account = portal.accounts["end-user"]
    monkeypatch.setenv("BROWSER", str(stand_in_browser.command(tmp_path)))
    monkeypatch.setenv("STANDIN_EMAIL", account["email"])
    monkeypatch.setenv("STANDIN_PASSWORD", account["password"])
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    revoked = auth.OAuthCredentials(portal.url, profile.oauth, oauth.TokenSet("gone", "gone-too", None))
    services = Services(portal=PortalConfig(PortalSettings(url=portal.url, profile=profile), credentials=revoked),
                        rm_roots=[installation], rmerror_dirs=[], session_dir=tmp_path / "session")
    state = WizardState()
    _answered(state)
    window = make_window(services, state)
    _to_page(qtbot, window, state, Page.SEND)
    send = window.wizard.page_widget(Page.SEND)
    sent(qtbot, state, send.send_button)
    assert state.send.outcome.status == "signin" and "entre de novo" in state.send.outcome.reason
    assert "Sign in again" in send.result.text() and send.sign_in_button.isVisible()
    assert services.outbox().load(state.send.entry.id).state == "signin"
    qtbot.mouseClick(send.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.send.outcome.status == "delivered" and not state.send.sending, timeout=90_000)
    assert services.portal.credentials.kind == "oauth"


def test_a_recording_is_previewed_with_pictures_and_plays_in_the_system_player(qtbot, make_window, services, opened,
                                                                                tmp_path):
    """Issue 16: recordings get a preview on Revisão — a strip of pictures from start to end (decoded
    off the GUI thread) and "Reproduzir", which hands the file to the computer's player."""
    from collector.core.kinds import Kind
    from collector.core.wizard import EvidenceFile
    from tests.capture.helpers import coloured_recording

    video = coloured_recording(services.folder("recordings") / "gravacao-1.mp4")
    state = WizardState()
    state.add_evidence([EvidenceFile(video, Kind.RECORDING, "recording", size=video.stat().st_size)])
    window = make_window(services, state)
    _to_page(qtbot, window, state, Page.REVIEW)
    rev = window.wizard.page_widget(Page.REVIEW)
    row = next(rev.files.topLevelItem(i) for i in range(rev.files.topLevelItemCount())
               if rev.stage.item(rev.files.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)).kind == Kind.RECORDING)
    rev.files.setCurrentItem(row)
    assert rev.preview_stack.currentWidget() is rev.preview_video and rev.play_button.isVisible()

    def pictures() -> list:
        items = [rev.video_strip.itemAt(i).widget() for i in range(rev.video_strip.count())]  # row by row
        return [w.pixmap() for w in items if w is not None and not w.pixmap().isNull()]

    qtbot.waitUntil(lambda: len(pictures()) == 4, timeout=20_000)
    first, last = pictures()[0].toImage(), pictures()[-1].toImage()
    middle = (first.width() // 2, first.height() // 2)
    assert first.pixelColor(*middle).red() > 180 and last.pixelColor(*middle).blue() > 180  # red first, blue last
    qtbot.mouseClick(rev.play_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and opened[0].startswith("file://") and opened[0].endswith(".mp4")
