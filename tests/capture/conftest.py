"""Fixtures for capture tests (helpers in ``helpers.py``)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from tests.capture.helpers import run_screen_app, x_connection


@pytest.fixture(scope="session")
def _session_display() -> Iterator[str | None]:
    display = os.environ.get("DISPLAY")
    if not display:
        yield None
        return
    with x_connection(display):
        yield display


@pytest.fixture
def x_display(_session_display) -> str:
    """The session's Xvfb (pytest-xvfb, 1920x1080x24), kept from resetting between tests."""
    if not _session_display or os.environ.get("DISPLAY") != _session_display:
        pytest.skip("needs an X screen: install Xvfb (pytest-xvfb starts it)")
    return _session_display


@pytest.fixture
def screen_app(x_display):
    """``with screen_app("pattern", json): ...`` on the session's Xvfb."""

    def start(*args: str, display: str | None = None):
        return run_screen_app(display or x_display, *args)

    return start


@pytest.fixture(scope="module")
def wide_display() -> Iterator[str]:
    """A separate 3840x1080 Xvfb: Xvfb cannot show two monitors to mss, so tests inject a two-monitor
    layout over this wide screen (SPEC §7)."""
    if not shutil.which("Xvfb"):
        pytest.skip("needs Xvfb")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "3840x1080x24",
                             "-nolisten", "tcp", "-noreset"], pass_fds=(write_fd,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        number = b""
        with os.fdopen(read_fd, "rb") as pipe:
            while not number.endswith(b"\n"):
                chunk = pipe.read(1)
                if not chunk:
                    raise RuntimeError("Xvfb did not start")
                number += chunk
        yield f":{number.decode().strip()}"
    finally:
        proc.terminate()
        proc.wait(10)


