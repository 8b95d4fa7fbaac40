"""Single instance per session: the second start lets the first come forward (AllowSetForegroundWindow)."""

from __future__ import annotations

import uuid

from collector.core import winsession
from collector.ui import single


def test_second_instance_allows_the_first_to_come_forward(qtbot, monkeypatch):
    allowed = []
    monkeypatch.setattr(winsession, "allow_set_foreground", lambda: allowed.append(True) or True)
    name = f"coletor-test-{uuid.uuid4().hex[:8]}"
    first = single.SingleInstance(name)
    assert first.claim()
    try:
        with qtbot.waitSignal(first.activated, timeout=3000):
            assert not single.SingleInstance(name).claim()
        assert allowed == [True]
    finally:
        first.release()


def test_session_key_uses_the_windows_session(monkeypatch):
    monkeypatch.setattr(single.sys, "platform", "win32")
    monkeypatch.setattr(winsession, "current_session_id", lambda: 7)
    assert single.session_key().split("|")[1] == "7"
    monkeypatch.setattr(winsession, "current_session_id", lambda: None)
    monkeypatch.setenv("SESSIONNAME", "RDP-Tcp#3")
    assert single.session_key().split("|")[1] == "RDP-Tcp#3"
