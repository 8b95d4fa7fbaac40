"""The wizard on real screens (issue 16): at 1024x768, 1280x720, 1366x768 (also at 150 %) and 1920x1080
at 125 % and 150 %, the window and every dialog fit the screen's available area, Próximo/Cancelar/OK
and the review's consent stay visible on every page, and no wrapped text is cut.

Each screen is a separate process (``tests/ui/screen_probe.py``): Qt fixes the screen and the scale
factor when the application starts. The screen is Qt's offscreen platform with a configured size
(its ``configfile`` option); the pages are the real ones, over a real RM installation tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from collector.ui.screen_fit import available_area, fit_to_screen, fits

ROOT = Path(__file__).resolve().parents[2]
SCREENS = [(1024, 768, "1"), (1280, 720, "1"), (1366, 768, "1"), (1366, 768, "1.5"), (1920, 1080, "1.25"),
           (1920, 1080, "1.5")]


def probe(tmp_path: Path, width: int, height: int, scale: str) -> list[dict]:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "probe", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    out = tmp_path / "report.json"
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": scale,
           "COLLECTOR_LANG": "pt_BR", "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    env.pop("DISPLAY", None)
    run = subprocess.run([sys.executable, "-m", "tests.ui.screen_probe", str(out)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("width", "height", "scale"), SCREENS, ids=[f"{w}x{h}@{s}" for w, h, s in SCREENS])
def test_every_page_and_dialog_fits_with_its_buttons_visible(tmp_path, width, height, scale):
    reports = probe(tmp_path, width, height, scale)
    names = [r["name"] for r in reports]
    assert names[:5] == ["page:environment", "page:description", "page:evidence", "page:review", "page:send"]
    assert {"dialog:cover", "dialog:about", "dialog:portal", "dialog:close-confirm", "window:tickets",
            "window:ticket", "dialog:answer-review"} <= set(names), names
    logical = (round(width / float(scale)), round(height / float(scale)))
    for report in reports:
        if report["name"] == "review:checklist":
            continue
        assert report["fits"], report
        assert tuple(report["area"][2:]) == pytest.approx(logical, abs=1)
        assert report["buttons"] and all(report["buttons"].values()), report
        assert report["cut"] == [], report  # every wrapped text shown whole (the portal question's was cut)
    checklist = next(r for r in reports if r["name"] == "review:checklist")
    if (width, height, scale) == (1366, 768, "1"):  # the laptop of issue 16: nothing to scroll to see it
        assert checklist["items"]["users"], checklist
    pages = {r["name"]: r["buttons"] for r in reports if r["name"].startswith("page:")}
    sideways = [r["name"] for r in reports if r.get("sideways")]
    assert sideways == [], "pages wider than the screen (they scroll sideways)"
    assert pages["page:review"]["consent"], "the consent check box is out of sight"
    for name, buttons in pages.items():
        assert "cancel" in buttons, name
        assert ("next" in buttons) or ("finish" in buttons), name
    assert {"OK", "Cancelar"} <= set(next(r for r in reports if r["name"] == "dialog:cover")["buttons"])
    assert "Continuar" in next(r for r in reports if r["name"] == "dialog:close-confirm")["buttons"]


def test_a_window_asked_larger_than_the_screen_is_shrunk_and_moved_inside(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    area = available_area(widget)
    widget.move(area.right() - 50, area.bottom() - 50)
    fit_to_screen(widget, QSize(area.width() * 2, area.height() * 2))
    assert widget.width() <= area.width() and widget.height() <= area.height()
    widget.show()
    qtbot.waitExposed(widget)
    assert fits(widget), (widget.frameGeometry(), area)
    widget.setMinimumSize(area.width() + 100, 10)  # a minimum larger than the screen is lowered too
    fit_to_screen(widget)
    assert widget.width() <= area.width()
