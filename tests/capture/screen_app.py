"""A real X client that puts known content on the (Xvfb) screen, for capture tests and benchmarks.

Run as a script with ``QT_QPA_PLATFORM=xcb`` and ``DISPLAY`` set; it prints ``ready`` on stdout once
its content is on screen, and quits after ``--quit-after`` seconds (a safety net; callers terminate it).

    screen_app.py pattern '{"size": [1920, 1080], "background": [40, 40, 40],
                            "rects": [{"rect": [100, 200, 50, 50], "color": [255, 0, 0]}]}'
    screen_app.py moving [--speed PX_PER_S]   a 200x200 red window crossing the screen, left to right
    screen_app.py busy [--size W H]           scrolling dense text and moving blocks, repainted at 30 fps
    screen_app.py quiet [--size W H]          the same kind of content, painted once
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QApplication, QWidget

MOVING_SIZE = 200
MOVING_COLOR = (230, 30, 30)


class _Window(QWidget):
    def __init__(self, paint, geometry: QRect) -> None:
        super().__init__(None, Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        self._paint = paint
        self.painted = False
        self.setGeometry(geometry)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        self._paint(painter, self)
        painter.end()
        self.painted = True


def _signal_ready_when_painted(app: QApplication, windows: list[_Window], extra_delay_ms: int = 150) -> None:
    def check() -> None:
        if all(w.painted for w in windows):
            app.sync()
            QTimer.singleShot(extra_delay_ms, lambda: print("ready", flush=True))
        else:
            QTimer.singleShot(20, check)

    QTimer.singleShot(20, check)


def _pattern(spec: dict):
    width, height = spec.get("size", [1920, 1080])
    background = QColor(*spec.get("background", [0, 0, 0]))

    def paint(painter: QPainter, widget: QWidget) -> None:
        painter.fillRect(widget.rect(), background)
        for item in spec.get("rects", []):
            painter.fillRect(QRect(*item["rect"]), QColor(*item["color"]))

    return [_Window(paint, QRect(0, 0, width, height))]


_WORDS = ("Lançamento", "Coligada", "Filial", "Movimento", "Folha", "Centro de custo", "Valor",
          "Data", "Histórico", "Evento", "Funcionário", "Chapa", "Situação", "Processo")


def _text_content(width: int, height: int, animated: bool):
    font = QFont("DejaVu Sans", 10)
    start = time.monotonic()

    def paint(painter: QPainter, widget: QWidget) -> None:
        t = time.monotonic() - start if animated else 0.0
        painter.fillRect(widget.rect(), QColor(245, 245, 245))
        painter.setFont(font)
        line_height = 18
        offset = int(t * 120)  # scrolls 120 px/s
        first = offset // line_height
        for row in range(height // line_height + 2):
            n = first + row
            y = row * line_height - offset % line_height
            if n % 2:
                painter.fillRect(0, y, width, line_height, QColor(225, 232, 242))
            painter.setPen(QColor(20, 20, 20))
            words = " | ".join(f"{_WORDS[(n * 7 + k) % len(_WORDS)]} {n * 37 % 9973:>5}" for k in range(14))
            painter.drawText(8, y + 14, words)
        if animated:
            for k in range(6):
                x = int((t * (150 + 40 * k) + 300 * k) % (width - 120))
                y = int((t * (90 + 25 * k) + 170 * k) % (height - 120))
                painter.fillRect(x, y, 120, 120, QColor(40 * k % 256, 120, 255 - 30 * k))
                painter.setPen(QColor(255, 255, 255))
                painter.drawText(x + 10, y + 60, f"{t:8.2f}")

    window = _Window(paint, QRect(0, 0, width, height))
    if animated:
        timer = QTimer(window)
        timer.timeout.connect(window.update)
        timer.start(33)
    return [window]


def _moving(speed: float, screen_width: int, y: int):
    start = time.monotonic()

    def paint(painter: QPainter, widget: QWidget) -> None:
        painter.fillRect(widget.rect(), QColor(*MOVING_COLOR))

    window = _Window(paint, QRect(0, y, MOVING_SIZE, MOVING_SIZE))
    travel = screen_width - MOVING_SIZE

    def step() -> None:
        x = int((time.monotonic() - start) * speed) % (2 * travel)
        window.move(x if x < travel else 2 * travel - x, y)  # bounce

    timer = QTimer(window)
    timer.timeout.connect(step)
    timer.start(20)
    return [window]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["pattern", "moving", "busy", "quiet"])
    parser.add_argument("spec", nargs="?", default="{}")
    parser.add_argument("--size", nargs=2, type=int, default=[1920, 1080])
    parser.add_argument("--speed", type=float, default=150.0)
    parser.add_argument("--y", type=int, default=400)
    parser.add_argument("--quit-after", type=float, default=180.0)
    args = parser.parse_args(argv)
    app = QApplication(sys.argv[:1])
    if args.mode == "pattern":
        windows = _pattern(json.loads(args.spec))
    elif args.mode == "moving":
        windows = _moving(args.speed, args.size[0], args.y)
    else:
        windows = _text_content(*args.size, animated=args.mode == "busy")
    for window in windows:
        window.show()
    _signal_ready_when_painted(app, windows)
    QTimer.singleShot(int(args.quit_after * 1000), app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
