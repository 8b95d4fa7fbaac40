"""Runs probes concurrently, each within its own timeout; one failing probe never stops the others.

In-process probes run in daemon threads (a stuck one is abandoned, never joined, so the program can
still exit). Isolated probes run in a child process (spawn: the same on Windows and Linux, and safe
beside Qt's threads) that is killed when its time is up.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

from collector.core.probe import Probe, ProbeResult, ProbeSkipped, Status

log = logging.getLogger(__name__)

_SPAWN = multiprocessing.get_context("spawn")


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return text if text else type(exc).__name__


Outcome = tuple[Status, Any, str | None]  # status, value, reason


def _execute(probe: Probe, ctx: Any) -> Outcome:
    """Runs one probe where it stands; returns (status, value, reason)."""
    try:
        return "ok", probe.run(ctx), None
    except ProbeSkipped as exc:
        return "skipped", None, _describe(exc)
    except Exception as exc:  # a probe's failure is data, not a crash
        log.debug("probe %s failed", probe.name, exc_info=True)
        return "error", None, f"{type(exc).__name__}: {_describe(exc)}"


def _child_main(probe: Probe, ctx: Any, conn: Connection) -> None:
    try:
        outcome = _execute(probe, ctx)
        try:
            conn.send(outcome)
        except Exception as exc:  # unpicklable value
            conn.send(("error", None, f"resultado não serializável: {_describe(exc)}"))
    finally:
        conn.close()


def _run_isolated(probe: Probe, ctx: Any, timeout: float) -> Outcome:
    parent, child = _SPAWN.Pipe(duplex=False)
    proc = _SPAWN.Process(target=_child_main, args=(probe, ctx, child), daemon=True,
                          name=f"probe-{probe.name}")
    proc.start()
    child.close()
    try:
        if parent.poll(timeout):
            try:
                outcome: Outcome = parent.recv()
                return outcome
            except EOFError:
                proc.join(1)
                return "error", None, f"o processo da sonda terminou (código {proc.exitcode})"
        return "timeout", None, f"sem resposta em {timeout:g} s; processo encerrado"
    finally:
        parent.close()
        if proc.is_alive():
            proc.kill()
        proc.join(2)


def run_probes(
    probes: Sequence[Probe],
    ctx: Any,
    *,
    timeout_scale: float = 1.0,
    on_result: Callable[[ProbeResult], None] | None = None,
) -> list[ProbeResult]:
    """Runs ``probes`` concurrently and returns one result per probe, in the given order.

    ``timeout_scale`` multiplies every probe's timeout (a global override, as in sos).
    ``on_result`` is called from the calling thread as each probe finishes (progress reporting).
    """
    results: dict[int, ProbeResult] = {}
    done: queue.Queue[tuple[int, Status, Any, str | None, float]] = queue.Queue()
    deadlines: dict[int, tuple[float, float]] = {}

    def finish(i: int, result: ProbeResult) -> None:
        results[i] = result
        if on_result is not None:
            on_result(result)

    for i, probe in enumerate(probes):
        reason = None
        try:
            reason = probe.applies(ctx)
        except Exception as exc:
            finish(i, ProbeResult(probe.name, "error", 0, f"{type(exc).__name__}: {_describe(exc)}"))
            continue
        if reason:
            finish(i, ProbeResult(probe.name, "skipped", 0, reason))
            continue
        timeout = max(0.01, probe.timeout * timeout_scale)
        start = time.monotonic()
        deadlines[i] = (start, start + timeout)

        def work(i: int = i, probe: Probe = probe, timeout: float = timeout, start: float = start) -> None:
            if probe.isolated:
                status, value, why = _run_isolated(probe, ctx, timeout)
            else:
                status, value, why = _execute(probe, ctx)
            done.put((i, status, value, why, time.monotonic() - start))

        threading.Thread(target=work, daemon=True, name=f"probe-{probe.name}").start()

    pending = set(deadlines)
    while pending:
        now = time.monotonic()
        expired = [i for i in pending if deadlines[i][1] <= now]
        for i in expired:
            pending.discard(i)
            start, end = deadlines[i]
            finish(i, ProbeResult(probes[i].name, "timeout", int((end - start) * 1000),
                                  f"sem resposta em {end - start:g} s"))
        if not pending:
            break
        wait = min(deadlines[i][1] for i in pending) - time.monotonic()
        try:
            i, status, value, why, elapsed = done.get(timeout=max(0.0, wait) + 0.05)
        except queue.Empty:
            continue
        if i not in pending:  # arrived after its timeout was recorded
            continue
        pending.discard(i)
        finish(i, ProbeResult(probes[i].name, status, int(elapsed * 1000), why, value))

    return [results[i] for i in range(len(probes))]
