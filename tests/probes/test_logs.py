"""The logs probe: which files, which bytes, which caps, which faults (collector.probes.logs)."""

import os
import pickle
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from collector.core.plan import Caps, CollectContext
from collector.core.runner import run_probes
from collector.core.timewindow import TimeWindow
from collector.probes import fileio
from collector.probes.logs import LogsProbe, plan_logs
from collector.probes.tracklog import SLACK, line_timestamp
from tests.fixtures.rmlogs import BRT, build_log_tree, make_entries, set_mtime, write_log

NOW = datetime(2026, 11, 28, 9, 15, tzinfo=BRT)
WINDOW = TimeWindow(NOW - timedelta(days=2), NOW)


class SharingViolation(PermissionError):
    winerror = 32


@pytest.fixture
def tree(tmp_path):
    return build_log_tree(tmp_path, NOW)


def _ctx(*installations, window=WINDOW, **kw):
    return CollectContext(window=window, installations=[i for i in installations], **kw)


def _read(item):
    with fileio.open_planned(item) as stream:
        return stream.read()


def _by_arcname(plan):
    return {i.arcname: i for i in plan.items}


def test_plan_holds_exactly_the_window(tree):
    plan = plan_logs(_ctx(tree.installation()))
    items = _by_arcname(plan)
    timed = {rel: f"logs/CorporeRM/{rel}" for rel in tree.entries}
    expected_timed = {rel: tree.expected(rel, WINDOW.start, WINDOW.end) for rel in tree.entries}
    for rel, arcname in timed.items():
        if expected_timed[rel]:
            item = items[arcname]
            assert item.included and item.kind == "logs" and item.redact
            assert _read(item) == expected_timed[rel], rel
            assert item.size == len(expected_timed[rel])
            assert item.cut["mode"] == "window"
        else:
            assert arcname not in items, rel  # rotated files of days before the window
    cut = items["logs/CorporeRM/Logs/RM/RM.log"]
    assert cut.byte_range[0] > 0 and "cortado à janela" in cut.note
    assert cut.cut["first_entry"].startswith("2026-11-26")

    trace = items["logs/CorporeRM/Logs/trace.txt"]
    assert trace.included and trace.cut["mode"] == "whole"
    assert _read(trace) == (tree.root / "Logs/trace.txt").read_bytes()

    assert "logs/CorporeRM/Logs/crash.dmp" not in items  # not a log-like name: counted, never read
    assert plan.stats.get("not_log_like", 0) >= 1
    itrace = items["logs/CorporeRM/IntelliTraceCollection/RM_0001.itrace"]
    assert itrace.status == "optin" and not itrace.included
    assert "logs/CorporeRM/Logs/antigo.txt" not in items
    assert plan.stats["outside"] >= 3
    assert "logs/CorporeRM/Logs/Relatório de cálculo.log" in items
    assert [i.arcname for i in plan.items] == sorted((i.arcname for i in plan.items), key=str.lower)


def test_a_window_with_nothing_in_it(tree):
    past = TimeWindow(NOW - timedelta(days=60), NOW - timedelta(days=50))
    plan = plan_logs(_ctx(tree.installation(), window=past))
    assert plan.included == []
    assert all(i.status in ("binary", "optin") for i in plan.skipped) or plan.skipped == []
    assert plan.stats["outside"] >= 5


def test_per_file_cap_keeps_the_newest_part_of_the_window(tree):
    cap = 30_000
    plan = plan_logs(_ctx(tree.installation(), caps=Caps(log_file_bytes=cap)))
    limited = [i for i in plan.included if i.cut.get("limited_by") == "file_cap"]
    assert limited
    for item in plan.included:
        assert item.size <= cap
    for item in limited:
        rel = item.arcname.removeprefix("logs/CorporeRM/")
        data = _read(item)
        assert tree.expected(rel, WINDOW.start, WINDOW.end).endswith(data)
        assert line_timestamp(data[:300]) is not None            # starts at an entry
        assert item.cut["cut_at"] == "entry"
        assert item.cut["dropped_bytes"] == item.cut["window_bytes"] - item.size
        assert "limite de" in item.note and "por arquivo" in item.note


def test_bundle_cap_keeps_the_newest_part_across_files(tree):
    cap = 120_000
    plan = plan_logs(_ctx(tree.installation(), caps=Caps(log_bundle_bytes=cap)))
    assert 0 < plan.total_size <= cap
    kept_ts, dropped_ts = [], []
    for rel, entries in tree.entries.items():
        arcname = f"logs/CorporeRM/{rel}"
        item = _by_arcname(plan).get(arcname)
        window = [e for e in entries if WINDOW.contains(e.ts)]
        data = _read(item) if item is not None and item.included else b""
        expected = tree.expected(rel, WINDOW.start, WINDOW.end)
        assert expected.endswith(data)
        text = data.decode(tree.encodings[rel])
        for e in window:
            (kept_ts if e.text in text else dropped_ts).append(e.ts)
    assert dropped_ts and kept_ts
    assert max(dropped_ts) <= min(kept_ts) + timedelta(seconds=SLACK + 1)   # one cut-off time for all
    limited = [i for i in plan.items if (i.cut or {}).get("limited_by") == "bundle_cap" or i.status == "cap"]
    assert limited
    assert all("limite de" in (i.note or i.skipped) for i in limited)


