"""Windows that fit the screen they open on: never larger than its available area (the taskbar
excluded), never placed partly outside it (issue 16: 1024x768 Terminal Server sessions, 1366x768
laptops, 1920x1080 at 150 % scaling).

``QScreen.availableGeometry()`` is the screen minus the taskbar and docks, in device-independent
pixels, so a 1920x1080 screen at 150 % offers 1280x720 minus the taskbar (Qt documentation,
"QScreen::availableGeometry" and "High DPI"). Before a window is shown its frame (title bar,
borders) is not known yet; ``FRAME_ALLOWANCE`` reserves room for a usual one.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME_ALLOWANCE = QSize(16, 40)  # a title bar and borders, until the window system tells the real ones


def available_area(widget: QWidget) -> QRect:
    """The available geometry of the screen ``widget`` is (or will be) on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def _frame_extra(widget: QWidget) -> QSize:
    frame, inner = widget.frameGeometry().size(), widget.geometry().size()
    extra = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    if widget.isVisible() and (extra.width() > 0 or extra.height() > 0):
        return extra
    return FRAME_ALLOWANCE


def fitted_size(widget: QWidget, preferred: QSize) -> QSize:
    """``preferred`` shrunk to what the available area holds with the window's frame."""
    area, extra = available_area(widget), _frame_extra(widget)
    return QSize(max(1, min(preferred.width(), area.width() - extra.width())),
                 max(1, min(preferred.height(), area.height() - extra.height())))


def fit_to_screen(widget: QWidget, preferred: QSize | None = None) -> None:
    """Resizes a top-level window to ``preferred`` (default: its size) or less, and moves it inside
    the available area. Minimum sizes larger than the screen are lowered to fit, too."""
    size = fitted_size(widget, preferred or widget.size())
    minimum = widget.minimumSize()
    if minimum.width() > size.width() or minimum.height() > size.height():
        widget.setMinimumSize(min(minimum.width(), size.width()), min(minimum.height(), size.height()))
    widget.resize(size)
    area, extra = available_area(widget), _frame_extra(widget)
    pos = widget.pos()
    x = min(max(pos.x(), area.left()), area.right() + 1 - size.width() - extra.width())
    y = min(max(pos.y(), area.top()), area.bottom() + 1 - size.height() - extra.height())
    if (x, y) != (pos.x(), pos.y()):
        widget.move(max(area.left(), x), max(area.top(), y))


def fits(widget: QWidget) -> bool:
    """Whether the window, frame included, lies inside the available area of its screen."""
    return available_area(widget).contains(widget.frameGeometry())


class _OnShow(QObject):
    """Fits its window each time it is shown (layouts may have grown it since it was built)."""

    def __init__(self, widget: QWidget, preferred: QSize | None):
        super().__init__(widget)
        self._preferred = preferred

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow():
            fit_to_screen(obj, self._preferred)
        return False


def keep_on_screen(widget: QWidget, preferred: QSize | None = None) -> None:
    """``widget`` opens at ``preferred`` (default: its size when shown) or smaller, inside its screen."""
    if preferred is not None:
        widget.resize(preferred)
    fit_to_screen(widget, preferred)
    widget.installEventFilter(_OnShow(widget, preferred))
