"""Project rules CI enforces beside the tests: the linter, the import contracts (Qt only inside
collector/ui/, each package above the ones it uses, no cycles: ``[tool.importlinter]`` in
pyproject.toml) and the type checker (``[tool.mypy]``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} não está instalado (pip install -e '.[dev]')"
    return found


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_ruff_passes():
    proc = _run(_tool("ruff"), "check", "collector", "tests", "tools")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_import_contracts_are_kept():
    proc = _run(_tool("lint-imports"), "--no-cache")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_type_checker_passes():
    proc = _run(_tool("mypy"))  # files and strictness: [tool.mypy] in pyproject.toml
    assert proc.returncode == 0, proc.stdout + proc.stderr
