"""First start without a configured portal (and without ``--demo``): ask for the address, or offer
demonstration mode, instead of pretending (issue 6)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from collector.core.errors import CollectorError
from collector.ui.common import RED
from collector.ui.screen_fit import keep_on_screen


class PortalDialog(QDialog):
    """``choice`` after ``exec()``: ``("portal", url)``, ``("demo", None)``, ``("later", None)`` or None."""

    def __init__(self, parent=None, validate=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Support portal"))
        self.choice: tuple[str, str | None] | None = None
        self._validate = validate
        layout = self._layout = QVBoxLayout(self)
        intro = QLabel(self.tr("<b>No support portal is configured on this computer.</b><br>Enter the address of "
                               "your company's support portal, or try the collector in demonstration mode: the "
                               "tickets then stay on this computer."))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        intro.setMinimumWidth(intro.fontMetrics().averageCharWidth() * 50)  # a paragraph, not a column
        layout.addWidget(intro)
        self.intro = intro
        form = QFormLayout()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://suporte.exemplo.com.br")
        self.url.setMinimumWidth(360)
        form.addRow(self.tr("Portal &address:"), self.url)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {RED};")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        later_hint = QLabel(self.tr("You can also gather the evidence now and give the address when sending."))
        later_hint.setWordWrap(True)
        layout.addWidget(later_hint)
        buttons = QHBoxLayout()
        self.use_button = QPushButton(self.tr("&Use this portal"))
        self.use_button.setDefault(True)
        self.demo_button = QPushButton(self.tr("&Demonstration mode"))
        self.later_button = QPushButton(self.tr("Decide when &sending"))
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        layout.addLayout(buttons)
        self.use_button.clicked.connect(self._use)
        self.demo_button.clicked.connect(lambda: self._done(("demo", None)))
        self.later_button.clicked.connect(lambda: self._done(("later", None)))
        keep_on_screen(self, self.fit_text())

    def fit_text(self) -> QSize:
        """The size that shows every wrapped line: a wrapped label's height depends on its width, which
        the layout's minimum size does not know (the dialog opened two lines tall, its text cut)."""
        layout = self._layout
        layout.activate()
        narrowest = layout.totalMinimumSize().width()
        self.setMinimumSize(narrowest, layout.totalHeightForWidth(narrowest))
        width = max(self.width() if self.isVisible() else 0, layout.totalSizeHint().width(), narrowest)
        return QSize(width, max(layout.totalHeightForWidth(width), self.height() if self.isVisible() else 0))

    def _use(self) -> None:
        text = self.url.text().strip()
        if not text:
            self._say(self.tr("Enter the portal's address (https://…)."))
            return
        try:
            url = self._validate(text) if self._validate else text
        except CollectorError as exc:
            self._say(str(exc))
            return
        self._done(("portal", url))

    def _say(self, message: str) -> None:
        """The error under the address, the dialog grown to show it whole."""
        self.error.setText(message)
        self.error.show()
        self.resize(self.fit_text())

    def _done(self, choice) -> None:
        self.choice = choice
        self.accept()
