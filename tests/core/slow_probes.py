"""Probes used by the runner tests. They live in a module so spawned children can import them."""

from __future__ import annotations

import threading
import time

from collector.core.probe import Probe, ProbeSkipped


class Quick(Probe):
    name = "quick"
    timeout = 5

    def run(self, ctx):
        return {"answer": 42, "ctx": ctx}


class Broken(Probe):
    name = "broken"

    def run(self, ctx):
        raise ValueError("arquivo corrompido")


class NotHere(Probe):
    name = "not-here"

    def applies(self, ctx):
        return "só no Windows"

    def run(self, ctx):
        raise AssertionError("a probe that does not apply is never run")


class SkipsInside(Probe):
    name = "skips-inside"

    def run(self, ctx):
        raise ProbeSkipped("nenhuma credencial")


class HangsInThread(Probe):
    name = "hangs-thread"
    timeout = 0.5

    def run(self, ctx):
        threading.Event().wait()  # forever


class HangsInProcess(Probe):
    name = "hangs-process"
    timeout = 1.5
    isolated = True

    def run(self, ctx):
        while True:
            time.sleep(1)


class IsolatedQuick(Probe):
    name = "isolated-quick"
    timeout = 30
    isolated = True

    def run(self, ctx):
        import os

        return {"pid": os.getpid(), "ctx": ctx}


class IsolatedCrash(Probe):
    name = "isolated-crash"
    timeout = 30
    isolated = True

    def run(self, ctx):
        import os

        os._exit(7)
