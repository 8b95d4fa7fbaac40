"""Where the collector keeps its per-user state (settings, outbox, redaction maps, logs).

Everything is per user (Terminal Server: dozens of users share a machine). ``COLLECTOR_HOME``
overrides the location (tests, portable runs).
"""

from __future__ import annotations

import os
from pathlib import Path

from collector.core.errors import CollectorError


def _make(path: Path) -> Path:
    """``mkdir -p``; a folder that cannot be created (COLLECTOR_HOME on a file, a read-only or full
    disk) is one line the user can act on, for every command at once."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        hint = " (confira COLLECTOR_HOME)" if os.environ.get("COLLECTOR_HOME") else ""
        raise CollectorError(f"não foi possível criar a pasta de dados do coletor {path}: "
                             f"{exc.strerror or type(exc).__name__}{hint}") from exc
    return path


def data_dir() -> Path:
    """The user's data folder, created on first use."""
    override = os.environ.get("COLLECTOR_HOME")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("ColetorRM", appauthor=False, roaming=False))
    return _make(path)


def outbox_dir() -> Path:
    return _make(data_dir() / "outbox")


def private_dir() -> Path:
    """State that must never leave the machine (redaction maps)."""
    path = _make(data_dir() / "private")
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass
    return path


def settings_file() -> Path:
    return data_dir() / "settings.json"