def test_intellitrace_only_when_asked(tree):
    plan = plan_logs(_ctx(tree.installation(), include_intellitrace=True))
    item = _by_arcname(plan)["logs/CorporeRM/IntelliTraceCollection/RM_0001.itrace"]
    assert item.included and not item.redact and "IntelliTrace" in item.warning
    assert _read(item) == (tree.root / "IntelliTraceCollection/RM_0001.itrace").read_bytes()
    small = plan_logs(_ctx(tree.installation(), include_intellitrace=True, caps=Caps(intellitrace_bytes=10)))
    assert _by_arcname(small)["logs/CorporeRM/IntelliTraceCollection/RM_0001.itrace"].status == "too_large"


def test_faults_leave_files_out_with_a_reason(tree, monkeypatch):
    vanished = tree.log_dir / "RM" / "RM.log"
    locked = sorted(tree.log_dir.glob("RM.Host/*.log"))[-1]
    denied = tree.log_dir / "trace.txt"
    real_list, real_open = fileio.list_dir, fileio._open_once

    def list_then_delete(path, **kw):
        entries = real_list(path, **kw)
        if vanished.exists() and any(e.path == vanished for e in entries):
            vanished.unlink()   # deleted between listing and reading
        return entries

    def opener(path):
        if os.fspath(path) == os.fspath(locked):
            raise SharingViolation(13, "sharing violation", os.fspath(path))
        if os.fspath(path) == os.fspath(denied):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path)

    monkeypatch.setattr(fileio, "list_dir", list_then_delete)
    monkeypatch.setattr(fileio, "_open_once", opener)
    monkeypatch.setattr(fileio, "RETRY_DELAY", 0.001)
    plan = plan_logs(_ctx(tree.installation()))
    items = _by_arcname(plan)
    assert items["logs/CorporeRM/Logs/RM/RM.log"].status == "vanished"
    assert items[f"logs/CorporeRM/Logs/RM.Host/{locked.name}"].status == "locked"
    assert items[f"logs/CorporeRM/Logs/RM.Host/{locked.name}"].skipped == "arquivo bloqueado por outro programa"
    assert items["logs/CorporeRM/Logs/trace.txt"].status == "unreadable"
    assert any(i.included for i in plan.items)  # the others are still there


def test_an_offline_log_folder(tree, monkeypatch):
    real = fileio.list_dir

    def offline(path, **kw):
        if os.fspath(path) == str(tree.log_dir):
            raise fileio.FolderOffline("pasta de rede sem resposta")
        return real(path, **kw)

    monkeypatch.setattr(fileio, "list_dir", offline)
    plan = plan_logs(_ctx(tree.installation()))
    (item,) = [i for i in plan.items if i.status == "offline"]
    assert item.skipped == "pasta: pasta de rede sem resposta"


def test_a_log_appended_after_planning_streams_what_was_planned(tree):
    plan = plan_logs(_ctx(tree.installation()))
    item = _by_arcname(plan)["logs/CorporeRM/Logs/RM/RM.log"]
    with open(item.source, "ab") as f:
        f.write(b"2026-11-28 09:15:01.000 -03:00 [INF] depois do plano\r\n")
    assert _read(item) == tree.expected("Logs/RM/RM.log", WINDOW.start, WINDOW.end)


