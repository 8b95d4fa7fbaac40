"""Cover rectangles of a screenshot with an opaque fill (not blur: blurred text can be recovered)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QMouseEvent, QPainter, QPaintEvent, QPen, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from collector.core.errors import CollectorError
from collector.core.wizard import Rect
from collector.ui.screen_fit import keep_on_screen


class CoverCanvas(QWidget):
    """Shows the image scaled to fit; dragging the mouse adds a rectangle (in image pixels)."""

    changed = Signal()

    def __init__(self, image: QImage, rects: list[Rect] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.image = image
        self.rects: list[Rect] = list(rects or [])
        self._start: QPoint | None = None
        self._current: QRect | None = None
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setMinimumSize(480, 270)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Screenshot: drag to cover an area"))

    def _frame(self) -> QRectF:
        w, h = self.image.width(), self.image.height()
        if not w or not h:
            return QRectF(0, 0, 1, 1)
        scale = min(self.width() / w, self.height() / h)
        fw, fh = w * scale, h * scale
        return QRectF((self.width() - fw) / 2, (self.height() - fh) / 2, fw, fh)

    def _to_image(self, point: QPoint) -> tuple[int, int]:
        frame = self._frame()
        scale = self.image.width() / frame.width()
        x = (point.x() - frame.x()) * scale
        y = (point.y() - frame.y()) * scale
        return int(max(0, min(self.image.width(), x))), int(max(0, min(self.image.height(), y)))

    def _to_widget(self, rect: Rect) -> QRectF:
        frame = self._frame()
        scale = frame.width() / self.image.width()
        return QRectF(frame.x() + rect.x * scale, frame.y() + rect.y * scale, rect.width * scale,
                      rect.height * scale)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#37474f"))
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.drawImage(self._frame(), self.image)
        for rect in self.rects:
            p.fillRect(self._to_widget(rect), QColor(0, 0, 0))
        if self._current is not None:
            p.setPen(QPen(QColor("#ff5252"), 2, Qt.PenStyle.DashLine))
            p.fillRect(self._current, QColor(0, 0, 0, 160))
            p.drawRect(self._current)
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._start = event.position().toPoint()
            self._current = QRect(self._start, self._start)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._start is not None:
            self._current = QRect(self._start, event.position().toPoint()).normalized()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._start is None:
            return
        x1, y1 = self._to_image(self._start)
        x2, y2 = self._to_image(event.position().toPoint())
        self._start, self._current = None, None
        rect = Rect(x1, y1, x2 - x1, y2 - y1).normalized()
        if rect.width >= 3 and rect.height >= 3:
            self.rects.append(rect)
            self.changed.emit()
        self.update()

    def add(self, rect: Rect) -> None:
        self.rects.append(rect.normalized())
        self.changed.emit()
        self.update()

    def undo(self) -> None:
        if self.rects:
            self.rects.pop()
            self.changed.emit()
            self.update()

    def clear(self) -> None:
        self.rects.clear()
        self.changed.emit()
        self.update()


class CoverEditor(QDialog):
    """``exec()`` → Accepted with ``rects`` (image pixels) to fill opaque black."""

    def __init__(self, image: QImage, name: str, rects: list[Rect] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cover areas — %1").replace("%1", name))
        keep_on_screen(self, QSize(1000, 680))
        layout = QVBoxLayout(self)
        info = QLabel(self.tr("Drag over anything support must not see (names, salaries, documents). The areas "
                              "are filled in solid black in the copy that is sent; the original stays on your "
                              "computer."))
        info.setWordWrap(True)
        layout.addWidget(info)
        self.canvas = CoverCanvas(image, rects, self)
        self._initial = list(self.canvas.rects)
        layout.addWidget(self.canvas, 1)
        row = QHBoxLayout()
        self.count = QLabel()
        self.undo_button = QPushButton(self.tr("&Undo"))
        self.clear_button = QPushButton(self.tr("&Clear all"))
        row.addWidget(self.count)
        row.addStretch(1)
        row.addWidget(self.undo_button)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.undo_button.clicked.connect(self.canvas.undo)
        self.clear_button.clicked.connect(self.canvas.clear)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self).activated.connect(self.canvas.undo)
        self.canvas.changed.connect(self._update)
        self._update()

    def _update(self) -> None:
        n = len(self.canvas.rects)
        self.count.setText(self.tr("%Ln areas covered", "", n))
        self.undo_button.setEnabled(n > 0)
        self.clear_button.setEnabled(n > 0)

    def reject(self) -> None:
        """Cancelar or Esc: asks before dropping areas drawn in this session ("Continuar" is the default)."""
        if self.canvas.rects != self._initial:
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Drop the drawn areas?"),
                              self.tr("The areas you drew will not be covered. Drop them?"),
                              QMessageBox.StandardButton.NoButton, self)
            keep = box.addButton(self.tr("C&ontinue"), QMessageBox.ButtonRole.RejectRole)
            drop = box.addButton(self.tr("&Drop"), QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(keep)
            box.setEscapeButton(keep)
            box.exec()
            if box.clickedButton() is not drop:
                self.canvas.setFocus()
                return
        super().reject()

    @property
    def rects(self) -> list[Rect]:
        return list(self.canvas.rects)


def covered_png(image_path, rects: list[Rect]) -> bytes:
    """PNG bytes of the image with ``rects`` filled opaque black. Safe on a worker thread (QImage)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    image = QImage(str(image_path))
    if image.isNull():
        raise CollectorError(f"Não foi possível abrir a imagem {image_path}.")
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    painter = QPainter(image)
    for rect in rects:
        clipped = rect.clipped(image.width(), image.height())
        if clipped:
            painter.fillRect(QRect(clipped.x, clipped.y, clipped.width, clipped.height), QColor(0, 0, 0))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub says bytes, the binding takes str
    buffer.close()
    return bytes(data.data())
