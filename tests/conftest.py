"""Shared test configuration. Area-specific fixtures live in tests/<area>/conftest.py."""

from __future__ import annotations

import os

# Qt widgets render offscreen unless a test asks for the real (Xvfb) screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never let a test touch the developer's real keyring, settings or outbox.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
