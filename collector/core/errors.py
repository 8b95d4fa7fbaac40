"""Errors the user sees: one clear line in Portuguese, never a traceback."""

from __future__ import annotations


class CollectorError(Exception):
    """A failure of the work (exit code 1). ``str(err)`` is the one line shown to the user."""

    exit_code = 1


class UsageError(CollectorError):
    """The command line is wrong (exit code 2)."""

    exit_code = 2


class QueuedNotDelivered(CollectorError):
    """The bundle went to the outbox but has not been delivered yet (exit code 3)."""

    exit_code = 3


class Cancelled(CollectorError):
    """The user cancelled the work."""

    def __init__(self, message: str = "operação cancelada pelo usuário") -> None:
        super().__init__(message)