def test_only_log_like_files_no_links_out_no_other_profiles(tmp_path, monkeypatch):
    """SPEC §4.8: a log folder may be a shared Temp: only log-like names, never a link leaving the
    folder, never another user's profile; what was left out is counted with its reason."""
    root = tmp_path / "Teste" / "RM.Net"
    logs = root / "Logs"
    (logs / "sub").mkdir(parents=True)
    secret_elsewhere = tmp_path / "segredo.txt"
    secret_elsewhere.write_text("2026-11-28 09:00:00 [INF] nada\n")
    now = datetime.now().timestamp()
    for name in ("RM.log", "trace.txt", "Serilog.clef", "app.svclog", "RM.log.1", "settings.json",
                 "Documento.docx", "planilha.xlsx", "foto.jpg", "script.ps1", "dump.dmp"):
        (logs / name).write_bytes(b"linha sem data\r\n")
        os.utime(logs / name, (now, now))
    (logs / "fora.log").symlink_to(secret_elsewhere)
    (logs / "pasta-fora").symlink_to(tmp_path, target_is_directory=True)
    monkeypatch.setattr(fileio, "IS_WINDOWS", False)
    ctx = CollectContext(window=TimeWindow(datetime.now().astimezone() - timedelta(days=1),
                                           datetime.now().astimezone() + timedelta(hours=1)),
                         installations=[{"root": str(root), "log_dirs": [str(logs)]}])
    plan = plan_logs(ctx)
    names = {i.arcname.rsplit("/", 1)[-1] for i in plan.items}
    assert names == {"RM.log", "trace.txt", "Serilog.clef", "app.svclog", "RM.log.1", "settings.json"}
    assert plan.stats["not_log_like"] == 5 and plan.stats["link_outside_folder"] == 2
    other = tmp_path / "Users" / "maria.outra" / "AppData" / "Local" / "Temp"
    other.mkdir(parents=True)
    (other / "x.log").write_text("x")
    ctx2 = CollectContext(window=ctx.window, installations=[{"root": str(root), "log_dirs": [str(other)]}])
    plan2 = plan_logs(ctx2)
    assert not plan2.items and plan2.stats.get("other_user_profile") == 1


def test_binary_garbage_with_a_log_name_and_utf16_text(tmp_path):
    root = tmp_path / "Teste" / "RM.Net"
    logs = root / "Logs"
    logs.mkdir(parents=True)
    (logs / "lixo.log").write_bytes(os.urandom(20_000))
    (logs / "wide.log").write_bytes("\ufeffTrace em UTF-16: ação\r\n".encode("utf-16-le"))
    for name in ("lixo.log", "wide.log"):
        set_mtime(logs / name, NOW - timedelta(hours=1))
    items = _by_arcname(plan_logs(_ctx({"root": str(root), "log_dirs": [str(logs)]})))
    assert items["logs/Teste/Logs/lixo.log"].status == "binary"
    wide = items["logs/Teste/Logs/wide.log"]
    assert wide.included and wide.encoding == "utf-16-le" and wide.cut["mode"] == "utf16"


def test_long_paths_accents_and_two_installations(tmp_path):
    deep = tmp_path
    while len(str(deep)) < 280:
        deep = deep / "Configurações do usuário"
    entries = make_entries(NOW - timedelta(hours=3), NOW, seed=3)
    roots = []
    for env in ("Produção", "Homologação"):
        root = deep / env / "CorporeRM" / "RM.Net"
        write_log(root / "Logs" / "Relatório ção.log", entries)
        roots.append(root)
    outside = tmp_path / "logs-compartilhados"
    write_log(outside / "RM.Host.log", entries)
    installs = [{"root": str(r), "log_dirs": [str(r / "Logs"), str(outside)]} for r in roots]
    plan = plan_logs(_ctx(*installs))
    names = sorted(i.arcname for i in plan.included)
    assert names == ["logs/CorporeRM-2/Logs/Relatório ção.log",
                     "logs/CorporeRM/Logs/Relatório ção.log",
                     "logs/CorporeRM/logs-compartilhados/RM.Host.log"]   # a shared folder once
    assert all(_read(i) == "".join(e.text for e in entries).encode() for i in plan.included)


def test_probe_declaration_and_run(tree):
    probe = LogsProbe()
    assert probe.name == "logs" and probe.description and probe.timeout > 0
    assert probe.applies(_ctx(tree.installation(), include=frozenset({"config"})))
    assert probe.applies(_ctx({"root": str(tree.root), "log_dirs": []})) == "nenhuma pasta de logs encontrada"
    ctx = _ctx(tree.installation())
    assert probe.applies(ctx) is None
    (result,) = run_probes([probe], ctx)
    assert result.status == "ok", result.reason
    plan = result.value
    assert plan.included
    assert pickle.loads(pickle.dumps(ctx)).window == WINDOW
    again = pickle.loads(pickle.dumps(plan))
    assert [i.manifest_entry() for i in again.items] == [i.manifest_entry() for i in plan.items]
    entry = next(i for i in plan.included if i.byte_range).manifest_entry()
    assert {"path", "kind", "size", "source", "byte_range", "cut"} <= entry.keys()


def test_log_dirs_that_do_not_exist(tmp_path):
    ctx = _ctx({"root": str(tmp_path / "RM.Net"), "log_dirs": [str(tmp_path / "RM.Net" / "Logs")]})
    plan = plan_logs(ctx)
    assert plan.items == [] and plan.stats == {"missing_folders": 1}
    ctx2 = replace(ctx, installations=[])
    assert LogsProbe().applies(ctx2) == "nenhuma pasta de logs encontrada"
