"""Draws the application icon (resources/icons/collector.ico, 256 × 256, our own drawing): a blue
rounded square with a white clipboard and a red pulse line. Run again after changing the drawing:

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/make_icon.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen, QPolygonF

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "resources" / "icons" / "collector.ico"


def draw(size: int = 256) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1565c0"))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    p.setBrush(QColor("white"))
    p.drawRoundedRect(QRectF(60 * s, 52 * s, 136 * s, 164 * s), 14 * s, 14 * s)
    p.setBrush(QColor("#90caf9"))
    p.drawRoundedRect(QRectF(96 * s, 36 * s, 64 * s, 32 * s), 10 * s, 10 * s)
    pen = QPen(QColor("#e53935"), 12 * s)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    points = [(76, 140), (106, 140), (120, 104), (140, 176), (154, 128), (180, 128)]
    p.drawPolyline(QPolygonF([QPointF(x * s, y * s) for x, y in points]))
    p.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - image plugins
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    if not draw().save(str(TARGET), "ICO"):
        print("make_icon: o Qt não gravou o .ico (plugin de imagem 'ico' ausente?)", file=sys.stderr)
        return 1
    print(f"make_icon: {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
