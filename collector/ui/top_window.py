"""What every top-level window of the collector does alike: the demo banner, coming to the front,
opening where it was left and inside the screen, remembering its geometry."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from collector.ui.screen_fit import keep_on_screen

DEMO_BANNER = "Modo demonstração — os chamados ficam neste computador"  # SPEC §1: this exact text


def demo_banner(demo: bool) -> QLabel:
    banner = QLabel(DEMO_BANNER)
    banner.setObjectName("DemoBanner")
    # centred by the style sheet's qproperty-alignment: the Qt namespace's enums wait for the first
    # paint (see collector.ui.tickets_window.TicketsWindow)
    banner.setStyleSheet("#DemoBanner { background: #fff3cd; color: #5c4400; border-bottom: 1px solid "
                         "#e0c068; padding: 6px; font-weight: bold; qproperty-alignment: AlignCenter; }")
    if not demo:
        banner.hide()  # not setVisible(True): on a widget without a parent yet it opens a window of its own
    return banner


def bring_forward(window: QWidget) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def restore_geometry(window: QWidget, settings: QSettings | None, key: str) -> None:
    if settings is None:
        return
    geometry = settings.value(key)
    if isinstance(geometry, QByteArray | bytes) and geometry:
        window.restoreGeometry(QByteArray(geometry))


def step_aside() -> Callable[[], None]:
    """Hides every window of the collector on screen — a screenshot or a recording shows what the user
    shows, not our windows ("Meus chamados" lists the user's other tickets) — and returns what brings
    them back, in their order. Windows opened meanwhile (a countdown, the recording control) are not
    touched; one closed meanwhile stays closed."""
    hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for window in hidden:
        window.hide()

    def back() -> None:
        for window in reversed(hidden):
            try:
                window.show()
            except RuntimeError:  # deleted meanwhile
                pass
    return back


def place(window: QWidget, settings: QSettings | None, key: str, size: tuple[int, int]) -> None:
    """Opens at ``size``, or as the user left it (``key`` in the UI settings), always inside the screen
    it opens on: a geometry saved on a larger monitor, 150 % scaling on a 1366x768 laptop or a small
    Terminal Server session would put its buttons off the screen (issue 16)."""
    window.resize(*size)
    restore_geometry(window, settings, key)
    keep_on_screen(window)


def save_geometry(window: QWidget, settings: QSettings | None, key: str) -> None:
    if settings is not None:
        settings.setValue(key, window.saveGeometry())
        settings.sync()


class _AfterPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None], fallback_ms: int):
        super().__init__(widget)
        self.widget, self.callback, self.fired = widget, callback, False
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self._fire)

    def eventFilter(self, _obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self.fired:
            QTimer.singleShot(0, self._fire)  # after this paint is on screen
        return False

    def _fire(self) -> None:
        if not self.fired:
            self.fired = True
            self.widget.removeEventFilter(self)
            self.callback()


def after_first_paint(widget: QWidget, callback: Callable[[], None], fallback_ms: int = 2000) -> None:
    """Calls ``callback`` once, right after ``widget`` is first painted (or after ``fallback_ms`` if it
    never is, e.g. minimized): work started earlier (a worker importing the HTTP stack) would compete
    with the first paint for the interpreter (cold start, issue 18)."""
    _AfterPaint(widget, callback, fallback_ms)
