"""The Application event-log export: decoding what wevtutil writes, keeping only this session's RM
entries, and the probe end to end with a scripted wevtutil."""

from __future__ import annotations

import subprocess

import pytest

from collector.core import winsession
from collector.core.plan import CollectContext
from collector.core.timewindow import TimeWindow
from collector.probes import eventlog, system_files

ME = "S-1-5-21-1004336348-1177238915-682003330-1013"
OTHER = "S-1-5-21-1004336348-1177238915-682003330-1099"


def _event(provider, event_id, pid, data, level=2, sid=None, named=False):
    items = "".join(f"<Data Name='{k}'>{v}</Data>" if named else f"<Data>{v}</Data>" for k, v in data)
    security = f"<Security UserID='{sid}'/>" if sid else "<Security/>"
    return ("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
            f"<Provider Name='{provider}'/><EventID Qualifiers='0'>{event_id}</EventID><Level>{level}</Level>"
            "<TimeCreated SystemTime='2026-11-27T12:01:02.3456789Z'/><EventRecordID>1</EventRecordID>"
            f"<Execution ProcessID='{pid}' ThreadID='7'/><Channel>Application</Channel>"
            f"<Computer>SRV-TS01</Computer>{security}</System><EventData>{items}</EventData></Event>")


# Application Error 1000, unnamed data as older Windows writes it: the 9th value is the faulting pid
APP_ERROR_OTHER_USER = _event("Application Error", 1000, 0, [
    ("", "RM.exe"), ("", "12.1.2209.106"), ("", "6331a2b0"), ("", "KERNELBASE.dll"), ("", "10.0.17763.1"),
    ("", "0"), ("", "e0434352"), ("", "0012"), ("", "0xc8"), ("", "01d9"), ("", "C:\\totvs\\RM.exe")])
APP_ERROR_MINE = _event("Application Error", 1000, 0, [
    ("AppName", "RM.exe"), ("AppVersion", "12.1.2209.106"), ("ExceptionCode", "e0434352"),
    ("ProcessId", "0x64"), ("AppPath", "C:\\totvs\\RM.exe")], named=True)
NET_RUNTIME_MINE = _event(".NET Runtime", 1026, 101, [
    ("", "Application: RM.Host.exe\nDescrição: O processo foi terminado devido a uma exceção sem tratamento.")])
OUTLOOK_MINE = _event("Application Error", 1000, 0, [("AppName", "OUTLOOK.EXE"), ("ProcessId", "0x66")],
                      named=True)
RM_SOURCE_OTHER_USER = _event("RM", 0, 0, [("", "Falha de login de joao.silva")], sid=OTHER)
RM_SOURCE_MINE = _event("RM", 0, 0, [("", "Falha ao abrir o Alias Produção")], sid=ME)
RM_NO_ATTRIBUTION = _event(".NET Runtime", 1026, 0, [("", "Application: RM.exe\nFramework Version: v4.0")])

ALL = [APP_ERROR_OTHER_USER, APP_ERROR_MINE, NET_RUNTIME_MINE, OUTLOOK_MINE, RM_SOURCE_OTHER_USER,
       RM_SOURCE_MINE, RM_NO_ATTRIBUTION]
OWNER = eventlog.Owner(rm_pids={100, 101}, other_session_pids={200}, user_sid=ME, shared=True)


def _xml():
    return "\r\n".join(ALL) + "\r\n"


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-16-le"),                              # /uni:true as wevtutil writes it
    lambda t: b"\xff\xfe" + t.encode("utf-16-le"),                # with a BOM
    lambda t: t.encode("cp850"),                                  # console code page (pt-BR), no /uni
    lambda t: t.encode("utf-8"),
])
def test_decode_every_form_wevtutil_writes(encode):
    text = eventlog.decode_output(encode(_xml()), codepage=850)
    assert "Descrição" in text and "Produção" in text
    assert len(eventlog.parse_events(text)) == len(ALL)


