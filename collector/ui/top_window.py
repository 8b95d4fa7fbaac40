"""What every top-level window of the collector does alike: the demo banner, coming to the front,
remembering its geometry."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QLabel, QWidget

DEMO_BANNER = "Modo demonstração — os chamados ficam neste computador"  # SPEC §1: this exact text


def demo_banner(demo: bool) -> QLabel:
    banner = QLabel(DEMO_BANNER)
    banner.setObjectName("DemoBanner")
    banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
    banner.setStyleSheet("#DemoBanner { background: #fff3cd; color: #5c4400; border-bottom: 1px solid "
                         "#e0c068; padding: 6px; font-weight: bold; }")
    banner.setVisible(demo)
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


def save_geometry(window: QWidget, settings: QSettings | None, key: str) -> None:
    if settings is not None:
        settings.setValue(key, window.saveGeometry())
        settings.sync()
