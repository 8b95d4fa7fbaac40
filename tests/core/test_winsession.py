"""winsession with scripted Windows APIs (WTSEnumerateProcessesW, ProcessIdToSessionId, registry)."""

from __future__ import annotations

import ctypes

import pytest

from collector.core import winsession
from collector.probes import rm_install


class FakeKernel32:
    def __init__(self, session=2, console=1, ok=True):
        self.session, self.console, self.ok = session, console, ok

    def GetCurrentProcessId(self):  # noqa: N802 - Windows name
        return 4242

    def ProcessIdToSessionId(self, pid, out):  # noqa: N802
        if not self.ok:
            return 0
        out[0] = self.session
        return 1

    def WTSGetActiveConsoleSessionId(self):  # noqa: N802
        return self.console

    def GetConsoleOutputCP(self):  # noqa: N802
        return 0  # a windowed process has no console

    def GetOEMCP(self):  # noqa: N802
        return 850


class FakeWts:
    """Lists processes the way WTSEnumerateProcessesW does: an array it allocates, freed by WTSFreeMemory."""

    def __init__(self, rows, ok=True):
        self.rows, self.ok, self.freed = rows, ok, 0
        self._keep = None

    def WTSEnumerateProcessesW(self, server, reserved, version, pp_info, p_count):  # noqa: N802
        assert (server, reserved, version) == (0, 0, 1)
        if not self.ok:
            return 0  # e.g. ERROR_ACCESS_DENIED
        array = (winsession.WTS_PROCESS_INFOW * len(self.rows))()
        for i, (session, pid, name) in enumerate(self.rows):
            array[i].SessionId, array[i].ProcessId, array[i].pProcessName = session, pid, name
        self._keep = array
        pp_info[0] = ctypes.cast(array, ctypes.POINTER(winsession.WTS_PROCESS_INFOW))
        p_count[0] = len(self.rows)
        return 1

    def WTSFreeMemory(self, pointer):  # noqa: N802
        self.freed += 1


class FakeUser32:
    def __init__(self, remote=0):
        self.remote = remote

    def GetSystemMetrics(self, index):  # noqa: N802
        assert index == winsession.SM_REMOTESESSION
        return self.remote


class FakeWinreg:
    HKEY_LOCAL_MACHINE = "HKLM"

    def __init__(self, glass=None):
        self.glass = glass

    def OpenKey(self, hive, path):  # noqa: N802
        assert (hive, path) == ("HKLM", winsession.TERMINAL_SERVER_KEY)
        fake = self

        class Key:
            def __enter__(self):
                return self

            def __exit__(self, *a):
                return False

        if fake.glass is None:
            raise FileNotFoundError(2, "not found")
        return Key()

    def QueryValueEx(self, key, name):  # noqa: N802
        assert name == "GlassSessionId"
        return self.glass, 4


ROWS = [(2, 100, "RM.exe"), (2, 101, "RM.Host.exe"), (3, 200, "RM.exe"), (2, 102, "outlook.exe"),
        (0, 4, "System")]


@pytest.fixture
def windows(monkeypatch):
    state = {"kernel32": FakeKernel32(), "wts": FakeWts(ROWS), "user32": FakeUser32(), "winreg": FakeWinreg()}
    monkeypatch.setattr(winsession, "_is_windows", lambda: True)
    monkeypatch.setattr(winsession, "_kernel32", lambda: state["kernel32"])
    monkeypatch.setattr(winsession, "_wtsapi32", lambda: state["wts"])
    monkeypatch.setattr(winsession, "_user32", lambda: state["user32"])
    monkeypatch.setattr(winsession, "_winreg", lambda: state["winreg"])
    return state


def test_session_processes_keep_only_this_session_elevated_included(windows):
    # pid 101 is an RM started "as administrator": ProcessIdToSessionId(101) would be denied to us,
    # WTSEnumerateProcessesW still reports its session
    assert winsession.session_processes() == {100: "RM.exe", 101: "RM.Host.exe", 102: "outlook.exe"}
    assert windows["wts"].freed == 1


def test_enumeration_denied_lists_nobody(windows):
    windows["wts"].ok = False
    assert winsession.session_processes() is None
    flt = rm_install.SessionFilter(pids=set(winsession.session_processes() or {}))
    assert not flt(200, None) and not flt(100, None)


def test_unknown_session_lists_nobody(windows):
    windows["kernel32"].ok = False
    assert winsession.current_session_id() is None
    assert winsession.session_processes() is None


def test_session_filter_uses_wts_on_windows(windows, monkeypatch):
    monkeypatch.setattr(rm_install.sys, "platform", "win32")
    flt = rm_install.SessionFilter()
    assert flt(101, None) and not flt(200, None)


@pytest.mark.parametrize("metric, glass, console, session, remote", [
    (1, None, 1, 1, True),          # classic RDP: SM_REMOTESESSION says so
    (0, 1, 1, 2, True),             # RemoteFX vGPU: metric 0, but we are not the console's session
    (0, 2, 1, 2, False),            # GlassSessionId is ours: at the console
    (0, None, 2, 2, False),         # no registry value: WTSGetActiveConsoleSessionId decides
    (0, None, 1, 3, True),
    (0, None, 0xFFFFFFFF, 3, True),  # nobody at the console
])
def test_remote_session_detection(windows, metric, glass, console, session, remote):
    windows["user32"].remote = metric
    windows["winreg"].glass = glass
    windows["kernel32"].console, windows["kernel32"].session = console, session
    assert winsession.is_remote_session() is remote


def test_off_windows_everything_is_neutral():
    assert winsession.current_session_id() is None
    assert winsession.session_processes() is None
    assert winsession.is_remote_session() is False
    assert winsession.console_codepage() is None


def test_console_codepage_falls_back_to_oem(windows):
    assert winsession.console_codepage() == 850


def test_current_user_sid_parses_whoami(windows):
    class Out:
        stdout = b'"srv\\\\maria","S-1-5-21-1004336348-1177238915-682003330-1013"\r\n'

    assert winsession.current_user_sid(lambda *a, **k: Out()) == "S-1-5-21-1004336348-1177238915-682003330-1013"

    def denied(*a, **k):
        raise PermissionError(5, "Acesso negado")

    assert winsession.current_user_sid(denied) is None


def test_allow_set_foreground(windows):
    calls = []
    windows["user32"].AllowSetForegroundWindow = lambda pid: calls.append(pid) or 1
    assert winsession.allow_set_foreground() is True and calls == [winsession.ASFW_ANY]
    windows["user32"].AllowSetForegroundWindow = lambda pid: 0  # e.g. we are not in the foreground
    assert winsession.allow_set_foreground() is False
