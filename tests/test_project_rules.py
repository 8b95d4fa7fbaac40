"""Project rules CI enforces beside the tests: the linter, and Qt only inside collector/ui/."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_qt_is_imported_only_in_the_ui_package():
    offenders = []
    for path in sorted((ROOT / "collector").rglob("*.py")):
        if (ROOT / "collector" / "ui") in path.parents:
            continue
        for name in _imports(path):
            if name.split(".")[0] in QT_MODULES:
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == [], "Qt fora de collector/ui/: " + ", ".join(offenders)


def test_ruff_passes():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff não está instalado (pip install -e '.[dev]')"
    proc = subprocess.run([ruff, "check", "collector", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
