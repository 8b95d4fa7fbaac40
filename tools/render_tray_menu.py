"""Render the tray menu to PNG for a human to look at (issue 18).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/render_tray_menu.py [--out DIR] [--lang pt_BR|en]

A bare X server has no system tray, so the menu the tray icon would open (the same ``QMenu``) is
popped up where a Windows tray opens it, at the bottom right of the screen, with an RMError offer
pending and the "Opções" submenu open; the whole screen is grabbed (``tray-menu.png``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from render_main_window import prepare  # noqa: E402 - the same set-up (tools/ is the script's folder)


def _desktop(screen):
    """A full-screen stand-in for the desktop: a background, a task bar, the icon in its tray area."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QWidget

    from collector.ui.tray import icon

    class Desktop(QWidget):
        def paintEvent(self, _event) -> None:  # noqa: N802
            p = QPainter(self)
            p.fillRect(self.rect(), QColor("#2d5f8b"))
            bar = self.rect().adjusted(0, self.height() - 40, 0, 0)
            p.fillRect(bar, QColor("#1b1f24"))
            icon().paint(p, bar.right() - 120, bar.top() + 8, 24, 24)
            p.setPen(QColor("white"))
            p.drawText(bar.adjusted(0, 0, -16, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       "10:15")
            p.end()

    desktop = Desktop()
    desktop.setWindowFlag(Qt.WindowType.FramelessWindowHint)
    desktop.setGeometry(screen)
    return desktop


def main() -> int:
    args, out, tmp = prepare()

    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtWidgets import QApplication

    from collector.core.background import Background
    from collector.probes.rmerror_watch import Offer
    from collector.ui import i18n
    from collector.ui.app import Windows
    from collector.ui.backend import PortalConfig, Services
    from collector.ui.tray import Tray

    app = QApplication(sys.argv[:1])
    i18n.install(app, args.lang)
    windows = Windows(Services(portal=PortalConfig(), session_dir=tmp / "session"), None, demo=False,
                      auto_refresh=False)
    tray = Tray(windows, settings=Background(notifications=True), show_icon=False)
    error = tmp / "RMError_20260302_101502.txt"
    error.write_text("Mensagem: erro\r\n", encoding="cp1252")
    tray.show_offer(Offer(error, time.time(), error.stat().st_size))

    screen = app.primaryScreen().geometry()
    desktop = _desktop(screen)  # a plain desktop with a task bar and the icon, as context
    desktop.show()
    menu = tray.menu
    size = menu.sizeHint()
    menu.popup(QPoint(screen.right() - size.width() - 8, screen.bottom() - size.height() - 48))
    options = next(a for a in menu.actions() if a.menu() is not None)

    def open_options() -> None:
        menu.setActiveAction(options)
        options.menu().popup(menu.geometry().topLeft() - QPoint(options.menu().sizeHint().width() - 2, 0)
                             + QPoint(0, menu.actionGeometry(options).top()))

    def grab() -> None:
        name = "tray-menu.png" if args.lang == "pt_BR" else f"tray-menu-{args.lang}.png"
        app.primaryScreen().grabWindow(0).save(str(out / name))
        print(out / name)
        app.quit()

    QTimer.singleShot(400, open_options)
    QTimer.singleShot(1200, grab)
    app.exec()
    tray.stop()
    desktop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
