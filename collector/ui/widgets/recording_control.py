"""The small always-on-top control shown while the screen is recorded: elapsed time, pause, stop.

It is kept out of the recording on Windows 10 2004+ (``WDA_EXCLUDEFROMCAPTURE``, SPEC §4.9); before
that it is placed on another monitor, or (one monitor) says that it will appear in the file.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


def format_clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


class RecordingControl(QFrame):
    pause_clicked = Signal()
    resume_clicked = Signal()
    stop_clicked = Signal()

    def __init__(self, elapsed_source, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint
                         | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("RecordingControl")
        self.setWindowTitle(self.tr("Recording the screen"))
        self.setStyleSheet("#RecordingControl { background: #263238; border: 1px solid #11181c; border-radius: 6px; }"
                           "QLabel { color: white; } QPushButton { padding: 4px 10px; }")
        self._elapsed = elapsed_source
        self._paused = False
        self._drag: QPoint | None = None
        self.in_recording = False
        self.recorded: tuple[int, int, int, int] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.dot = QLabel("●")
        self.dot.setStyleSheet("color: #ef5350; font-size: 16px;")
        self.clock = QLabel("00:00")
        font = self.clock.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.clock.setFont(font)
        self.clock.setMinimumWidth(self.clock.fontMetrics().horizontalAdvance("0:00:00") + 8)
        self.pause = QPushButton(self.tr("&Pause"))
        self.stop = QPushButton(self.tr("&Stop"))
        self.stop.setDefault(True)
        layout.addWidget(self.dot)
        layout.addWidget(self.clock)
        layout.addWidget(self.pause)
        layout.addWidget(self.stop)
        self.pause.clicked.connect(self._toggle_pause)
        self.stop.clicked.connect(self.stop_clicked)
        self.timer = QTimer(self)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.tick)

    def start(self, recorded: tuple[int, int, int, int] | None = None) -> None:
        """Shows the control. ``recorded``: the recorded monitor (left, top, width, height); by default
        the one showing RM, as the recorder picks it. Where the system cannot keep the control out of the
        recording (before Windows 10 2004) it goes to another monitor, or says it will be recorded."""
        from collector.capture import monitors as mon
        from collector.capture import win32

        self.adjustSize()
        self.show()
        self.raise_()
        excluded = win32.exclude_from_capture(int(self.winId())) if sys.platform == "win32" else False
        screens = QGuiApplication.screens()
        primary = QGuiApplication.primaryScreen()
        layout = [mon.Monitor(i + 1, g.left(), g.top(), g.width(), g.height(), primary=screen is primary)
                  for i, screen in enumerate(screens) for g in [screen.availableGeometry()]]
        rect = recorded or win32.rm_window_rect()
        self.recorded = rect  # the area the control keeps off, where the system allows it
        target = mon.monitor_for_rect(layout, *rect) if rect else None
        x, y, self.in_recording = mon.control_position(layout, target, (self.width(), self.height()), excluded)
        if self.in_recording:
            self.setToolTip(self.tr("This control appears in the recording: this version of Windows "
                                    "cannot hide it."))
        self.move(x, y)
        self.timer.start()
        self.tick()

    def tick(self) -> None:
        self.clock.setText(format_clock(self._elapsed()))
        if self._paused:
            self.dot.setVisible(not self.dot.isVisible())

    def _toggle_pause(self) -> None:
        self._paused = not self._paused
        self.pause.setText(self.tr("&Resume") if self._paused else self.tr("&Pause"))
        self.dot.setVisible(True)
        self.dot.setStyleSheet(f"color: {'#ffca28' if self._paused else '#ef5350'}; font-size: 16px;")
        (self.resume_clicked if not self._paused else self.pause_clicked).emit()

    def finish(self) -> None:
        self.timer.stop()
        self.hide()

    # drag the frameless control anywhere
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag = event.globalPosition().toPoint() - self.frameGeometry().topLeft()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is not None:
            self.move(event.globalPosition().toPoint() - self._drag)

    def mouseReleaseEvent(self, _event: QMouseEvent) -> None:  # noqa: N802
        self._drag = None
