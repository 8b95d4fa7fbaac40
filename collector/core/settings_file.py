"""The user's settings file (``paths.settings_file()``, JSON): one reader and one writer of sections,
shared by the portal's address (``portal``) and the tray's choices (``background``).

A section is replaced whole and the rest of the file kept; writes are atomic and, within the process,
one at a time, so two sections saved at once do not undo each other. A missing, unreadable or
malformed file reads as empty (logged), never as an error in the user's face.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from collector.core import paths
from collector.core.atomic import atomic_write_json

log = logging.getLogger(__name__)

_write_lock = threading.Lock()


def read() -> dict[str, Any]:
    import json  # here: imported before the main window's first paint, used later

    path = paths.settings_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("settings file %s unreadable: %s", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def section(name: str) -> dict[str, Any]:
    """The section ``name`` ({} when absent or not an object)."""
    found = read().get(name)
    return found if isinstance(found, dict) else {}


def write_section(name: str, value: dict[str, Any]) -> None:
    """Replaces section ``name``, keeping the rest of the file."""
    with _write_lock:
        data = read()
        data[name] = value
        atomic_write_json(paths.settings_file(), data)
