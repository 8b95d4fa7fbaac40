"""The evidence to send: one checkable row per file (name, kind, size, origin), images with a thumbnail,
in the order of ``collector.core.kinds.EVIDENCE_KINDS``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from collector.core.kinds import EVIDENCE_KINDS
from collector.core.wizard import EvidenceFile
from collector.ui.common import human_size, kind_label, origin_label

THUMB = QSize(48, 27)


@dataclass(frozen=True)
class FileTicked:
    """A row's box was ticked or unticked."""

    path: Path
    selected: bool


class EvidenceList(QTreeWidget):
    ticked = Signal(object)  # a FileTicked
    delete_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(4)
        self.setHeaderLabels([self.tr("File"), self.tr("Type"), self.tr("Size"), self.tr("Origin")])
        self.setRootIsDecorated(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setIconSize(THUMB)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        blank = QPixmap(THUMB)
        blank.fill(Qt.GlobalColor.transparent)
        self._blank = QIcon(blank)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.setAccessibleName(self.tr("Evidence to send"))
        self.itemChanged.connect(self._item_changed)

    def show_files(self, evidence: Iterable[EvidenceFile], thumbnails: dict[Path, QIcon]) -> None:
        self.blockSignals(True)
        try:
            self.clear()
            order = {kind: rank for rank, kind in enumerate(EVIDENCE_KINDS)}
            for ev in sorted(evidence, key=lambda e: (order.get(e.kind, len(order)), str(e.path))):
                item = QTreeWidgetItem([ev.name, kind_label(ev.kind), human_size(ev.size), origin_label(ev.origin)])
                item.setData(0, Qt.ItemDataRole.UserRole, str(ev.path))
                item.setToolTip(0, str(ev.path))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(0, Qt.CheckState.Checked if ev.selected else Qt.CheckState.Unchecked)
                item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setIcon(0, thumbnails.get(ev.path, self._blank))
                self.addTopLevelItem(item)
        finally:
            self.blockSignals(False)

    @staticmethod
    def path_of(item: QTreeWidgetItem) -> Path:
        return Path(item.data(0, Qt.ItemDataRole.UserRole))

    def selected_paths(self) -> list[Path]:
        return [self.path_of(i) for i in self.selectedItems()]

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 0:
            self.ticked.emit(FileTicked(self.path_of(item), item.checkState(0) == Qt.CheckState.Checked))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Delete removes the selected rows
        if event.key() == Qt.Key.Key_Delete:
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)
