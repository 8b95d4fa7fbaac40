"""The "Sobre" dialog: version, the licence (GPL-3.0-or-later) and the third-party notices (SPEC §4.9)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from collector import __version__
from collector.ui.screen_fit import keep_on_screen

LICENCE = "LICENSE"
NOTICES = "THIRD_PARTY_LICENSES.md"


def legal_dirs() -> list[Path]:
    """Where LICENSE and THIRD_PARTY_LICENSES.md may be: beside a frozen app's executables, the source
    tree, the installed wheel's data files."""
    dirs = []
    if getattr(sys, "frozen", False):
        dirs.append(Path(sys.executable).resolve().parent)
    dirs.append(Path(__file__).resolve().parents[2])
    dirs.append(Path(sys.prefix) / "share" / "coletor-rm")
    return dirs


def legal_text(name: str) -> str | None:
    for folder in legal_dirs():
        path = folder / name
        if path.is_file():
            return path.read_text(encoding="utf-8", errors="replace")
    return None


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AboutDialog")
        self.setWindowTitle(self.tr("About the RM Diagnostic Collector"))
        layout = QVBoxLayout(self)
        version = self.tr("Version %1").replace("%1", __version__)
        name = self.tr("RM Diagnostic Collector")
        title = QLabel(f"<b>{name}</b> — {version}")
        title.setObjectName("AboutVersion")
        layout.addWidget(title)
        summary = QLabel(self.tr("Free software under the GNU General Public License, version 3 or later, with "
                                 "no warranty. It includes third-party software under its own licences, listed "
                                 "below with where to get its source."))
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._text(LICENCE), self.tr("Licence"))
        self.tabs.addTab(self._text(NOTICES), self.tr("Third-party software"))
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        keep_on_screen(self, QSize(820, 620))

    def _text(self, name: str) -> QPlainTextEdit:
        view = QPlainTextEdit()
        view.setObjectName(name)
        view.setReadOnly(True)
        view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        text = legal_text(name)
        view.setPlainText(text if text is not None else
                          self.tr("The file %1 is missing from this installation.").replace("%1", name))
        return view
