"""Long work off the GUI thread: a callable runs on a thread pool and reports through Qt signals.

    task = Task(fn, arg, ...)          # fn(arg, ..., progress=emit, cancel=threading.Event)
    task.progress.connect(...)         # whatever fn passed to progress(...), throttled
    task.done.connect(on_result)       # fn's return value
    task.failed.connect(on_error)      # a TaskFailure: the one-line message and the exception
    task.start()
    task.cancel()                      # sets the event; fn decides when to stop

``fn`` receives ``progress`` and ``cancel`` keyword arguments only when its signature asks for them.
Signals are queued to the GUI thread; progress reports are throttled (at most one every
``PROGRESS_INTERVAL`` seconds, the last one always delivered) so a busy worker cannot flood the
event loop.
"""

from __future__ import annotations

import inspect
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from collector.core.errors import CollectorError

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.05

_pool: QThreadPool | None = None
_running: set[Task] = set()


def pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(6)
        _pool.setExpiryTimeout(30_000)
    return _pool


def _accepts(fn: Callable, name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind == p.VAR_KEYWORD for p in params.values())


class _Runnable(QRunnable):
    def __init__(self, task: Task):
        super().__init__()
        # the Task holds this wrapper until the run ends: a Python QRunnable the pool owned alone could
        # be collected before a busy pool got to it, and the task would never report back
        self.setAutoDelete(False)
        self._task = task

    def run(self) -> None:
        self._task._execute()


def user_message(exc: BaseException) -> str:
    """One line for the user: our errors already are; anything else gets its type name."""
    if isinstance(exc, CollectorError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror}{where}"
    return f"{type(exc).__name__}: {exc}"


@dataclass(frozen=True)
class TaskFailure:
    """What ``Task.failed`` carries: one line for the user, and the exception for the log."""

    message: str
    error: BaseException


class Task(QObject):
    progress = Signal(object)  # whatever fn reports (a collector.core.progress.Progress)
    done = Signal(object)
    failed = Signal(object)  # a TaskFailure
    finished = Signal()  # after done or failed

    def __init__(self, fn: Callable[..., Any], *args: Any, name: str = "", **kwargs: Any):
        super().__init__()
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.name = name or getattr(fn, "__name__", "task")
        self.cancel_event = threading.Event()
        self._last_progress = 0.0
        self._pending: Any = None
        self._lock = threading.Lock()
        self.running = False
        self._runnable: _Runnable | None = None
        if _accepts(fn, "progress"):
            self.kwargs["progress"] = self._report
        if _accepts(fn, "cancel"):
            self.kwargs["cancel"] = self.cancel_event
        self.done.connect(self._finish)
        self.failed.connect(self._finish)

    def start(self) -> Task:
        self.running = True
        _running.add(self)  # keep the QObject alive until its signals are delivered
        self._runnable = _Runnable(self)
        pool().start(self._runnable)
        return self

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def _report(self, payload: Any) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last_progress < PROGRESS_INTERVAL:
                self._pending = payload
                return
            self._last_progress = now
            self._pending = None
        self.progress.emit(payload)

    def _flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, None
        if pending is not None:
            self.progress.emit(pending)

    def _execute(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # the worker must always report back
            self._flush()
            log.debug("task %s failed", self.name, exc_info=True)
            self.failed.emit(TaskFailure(user_message(exc), exc))
            return
        self._flush()
        self.done.emit(result)

    def _finish(self, *_: Any) -> None:
        self.running = False
        self.finished.emit()
        # released after every queued slot of this emission ran
        QTimer.singleShot(0, lambda: _running.discard(self))


def running() -> bool:
    """Whether any task is still working."""
    return any(t.running for t in _running)


def wait_all(timeout_ms: int = 10_000) -> bool:
    """Waits for every task (application exit, tests)."""
    return pool().waitForDone(timeout_ms)
