"""Where the collector keeps its per-user state (settings, outbox, redaction maps, logs).

Everything is per user (Terminal Server: dozens of users share a machine). ``COLLECTOR_HOME``
overrides the location (tests, portable runs).
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The user's data folder, created on first use."""
    override = os.environ.get("COLLECTOR_HOME")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("ColetorRM", appauthor=False, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def outbox_dir() -> Path:
    path = data_dir() / "outbox"
    path.mkdir(parents=True, exist_ok=True)
    return path


def private_dir() -> Path:
    """State that must never leave the machine (redaction maps)."""
    path = data_dir() / "private"
    path.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass
    return path


def settings_file() -> Path:
    return data_dir() / "settings.json"
