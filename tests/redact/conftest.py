"""Redaction tests: Hypothesis keeps its caches in a temporary folder, not in the work tree."""

from __future__ import annotations

import atexit
import shutil
import tempfile

from hypothesis import configuration

_home = tempfile.mkdtemp(prefix="hypothesis-redact-")
configuration.set_hypothesis_home_dir(_home)
atexit.register(shutil.rmtree, _home, ignore_errors=True)
