"""Fixtures shared by the command tests."""

from __future__ import annotations

import os

import pytest

from tests.capture.helpers import x_connection


@pytest.fixture(scope="module")
def display():
    value = os.environ.get("DISPLAY")
    if not value:
        pytest.skip("needs an X screen: install Xvfb (pytest-xvfb starts it)")
    with x_connection(value):  # Xvfb resets when its last client leaves; keep one
        yield value
