"""The evidence page's screen box: which monitors to capture, the capture and record buttons, and the
monitor to record (both choices shown only with more than one monitor)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from collector.capture.monitors import Monitor
from collector.ui.common import hint


class ScreenPanel(QGroupBox):
    capture_clicked = Signal()
    record_clicked = Signal()
    monitors_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Screen"))
        self.monitors: list[Monitor] = []
        self.monitor_checks: list[QCheckBox] = []
        layout = QVBoxLayout(self)
        self.monitor_row = QHBoxLayout()
        self.monitor_label = QLabel(self.tr("Monitors:"))
        self.monitor_row.addWidget(self.monitor_label)
        self.monitor_row.addStretch(1)
        layout.addLayout(self.monitor_row)
        buttons = QHBoxLayout()
        self.capture_button = QPushButton(self.tr("&Capture screen"))
        self.capture_button.setToolTip(self.tr("The wizard hides, every chosen monitor is captured in full, "
                                               "and the wizard comes back"))
        # a delay lets the user open the RM menu or dialog to be captured first (issue 16)
        self.capture_delay_box = QComboBox()
        self.capture_delay_box.setAccessibleName(self.tr("When to capture"))
        for seconds, text in ((0, self.tr("now")), (3, self.tr("in 3 s")), (5, self.tr("in 5 s"))):
            self.capture_delay_box.addItem(text, seconds)
        self.capture_delay_box.setToolTip(self.tr("With a delay, the wizard hides and the screen is captured after "
                                                  "those seconds: time to open the menu or the message"))
        self.record_button = QPushButton(self.tr("&Record screen"))
        self.record_button.setToolTip(self.tr("The wizard gets out of the way; a small control shows the time, "
                                              "pause and stop"))
        self.record_monitor = QComboBox()
        self.record_monitor.setAccessibleName(self.tr("Monitor to record"))
        for widget in (self.capture_button, self.capture_delay_box, self.record_button, self.record_monitor):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.screen_hint = hint(self.tr("Screenshots are full-size and uncropped, as support asks."))
        layout.addWidget(self.screen_hint)
        self.capture_button.clicked.connect(self.capture_clicked)
        self.record_button.clicked.connect(self.record_clicked)

    def set_monitors(self, monitors: Sequence[Monitor]) -> None:
        self.monitors = list(monitors)
        for check in self.monitor_checks:
            check.deleteLater()
        self.monitor_checks = []
        self.record_monitor.clear()
        several = len(monitors) > 1
        for m in monitors:
            text = self.tr("%1 (%2×%3)").replace("%1", str(m.index)).replace("%2", str(m.width)).replace(
                "%3", str(m.height))
            if m.primary:
                text += " " + self.tr("primary")
            check = QCheckBox(text)
            check.setChecked(True)
            check.setProperty("monitor", m.index)
            check.setVisible(several)
            check.toggled.connect(self.monitors_changed)
            self.monitor_row.insertWidget(self.monitor_row.count() - 1, check)
            self.monitor_checks.append(check)
            self.record_monitor.addItem(self.tr("Monitor %1").replace("%1", str(m.index)), m.index)
            if m.primary:
                self.record_monitor.setCurrentIndex(self.record_monitor.count() - 1)
        self.record_monitor.setVisible(several)
        self.monitor_label.setVisible(several)
        self.monitors_changed.emit()

    def set_unavailable(self, message: str) -> None:
        self.capture_button.setEnabled(False)
        self.record_button.setEnabled(False)
        self.screen_hint.setText(self.tr("The screen cannot be captured here: %1").replace("%1", message))

    def chosen_monitors(self) -> list[int]:
        return [c.property("monitor") for c in self.monitor_checks if c.isChecked()]

    def capture_target(self) -> list[int] | None:
        """The monitors to capture; None for all of them."""
        chosen = self.chosen_monitors()
        return None if len(chosen) == len(self.monitor_checks) else chosen

    def capture_delay(self) -> int:
        """Seconds to wait, with the wizard hidden, before capturing."""
        return int(self.capture_delay_box.currentData() or 0)

    def record_target(self) -> int | None:
        """The monitor to record; None: the only one."""
        return self.record_monitor.currentData() if self.record_monitor.count() > 1 else None
