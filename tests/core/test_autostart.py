"""collector.core.autostart: the XDG autostart entry on Linux (written, read back, removed); the
Windows Run value is exercised on Windows only."""

from __future__ import annotations

import sys

import pytest

from collector.core import autostart


def _exec_argv(entry: str) -> list[str]:
    """The Exec value read back as the Desktop Entry spec says: string escapes, then the quoting."""
    line = next(v for k, _, v in (ln.partition("=") for ln in entry.splitlines()) if k == "Exec")
    line = line.replace("\\\\", "\\")  # the string escape of a backslash
    args, current, quoted, i = [], "", False, 0
    while i < len(line):
        c = line[i]
        if quoted and c == "\\" and i + 1 < len(line) and line[i + 1] in '"`$\\':
            current, i = current + line[i + 1], i + 2
            continue
        if c == '"':
            quoted = not quoted
        elif c == " " and not quoted:
            args.append(current)
            current = ""
        else:
            current += c
        i += 1
    return [*args, current]


def test_linux_entry_is_written_where_the_spec_says_and_removed(tmp_path):
    env = {"XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    argv = ["/opt/Coletor RM/bin/python", "-m", "collector", "--tray"]
    assert not autostart.is_enabled(platform="linux", env=env)
    path = autostart.enable(argv, platform="linux", env=env)
    assert path == tmp_path / "cfg" / "autostart" / "coletor-rm.desktop"
    entry = path.read_text(encoding="utf-8")
    assert entry.startswith("[Desktop Entry]\n") and "Type=Application" in entry and "Hidden" not in entry
    assert _exec_argv(entry) == argv  # the space survives the quoting
    assert autostart.is_enabled(platform="linux", env=env)
    autostart.disable(platform="linux", env=env)
    assert not path.exists() and not autostart.is_enabled(platform="linux", env=env)
    autostart.disable(platform="linux", env=env)  # twice: nothing to do, no error


def test_without_xdg_config_home_it_is_under_dot_config(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert autostart.autostart_dir({}) == tmp_path / ".config" / "autostart"


@pytest.mark.parametrize("arg", ['a"b', "c$HOME", "back\\slash", "tick`x", "plain"])
def test_exec_quoting_round_trips(arg):
    assert _exec_argv("Exec=" + autostart.exec_line(["/usr/bin/x", arg])) == ["/usr/bin/x", arg]


def test_the_command_starts_in_the_tray():
    assert autostart.command("/usr/bin/python3", frozen=False, platform="linux") == \
        ["/usr/bin/python3", "-m", "collector", "--tray"]
    assert autostart.command("/opt/ColetorRM/collector", frozen=True, platform="linux") == \
        ["/opt/ColetorRM/collector", "--tray"]


@pytest.mark.skipif(sys.platform != "win32", reason="the HKCU Run key exists only on Windows; the Linux "
                    "entry above exercises the same enable/disable/is_enabled flow")
def test_windows_run_value_round_trip():  # pragma: no cover - Windows only
    try:
        autostart.enable(platform="win32")
        assert autostart.is_enabled(platform="win32")
    finally:
        autostart.disable(platform="win32")
    assert not autostart.is_enabled(platform="win32")
