"""Small shared pieces of the wizard's pages: labels, icons, sizes, translated names."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication, QLocale, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QWidget

from collector.core import kinds, sizes

GREEN, GREY, RED, AMBER, BLUE = "#2e7d32", "#757575", "#c62828", "#b26a00", "#1565c0"


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("Common", text, disambiguation, n)


def human_size(n: int) -> str:
    """Sizes with the decimal point of the user's locale (``1,5 MB`` in Portuguese)."""
    return sizes.human_size(n, QLocale().decimalPoint())


def kind_label(kind: str) -> str:
    """The wizard's name of an evidence kind (``collector.core.kinds``), in the UI language."""
    found = kinds.info(kind)
    return QCoreApplication.translate(kinds.UI_CONTEXT, found.ui_label) if found else kind


def origin_label(origin: str) -> str:
    labels = {
        "capture": QCoreApplication.translate("Common", "captured"),
        "recording": QCoreApplication.translate("Common", "recorded"),
        "found": QCoreApplication.translate("Common", "found"),
        "drop": QCoreApplication.translate("Common", "dropped"),
        "paste": QCoreApplication.translate("Common", "pasted"),
        "picker": QCoreApplication.translate("Common", "added"),
    }
    return labels.get(origin, origin)


def checklist_label(key: str, fallback: str) -> str:
    """The checklist items' names in the UI language (the ticket keeps Portuguese)."""
    labels = {
        "title": QCoreApplication.translate("Common", "Title"),
        "version": QCoreApplication.translate("Common", "System version"),
        "database": QCoreApplication.translate("Common", "Database"),
        "topology": QCoreApplication.translate("Common", "Three-tier or local"),
        "cloud": QCoreApplication.translate("Common", "TOTVS Cloud"),
        "process": QCoreApplication.translate("Common", "Steps taken"),
        "evidence": QCoreApplication.translate("Common", "Evidence (screenshots, video, RMError, logs)"),
        "expected": QCoreApplication.translate("Common", "Expected behaviour"),
        "particularities": QCoreApplication.translate("Common", "Particularities of the scenario"),
        "since": QCoreApplication.translate("Common", "Since when"),
        "users": QCoreApplication.translate("Common", "Users affected"),
        "coligada": QCoreApplication.translate("Common", "Coligada/Filial"),
        "db_server": QCoreApplication.translate("Common", "Database server"),
        "app_server": QCoreApplication.translate("Common", "Application server"),
    }
    return labels.get(key, fallback)


def state_label(state: str) -> str:
    labels = {
        "detected": QCoreApplication.translate("Common", "detected"),
        "answered": QCoreApplication.translate("Common", "answered"),
        "not_applicable": QCoreApplication.translate("Common", "not applicable"),
        "missing": QCoreApplication.translate("Common", "missing"),
    }
    return labels.get(state, state)


@cache
def state_icon(state: str, required: bool = True) -> QIcon:
    """A small drawn icon (no font needed): check, dash or cross."""
    size = 32
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = {"detected": GREEN, "answered": GREEN, "not_applicable": GREY}.get(
        state, RED if required else AMBER)
    p.setBrush(QColor(color))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(QRectF(2, 2, size - 4, size - 4))
    pen = QPen(QColor("white"), 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    if state in ("detected", "answered"):
        path = QPainterPath(QPointF(9, 17))
        path.lineTo(14, 22)
        path.lineTo(23, 11)
        p.drawPath(path)
    elif state == "not_applicable":
        p.drawLine(QPointF(10, 16), QPointF(22, 16))
    else:
        p.drawLine(QPointF(11, 11), QPointF(21, 21))
        p.drawLine(QPointF(21, 11), QPointF(11, 21))
    p.end()
    return QIcon(pix)


def hint(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A secondary line under a field: smaller, grey, wraps."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {GREY};")
    font = label.font()
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def status_label(parent: QWidget | None = None) -> QLabel:
    """The line at the bottom of a page saying what is missing before Next."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {AMBER};")
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    label.setAccessibleName(QCoreApplication.translate("Common", "Page status"))
    return label


def separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
