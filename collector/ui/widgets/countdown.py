"""The countdown of a delayed screenshot: "Capturando a tela em 3… 2… 1…", small, on top, while the
wizard is hidden and the user opens the RM menu or dialog to be captured (issue 16).

It takes no focus (the RM keeps it: a menu being opened must stay open) and hides itself before the
screenshot is taken, so it never appears in it: ``finished`` is emitted once it is gone.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class CaptureCountdown(QFrame):
    finished = Signal()

    def __init__(self, seconds: int, near: QRect | None = None, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint
                         | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setObjectName("CaptureCountdown")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setStyleSheet("#CaptureCountdown { background: #263238; border: 1px solid #11181c; border-radius: 6px; }"
                           "QLabel { color: white; font-size: 15px; padding: 6px 14px; }")
        self.left = seconds
        self.label = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        self._near = near
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self._show_left()

    def _show_left(self) -> None:
        self.label.setText(self.tr("Capturing the screen in %1…").replace("%1", str(self.left)))

    def start(self) -> None:
        """Shows at the top of the screen the wizard was on and counts down a second at a time."""
        self.adjustSize()
        screen = (QGuiApplication.screenAt(self._near.center()) if self._near is not None else None) \
            or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        self.move(area.center().x() - self.width() // 2, area.top() + 12)
        self.show()
        self.timer.start()

    def _tick(self) -> None:
        self.left -= 1
        if self.left > 0:
            self._show_left()
            return
        self.timer.stop()
        self.hide()  # gone before the screenshot
        self.finished.emit()
