"""Render every page of the wizard to PNG, filled as a user would, for a human to look at.

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python tools/render_pages.py [--out DIR] [--lang pt_BR|en]
        [--sizes 1024x768,1280x720,1366x768,1920x1080@1.5 | --size WxH]

By default renders the whole set once per screen of ``SCREENS`` (issue 16: Terminal Server sessions,
laptops, full HD at 150 %), each in its own process (the scale factor is fixed when Qt starts) into
``OUT/WxH[@scale]/``: the window gets that screen's area less a taskbar and a title bar, in the
screen's logical pixels, as a maximised window would.

Runs the real wizard against a local portal on 127.0.0.1 and a realistic RM installation built in
a temporary folder (tests/fixtures): detection, a real screenshot of the (virtual) screen, a
dropped file, a pasted image, the staging with redaction, sending. Writes one PNG per page and
state (``01-ambiente.png`` ...) plus the dialogs (portal address, covering areas, recording control).
Needs an X screen (Xvfb) for the screenshot; Qt itself may render offscreen.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def fake_rm_window():
    """A stand-in for the RM client with its error dialog, so the screenshot shows something."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFrame, QLabel, QTableWidget, QVBoxLayout, QWidget

    win = QWidget()
    win.setWindowTitle("TOTVS RM - Labore")
    win.setStyleSheet("QWidget { background: #f4f6f8; } #bar { background: #0d47a1; color: white; "
                      "font-size: 18px; padding: 8px; } #dlg { background: white; border: 2px solid #b71c1c; }")
    layout = QVBoxLayout(win)
    bar = QLabel("TOTVS RM  ·  Labore  ·  Movimentação > Cálculo > Calcular folha")
    bar.setObjectName("bar")
    layout.addWidget(bar)
    table = QTableWidget(18, 6)
    table.setHorizontalHeaderLabels(["Chapa", "Nome", "Função", "Seção", "Salário", "Situação"])
    layout.addWidget(table, 1)
    dlg = QFrame(win)
    dlg.setObjectName("dlg")
    dlg.setGeometry(560, 300, 760, 220)
    inner = QVBoxLayout(dlg)
    title = QLabel("<b>RM - Erro</b>")
    msg = QLabel("Tempo limite de execução expirado. O tempo limite expirou antes da conclusão da operação "
                 "ou o servidor não está respondendo.\n\nDetalhes salvos em RMError_20261128_091502.txt")
    msg.setWordWrap(True)
    msg.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    inner.addWidget(title)
    inner.addWidget(msg, 1)
    win.setGeometry(0, 0, 1920, 1080)
    win.show()
    dlg.raise_()
    return win


