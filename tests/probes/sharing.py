"""Test helpers for reads that Windows may refuse or that remember offline shares."""

from __future__ import annotations

import pytest

from collector.probes import fileio


class SharingViolation(PermissionError):
    """What Windows raises for a file opened by RM without the sharing we ask for."""

    winerror = 32


@pytest.fixture
def fresh_offline_memory():
    """Each test starts and ends with no share remembered as offline."""
    fileio.forget_offline()
    yield
    fileio.forget_offline()