def test_cp850_is_not_read_as_ansi():
    raw = "Produção".encode("cp850")
    assert eventlog.decode_output(raw, codepage=850) == "Produção"
    assert raw.decode("cp1252") != "Produção"  # what the old "mbcs" decoding produced


def test_only_this_sessions_rm_entries_are_kept():
    text, kept, dropped = eventlog.export_text(eventlog.parse_events(_xml()), OWNER)
    assert (kept, dropped) == (3, 4)
    assert "RM.Host.exe" in text                 # our .NET crash (writer pid 101)
    assert "ProcessId: 0x64" in text             # our RM.exe fault (faulting pid 100)
    assert "Alias Produção" in text              # source RM, our SID
    assert "joao.silva" not in text              # another user's RM entry (other SID)
    assert "OUTLOOK" not in text                 # not RM, even in our session
    assert "0xc8" not in text                    # RM.exe of pid 200: another session's process
    assert "Framework Version" not in text       # unattributable on a shared server


def test_unattributable_rm_entry_kept_on_a_single_user_desktop():
    desktop = eventlog.Owner(rm_pids=set(), other_session_pids=set(), user_sid=ME, shared=False)
    text, kept, _ = eventlog.export_text(eventlog.parse_events(_xml()), desktop)
    assert "Framework Version" in text and "OUTLOOK" not in text and "joao.silva" not in text


def test_empty_output_is_no_entry():
    assert eventlog.parse_events(eventlog.decode_output(b"")) == []


def test_command_asks_for_xml_in_unicode():
    cmd = eventlog.command(TimeWindow.default().start, TimeWindow.default().end)
    assert cmd[:3] == ["wevtutil", "qe", "Application"] and "/f:xml" in cmd and "/uni:true" in cmd


class _Done:
    def __init__(self, rc, out=b"", err=b""):
        self.returncode, self.stdout, self.stderr = rc, out, err


@pytest.fixture
def windows_session(monkeypatch):
    monkeypatch.setattr(winsession, "current_session_id", lambda: 2)
    monkeypatch.setattr(winsession, "all_processes", lambda: {
        100: (2, "RM.exe"), 101: (2, "RM.Host.exe"), 102: (2, "OUTLOOK.EXE"), 200: (3, "RM.exe")})
    monkeypatch.setattr(winsession, "current_user_sid", lambda: ME)
    monkeypatch.setattr(winsession, "is_remote_session", lambda: True)
    monkeypatch.setattr(winsession, "console_codepage", lambda: 850)


def test_probe_writes_only_own_entries(tmp_path, monkeypatch, windows_session):
    calls = []

    def run(cmd, **kw):
        calls.append(cmd)
        return _Done(0, _xml().encode("utf-16-le"))

    monkeypatch.setattr(subprocess, "run", run)
    ctx = CollectContext(window=TimeWindow.default(), options={"scratch_dir": str(tmp_path)})
    plan = system_files.EventLogProbe().run(ctx)
    assert [i.arcname for i in plan.included] == ["system/eventlog-application.txt"]
    assert plan.included[0].redact  # redacted like every file of the bundle
    text = (tmp_path / "system" / "eventlog-application.txt").read_text(encoding="utf-8")
    assert "RM.Host.exe" in text and "joao.silva" not in text and "OUTLOOK" not in text
    assert "/uni:true" in calls[0]


def test_probe_error_is_one_line_in_the_console_code_page(tmp_path, monkeypatch, windows_session):
    err = "Falha ao executar a consulta. Acesso negado.\r\n".encode("cp850")
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: _Done(5, b"", err))
    ctx = CollectContext(window=TimeWindow.default(), options={"scratch_dir": str(tmp_path)})
    with pytest.raises(RuntimeError, match="^Falha ao executar a consulta. Acesso negado.$"):
        system_files.EventLogProbe().run(ctx)