def rm_recording(rm_window, path: Path, pump) -> Path:
    """A short recording of the stand-in RM window — working, then the error dialog — encoded by the
    recorder's own encoder, for the review's preview strip."""
    import numpy as np
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QFrame

    from collector.capture.encoder import FrameConverter, VideoWriter, finalize

    dialog = rm_window.findChild(QFrame, "dlg")
    size = (1280, 720)
    writer = VideoWriter(path, "h264", *size, 10)
    converter = FrameConverter(*size)
    for second in range(8):
        dialog.setVisible(second >= 4)
        pump(0.05)
        image = rm_window.grab().toImage().scaled(*size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                                  Qt.TransformationMode.SmoothTransformation)
        image = image.convertToFormat(QImage.Format.Format_ARGB32)  # BGRA in memory
        pixels = np.frombuffer(image.constBits(), np.uint8).reshape(size[1], image.bytesPerLine() // 4, 4)
        frame = converter.to_frame(np.ascontiguousarray(pixels[:, :size[0]]))
        writer.write(frame, second * 1000)
    writer.close()
    finalize(path, "h264")
    dialog.show()
    return path


SCREENS = ("1024x768", "1280x720", "1366x768", "1920x1080@1.5")
TASKBAR, TITLE_BAR = 40, 30  # logical pixels a maximised window does not get


def window_size(spec: str) -> tuple[str, str]:
    """``"1920x1080@1.5"`` → (``"1280x650"``, ``"1.5"``): the window's logical size on that screen."""
    size, _, scale = spec.partition("@")
    factor = float(scale or "1")
    width, height = (int(x) for x in size.split("x"))
    return f"{round(width / factor)}x{round(height / factor) - TASKBAR - TITLE_BAR}", scale or "1"


def render_screens(args) -> int:
    """One process per screen: ``QT_SCALE_FACTOR`` only counts before the application starts."""
    code = 0
    for spec in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        size, scale = window_size(spec)
        env = {**os.environ, "QT_SCALE_FACTOR": scale}
        run = subprocess.run([sys.executable, __file__, "--out", str(args.out / spec), "--lang", args.lang,
                              "--size", size], env=env, check=False)
        code = code or run.returncode
    return code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", default="pt_BR")
    parser.add_argument("--sizes", default=",".join(SCREENS), help="screens WxH[@scale], comma-separated")
    parser.add_argument("--size", help="one window size WxH (logical pixels), written straight into --out")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        print("render_pages: precisa de uma tela X (rode com xvfb-run)", file=sys.stderr)
        return 1
    if not args.size:
        return render_screens(args)
    work = Path(tempfile.mkdtemp(prefix="render-pages-"))
    os.environ["COLLECTOR_HOME"] = str(work / "home")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    os.environ["COLLECTOR_LANG"] = args.lang
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
    from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QGuiApplication, QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from collector.core.kinds import Kind
    from collector.core.wizard import EvidenceFile, Page, Rect, WizardState
    from collector.portal.auth import Credentials
    from collector.portal.local import LocalPortal
    from collector.portal.settings import PortalSettings
    from collector.ui import app as ui_app
    from collector.ui import i18n, tasks
    from collector.ui.backend import PortalConfig, Services
    from collector.ui.portal_dialog import PortalDialog
    from collector.ui.widgets.cover_editor import CoverEditor
    from collector.ui.widgets.recording_control import RecordingControl
    from collector.ui.wizard import MainWindow
    from tests.fixtures import rm_install, rmlogs

    app = ui_app.application()
    i18n.install(app, args.lang)
    width, height = (int(x) for x in args.size.split("x"))

    # a realistic installation: local SQL Server, logs of the last days, an RMError on the "desktop"
    now = datetime.now().astimezone()
    tree = rmlogs.build_log_tree(work / "totvs", now, days=3)
    rm_install.local_sqlserver(tree.root)
    desktop = work / "Desktop"
    desktop.mkdir()
    (desktop / "RMError_20261128_091502.txt").write_text(
        "Mensagem: Tempo limite de execução expirado.\r\nUsuário: mestre\r\nAlias: CorporeRM\r\n"
        "Conexão: Data Source=DBSRV\\RM;User Id=rm;Password=Segredo123\r\nCPF do funcionário: 123.456.789-09\r\n",
        encoding="cp1252")
    portal = LocalPortal(work / "portal")
    url = portal.start()
    account = portal.accounts["end-user"]
    # the person at the browser: a scripted stand-in that signs in on the portal's page and allows
    from tests.portal import stand_in_browser

    os.environ["BROWSER"] = str(stand_in_browser.command(work))
    os.environ["STANDIN_EMAIL"], os.environ["STANDIN_PASSWORD"] = account["email"], account["password"]
    services = Services(portal=PortalConfig(PortalSettings(url=url, profile=portal.profile()), demo=True,
                                            local=portal),
                        rm_roots=[tree.root], rmerror_dirs=[("Desktop", str(desktop))],
                        session_dir=work / "session", screenshot_delay=0.3)
    state = WizardState()
    window = MainWindow(state, services, demo=True)
    window.resize(width, height)
    window.show()
    wizard = window.wizard

    def pump(seconds: float = 0.2) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def wait(predicate, timeout: float = 60.0, what: str = "") -> None:
        end = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > end:
                labels = [w.text() for w in app.allWidgets() if w.objectName() == "" and hasattr(w, "text")
                          and w.isVisible() and "RED" in ""]
                raise SystemExit(f"render_pages: timeout waiting for {what} {labels}")
            app.processEvents()
            time.sleep(0.02)
        pump(0.3)

    shots: list[Path] = []

    def save(widget, name: str) -> None:
        pump(0.3)
        path = args.out / f"{name}.png"
        widget.grab().save(str(path))
        shots.append(path)

    # 1 Ambiente
    wait(lambda: state.inspect_doc is not None and not state.inspecting, what="inspect")
    env = wizard.page_widget(Page.ENVIRONMENT)
    env.coligada.setText("1 - Empresa Modelo")
    env.coligada.textEdited.emit(env.coligada.text())
    env.filial.setText("1 - Matriz")
    env.filial.textEdited.emit(env.filial.text())
    save(window, "01-ambiente")

    # 2 Descrição (with knowledge-base suggestions)
    wizard.next()
    desc = wizard.page_widget(Page.DESCRIPTION)
    desc.title_edit.setFocus()
    desc.title_edit.setText("Erro de conexão ao calcular a folha")
    desc.title_edit.textEdited.emit(desc.title_edit.text())  # as if typed: starts the debounced KB search
    wait(lambda: desc.suggestions.isVisible(), timeout=15, what="KB suggestions")
    desc.process.setPlainText("1. Abrir o RM Labore\n2. Movimentação > Cálculo > Calcular folha\n"
                              "3. Selecionar a coligada 1 e clicar em Executar\n4. Após 30 s aparece o erro "
                              "'Tempo limite de execução expirado'")
    desc.expected.setPlainText("O cálculo da folha terminar sem erro, como no mês passado.")
    desc.particularities.setPlainText("Só acontece na coligada 1, com mais de 2.000 funcionários.")
    desc.since_known.setChecked(True)
    desc.after_update.setChecked(True)
    desc.version_before.setText("12.1.2402.180")
    desc.version_before.textEdited.emit("12.1.2402.180")
    desc.users_buttons["all"].setChecked(True)
    save(window, "02-descricao")

    # 3 Evidências: a real screenshot (of a stand-in RM window), a dropped file, a pasted image,
    # the RMError and logs found
    rm_window = fake_rm_window()
    wizard.next()
    ev = wizard.page_widget(Page.EVIDENCE)
    wait(lambda: ev.monitors and not state.discovering, what="monitors and discovery")
    ev.capture_button.click()
    wait(lambda: state.files("screenshots") and not state.capturing, what="screenshot")
    video = rm_recording(rm_window, services.folder("recordings") / "gravacao-20261202-101500.mp4", pump)
    state.add_evidence([EvidenceFile(video, Kind.RECORDING, "recording", size=video.stat().st_size)])
    ev.refresh_table()
    rm_window.close()
    attach = work / "Planilha de conferência.xlsx"
    attach.write_bytes(b"PK\x03\x04" + os.urandom(40_000))
    notes = work / "observações do usuário.txt"
    notes.write_text("Teste feito com o funcionário CPF 123.456.789-09 (maria@empresa.com.br).\n"
                     "String de conexão usada: Server=DBSRV;User Id=rm;Password=Segredo123\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(attach)), QUrl.fromLocalFile(str(notes))])
    for event_type in (QDragEnterEvent, QDropEvent):  # as a file manager does: enter, then drop
        QApplication.sendEvent(ev, event_type(QPoint(50, 50), Qt.DropAction.CopyAction, mime,
                                              Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    image = QImage(640, 360, QImage.Format.Format_RGB32)
    image.fill(QColor("#eceff1"))
    painter = QPainter(image)
    painter.setPen(QColor("#c62828"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, "RM: Tempo limite de execução expirado")
    painter.end()
    QGuiApplication.clipboard().setImage(image)
    ev.paste()
    wait(lambda: len(state.files("attachments")) >= 3, what=f"attachments {ev.error_label.text()!r} "
         f"{[(e.name, e.origin) for e in state.evidence]}")
    save(window, "03-evidencias")

    control = RecordingControl(lambda: 83.0)
    control.start()
    save(control, "03b-gravacao-controle")
    control.finish()

    # 4 Revisão: meter, files, preview with redacted spans
    wizard.next()
    rev = wizard.page_widget(Page.REVIEW)
    wait(lambda: not state.review.staging, timeout=120, what="staging")
    if rev.stage is not None:
        for i in range(rev.files.topLevelItemCount()):
            row = rev.files.topLevelItem(i)
            if row.data(0, Qt.ItemDataRole.UserRole).startswith("rmerror/"):
                rev.files.setCurrentItem(row)
                break
        wait(lambda: rev.preview_stack.currentWidget() is rev.preview_text, timeout=10, what="preview")
    save(window, "04-revisao")
    if rev.stage is not None:  # the recording: pictures from it and "Reproduzir"
        for i in range(rev.files.topLevelItemCount()):
            row = rev.files.topLevelItem(i)
            if row.data(0, Qt.ItemDataRole.UserRole).startswith("recordings/"):
                rev.files.setCurrentItem(row)
                wait(lambda: rev.video_strip.count() > 1, timeout=30, what="recording pictures")
                save(window, "04d-revisao-gravacao")
                break
    if rev.stage is not None:
        shot = next((i.path for i in rev.stage.items if i.kind == "screenshots"), None)
        if shot:
            editor = CoverEditor(QImage(str(rev.stage.file_path(shot))), Path(shot).name,
                                 [Rect(40, 40, 420, 90)], window)
            editor.show()
            save(editor, "04b-cobrir-areas")
            editor.close()
    # the blocking message: a required item missing
    saved_expected = state.answers.expected
    state.answers.expected = ""
    rev.refresh_meter()
    rev.refresh_status()
    save(window, "04c-revisao-falta-item")
    state.answers.expected = saved_expected
    rev.refresh_meter()
    rev.consent.setChecked(True)

    # 5 Envio
    wizard.next()
    send = wizard.page_widget(Page.SEND)
    send.refresh_account()
    save(window, "05-envio")
    send.sign_in_button.click()
    wait(lambda: services.portal.signed_in, timeout=60, what="sign-in in the browser")
    pump(0.5)
    save(window, "05b-envio-conectado")
    send.send_button.click()
    wait(lambda: state.send.outcome is not None and not state.send.sending, timeout=120, what="sending")
    save(window, "06-enviado")

    def to_send_page(services_: Services, title: str) -> tuple[MainWindow, WizardState]:
        """A second ticket, quickly: answers typed in, evidence found, staged, consent given."""
        st = WizardState()
        win = MainWindow(st, services_, demo=False)
        win.resize(width, height)
        win.show()
        wait(lambda: st.inspect_doc is not None and not st.inspecting, what="inspect")
        st.answers.title = title
        st.answers.process, st.answers.expected, st.answers.users_affected = "1. Abrir", "Gerar", "one"
        win.wizard.next()
        win.wizard.next()
        wait(lambda: not st.discovering, what="discovery")
        win.wizard.next()
        wait(lambda: not st.review.staging, timeout=120, what="staging")
        win.wizard.page_widget(Page.REVIEW).consent.setChecked(True)
        win.wizard.next()
        return win, st

    # queued: the portal cannot be reached
    down = Services(portal=PortalConfig(PortalSettings(url="http://127.0.0.1:9"),
                                        credentials=Credentials(account["email"], account["token"])),
                    rm_roots=[tree.root], rmerror_dirs=[], session_dir=work / "session2")
    window2, state2 = to_send_page(down, "Erro ao gerar o relatório de férias")
    window2.wizard.page_widget(Page.SEND).send_button.click()
    wait(lambda: state2.send.outcome is not None and not state2.send.sending, timeout=120, what="queued")
    window2.wizard.page_widget(Page.SEND).retry_timer.stop()
    save(window2, "07-fila-de-envio")

    # a real portal without saved credentials: the sign-in form on the send page
    window3, _state3 = to_send_page(Services(portal=PortalConfig(PortalSettings(url="https://suporte.exemplo.com.br")),
                                             rm_roots=[tree.root], rmerror_dirs=[], session_dir=work / "session3"),
                                    "Lentidão ao abrir o cadastro de funcionários")
    save(window3, "08-entrar-no-portal")
    window3.wizard.page_widget(Page.SEND).advanced_button.setChecked(True)
    window3.wizard.page_widget(Page.SEND).email.setText("maria.silva@empresa.com.br")
    save(window3, "08b-avancado-token-de-api")
    dialog = PortalDialog(window)
    dialog.show()
    save(dialog, "09-primeiro-uso-portal")
    dialog.close()

    for w in (window, window2, window3):
        w.force_close()
    tasks.wait_all(20_000)
    portal.close()
    for path in shots:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
