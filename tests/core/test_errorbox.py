"""errorbox: one line on stderr when there is one, else a Windows message box (scripted MessageBoxW)."""

from __future__ import annotations

import sys

from collector.core import errorbox


class User32:
    def __init__(self, result=1):
        self.calls, self.result = [], result

    def MessageBoxW(self, owner, text, title, flags):  # noqa: N802 - Windows name
        self.calls.append((owner, text, title, flags))
        return self.result


def test_with_a_console_the_line_goes_to_stderr(capsys):
    assert errorbox.tell("collector: falhou") == "stderr"
    assert capsys.readouterr().err == "collector: falhou\n"


def test_without_console_errors_go_to_a_box(monkeypatch):
    user32 = User32()
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.setattr(errorbox.sys, "platform", "win32")
    monkeypatch.setattr(errorbox, "_user32", lambda: user32)
    assert errorbox.tell("collector: falhou") == "box"
    assert user32.calls == [(None, "collector: falhou", errorbox.TITLE,
                             errorbox.MB_ICONERROR | errorbox.MB_SETFOREGROUND)]
    assert errorbox.tell("já está aberto", error=False) == "log"  # information: no box
    user32.result = 0  # MessageBoxW failed (no desktop, e.g. a service)
    assert errorbox.tell("collector: falhou") == "log"


def test_off_windows_without_console_it_is_only_logged(monkeypatch):
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.setattr(errorbox.sys, "platform", "linux")
    assert errorbox.has_console() is False
    assert errorbox.tell("collector: falhou") == "log"
