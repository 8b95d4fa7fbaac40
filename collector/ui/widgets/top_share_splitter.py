"""A vertical splitter that sizes its top pane from what it holds: as tall as the pane can use (its
maximum height), but never more than a share of the splitter; the bottom pane gets the rest. Once
the user drags the handle, their choice stays.

The review page's checklist over its files (issue 16 and the QA walk of the wizard: at 150 % on
1366x768 the checklist took the whole page and the file list shrank to a sliver)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QWidget


class TopShareSplitter(QSplitter):
    def __init__(self, share: float = 0.6, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.share = share
        self.dragged = False
        self.splitterMoved.connect(self._moved)

    def _moved(self, _pos: int, _index: int) -> None:
        self.dragged = True

    def share_height(self) -> None:
        """Top pane: its maximum, at most ``share`` of the height (but never below its minimum)."""
        if self.dragged or self.count() != 2:
            return
        total = self.height() - self.handleWidth()
        if total <= 0:
            return
        top = self.widget(0)
        if top is None:
            return
        height = max(top.minimumHeight(), min(top.maximumHeight(), int(total * self.share)))
        self.setSizes([height, max(0, total - height)])

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.share_height()
