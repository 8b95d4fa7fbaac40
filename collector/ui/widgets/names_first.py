"""A file list whose names win the width: the name column stretches, the other columns are as wide as
what they hold, and while the longest name still does not fit, one column (the type) gives way, down
to a dozen characters (or its header, if wider), its text elided.

The review page's list (the QA walk of the wizard: at 1024x768 names were cut in the middle,
"RMError_2…91502.txt", beside a type column and an empty warning column at full width)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTreeWidget

HEADER_PADDING = 24  # the header's margins and sort indicator room around its text
READABLE_CHARS = 12  # what the yielding column keeps: "Configuraçã…RM" still says what it is


class NamesFirst(QObject):
    def __init__(self, tree: QTreeWidget, name_column: int = 0, yielding_column: int = 1):
        super().__init__(tree)
        self.tree, self.name, self.yielding = tree, name_column, yielding_column
        header = tree.header()
        header.setStretchLastSection(False)
        for column in range(tree.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == name_column
                                        else QHeaderView.ResizeMode.Interactive if column == yielding_column
                                        else QHeaderView.ResizeMode.ResizeToContents)
        tree.viewport().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        """Sizes the yielding column: what it holds, less what the longest name lacks, never below a
        dozen characters (or its header)."""
        tree, header = self.tree, self.tree.header()
        header.resizeSections()  # the columns sized to their contents, after rows came or went
        title = tree.headerItem().text(self.yielding)
        holds = tree.sizeHintForColumn(self.yielding)
        floor = min(max(holds, 0), tree.fontMetrics().averageCharWidth() * READABLE_CHARS)
        floor = max(floor, header.fontMetrics().horizontalAdvance(title) + HEADER_PADDING)
        holds = max(holds, floor)
        others = sum(header.sectionSize(c) for c in range(tree.columnCount())
                     if c not in (self.name, self.yielding) and not tree.isColumnHidden(c))
        room = tree.viewport().width() - others - tree.sizeHintForColumn(self.name)
        header.resizeSection(self.yielding, max(floor, min(holds, room)))
