"""The evidence page's box for adding files: where to drop them, and the choose and paste buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

_IDLE = "QLabel { border: 2px dashed #90a4ae; border-radius: 6px; padding: 6px; color: #455a64; }"
_HOVER = ("QLabel { border: 2px dashed #1565c0; border-radius: 6px; padding: 6px; color: #1565c0; "
          "background: #e3f2fd; }")


class AddFilesPanel(QGroupBox):
    pick_clicked = Signal()
    paste_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Add files"))
        layout = QVBoxLayout(self)
        self.drop_label = QLabel(self.tr("Drag files here from the file manager or paste them with Ctrl+V — "
                                         "also an image copied to the clipboard."))
        self.drop_label.setWordWrap(True)
        self.drop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_label.setMinimumHeight(44)
        self.set_drag_over(False)
        layout.addWidget(self.drop_label)
        buttons = QHBoxLayout()
        self.pick_button = QPushButton(self.tr("Choose &files…"))
        self.paste_button = QPushButton(self.tr("&Paste"))
        self.paste_button.setToolTip(self.tr("Paste files or an image from the clipboard (Ctrl+V)"))
        buttons.addWidget(self.pick_button)
        buttons.addWidget(self.paste_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.pick_button.clicked.connect(self.pick_clicked)
        self.paste_button.clicked.connect(self.paste_clicked)

    def set_drag_over(self, over: bool) -> None:
        """Highlights the drop area while something droppable is dragged over the page."""
        self.drop_label.setStyleSheet(_HOVER if over else _IDLE)
