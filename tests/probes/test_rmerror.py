import os
from datetime import datetime, timedelta

from collector.core.plan import Caps, CollectContext
from collector.core.runner import run_probes
from collector.core.timewindow import TimeWindow
from collector.probes import fileio
from collector.probes.rmerror import RmErrorProbe, plan_rmerror
from tests.fixtures.rmlogs import BRT, set_mtime

NOW = datetime(2026, 11, 28, 9, 15, tzinfo=BRT)
WINDOW = TimeWindow(NOW - timedelta(days=2), NOW)


def _file(path, data=b"Erro no RM: Object reference not set\r\n", when=NOW - timedelta(hours=1)):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    set_mtime(path, when)
    return path


def _setup(tmp_path):
    desktop, documents, temp = tmp_path / "Desktop", tmp_path / "Documentos", tmp_path / "Temp"
    root = tmp_path / "totvs" / "CorporeRM" / "RM.Net"
    _file(desktop / "RMError.txt", when=NOW - timedelta(hours=1))
    _file(documents / "RMError.txt", b"outro erro\r\n", when=NOW - timedelta(hours=3))   # same name
    _file(documents / "Erros do RM" / "rmerror_20261127.TXT", when=NOW - timedelta(days=1))
    _file(documents / "a" / "b" / "RMError_fundo.txt")                                 # too deep
    _file(desktop / "RMError antigo.txt", when=NOW - timedelta(days=10))               # before the window
    _file(temp / "RMError-ção.log", "Falha na geração\r\n".encode("cp1252"))
    _file(temp / "RMErrorDump.zip", b"PK\x03\x04\x00\x00" + bytes(range(256)))           # binary
    _file(temp / "outro.txt")                                                           # other name
    _file(root / "Bin" / "RMError.xml", b"<erro/>", when=NOW - timedelta(minutes=5))
    _file(root / "RM.exe", b"MZ\x00")
    ctx = CollectContext(window=WINDOW, installations=[{"root": str(root), "log_dirs": []}],
                         search_dirs=[("Área de Trabalho", str(desktop)), ("Documentos", str(documents)),
                                      ("Temp", str(temp)), ("Downloads", str(tmp_path / "nao-existe"))])
    return ctx, desktop, documents, temp, root


def test_finds_rmerror_files_of_the_window(tmp_path):
    ctx, desktop, documents, temp, root = _setup(tmp_path)
    plan = plan_rmerror(ctx)
    got = {i.arcname: i for i in plan.items}
    assert sorted(i.arcname for i in plan.included) == sorted([
        "rmerror/RMError.xml", "rmerror/RMError.txt", "rmerror/RMError (2).txt",
        "rmerror/rmerror_20261127.TXT", "rmerror/RMError-ção.log"])
    assert got["rmerror/RMError.txt"].source == desktop / "RMError.txt"            # newest first keeps the name
    assert got["rmerror/RMError (2).txt"].source == documents / "RMError.txt"
    assert got["rmerror/RMError.txt"].note == "encontrado em Área de Trabalho"
    assert got["rmerror/RMError.xml"].note == "encontrado em instalação CorporeRM"
    assert got["rmerror/RMErrorDump.zip"].status == "binary"
    assert all(i.kind == "rmerror" and i.redact for i in plan.included)
    with fileio.open_planned(got["rmerror/RMError-ção.log"]) as stream:
        assert stream.read() == "Falha na geração\r\n".encode("cp1252")
    assert plan.stats["outside"] >= 1   # the old one


def test_patterns_are_configurable_and_case_insensitive(tmp_path):
    ctx, *_ = _setup(tmp_path)
    ctx.rmerror_patterns = ("*.XML", "OUTRO*")
    names = sorted(i.arcname for i in plan_rmerror(ctx).items)
    assert names == ["rmerror/RMError.xml", "rmerror/outro.txt"]


def test_count_cap_keeps_the_newest(tmp_path):
    ctx, *_ = _setup(tmp_path)
    ctx.caps = Caps(rmerror_files=2)
    plan = plan_rmerror(ctx)
    assert [i.arcname for i in plan.included] == ["rmerror/RMError.xml", "rmerror/RMError.txt"]
    assert all(i.status == "cap" for i in plan.skipped)


def test_locked_and_large_files(tmp_path, monkeypatch):
    ctx, desktop, *_ = _setup(tmp_path)
    ctx.caps = Caps(rmerror_file_bytes=20)
    real = fileio._open_once

    class SharingViolation(PermissionError):
        winerror = 32

    def opener(path):
        if os.fspath(path) == os.fspath(desktop / "RMError.txt"):
            raise SharingViolation(13, "sharing violation", os.fspath(path))
        return real(path)

    monkeypatch.setattr(fileio, "_open_once", opener)
    monkeypatch.setattr(fileio, "RETRY_DELAY", 0.001)
    (desktop / "RMError.txt").parent.mkdir(exist_ok=True)
    _file(tmp_path / "Temp" / "RMError grande.txt", b"x" * 100)
    got = {i.arcname: i for i in plan_rmerror(ctx).items}
    assert got["rmerror/RMError.txt"].status == "locked"
    assert got["rmerror/RMError grande.txt"].status == "too_large"


def test_nothing_found_is_an_empty_plan(tmp_path):
    ctx = CollectContext(window=WINDOW, search_dirs=[("Área de Trabalho", str(tmp_path))])
    assert plan_rmerror(ctx).items == []


def test_probe_declaration(tmp_path):
    ctx, *_ = _setup(tmp_path)
    probe = RmErrorProbe()
    assert probe.name == "rmerror" and probe.description
    ctx_no = CollectContext(window=WINDOW, include=frozenset({"logs"}))
    assert probe.applies(ctx_no)
    (result,) = run_probes([probe], ctx)
    assert result.status == "ok" and len(result.value.included) == 5
