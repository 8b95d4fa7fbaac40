import os
import sys

import pytest

from collector.probes import rm_install
from collector.probes.rm_install import ProcessInfo, discover, search_installations
from tests.fixtures import rm_install as fx


def _discover(roots, **kw):
    problems = []
    kw.setdefault("processes", lambda: [])
    kw.setdefault("services", lambda: [])
    kw.setdefault("search_roots", lambda: [])
    return discover(roots, problems=problems, **kw), problems


def test_side_by_side_environments(tmp_path):
    envs = fx.side_by_side(tmp_path / "totvs")
    found, problems = _discover([tmp_path / "totvs"])
    assert sorted(found.roots) == sorted(envs)
    assert problems == []


def test_root_without_installation_is_a_problem(tmp_path):
    (tmp_path / "empty").mkdir()
    found, problems = _discover([tmp_path / "empty"])
    assert found.roots == []
    assert "nenhuma instalação" in problems[0].message


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlink_loops_do_not_hang(tmp_path):
    base = tmp_path / "totvs"
    inst = fx.local_sqlserver(base / "Prod" / "RM.Net")
    (base / "Prod" / "loop").symlink_to(base, target_is_directory=True)
    (base / "self").symlink_to(base / "self", target_is_directory=True)  # dangling self-loop
    problems = []
    assert search_installations(base, problems) == [inst]


def test_processes_and_services_point_at_installations(tmp_path):
    inst = fx.three_tier_client(tmp_path / "C" / "totvs" / "RM.Net")
    svc = fx.three_tier_server_oracle(tmp_path / "D" / "RM.Net")
    procs = [ProcessInfo("RM.exe", 4312, str(inst / "RM.exe"), "2026-11-28T09:00:00-03:00"),
             ProcessInfo("RM.exe", 99, None, None)]
    found, problems = _discover([], processes=lambda: procs, services=lambda: [svc, tmp_path / "gone"])
    assert found.roots == [inst, svc]
    assert [p.pid for p in rm_install.processes_for(found, inst)] == [4312]


def test_default_search_roots(tmp_path):
    inst = fx.local_sqlserver(tmp_path / "totvs" / "CorporeRM" / "RM.Net")
    found, _ = _discover([], search_roots=lambda: [tmp_path / "totvs"])
    assert found.roots == [inst]


def test_failing_process_listing_is_a_problem(tmp_path):
    def boom():
        raise RuntimeError("acesso negado")
    found, problems = _discover([], processes=boom)
    assert problems[0].source == "processos"


def test_logs_folder_with_thousands_of_files_is_not_walked(tmp_path):
    inst = fx.local_sqlserver(tmp_path / "RM.Net")
    for i in range(300):
        (inst / "Logs" / f"sub{i}").mkdir()
    assert search_installations(tmp_path, []) == [inst]


def test_real_process_listing_runs_here():
    # no RM on this machine: the real psutil path runs and finds nothing of RM's
    assert all(p.name.lower().startswith("rm") for p in rm_install.list_rm_processes())


def test_current_user_only(monkeypatch):
    me = os.getuid() if hasattr(os, "getuid") else None
    if me is None:
        pytest.skip("POSIX uid check only")

    class Proc:
        def __init__(self, uid):
            self._uid = uid

        def uids(self):
            return type("U", (), {"real": self._uid})()

    assert rm_install.SessionFilter()(1, Proc(me))
    assert not rm_install.SessionFilter()(1, Proc(me + 1))


def test_zero_inode_file_systems_are_not_taken_for_loops(tmp_path, monkeypatch):
    # FAT/exFAT and some NAS shares report st_ino == 0 for every folder: two different installations
    # must both be found (before: the second looked like a junction loop and was skipped)
    for env in ("Producao", "Homologacao"):
        (tmp_path / env).mkdir()
        (tmp_path / env / "RM.exe").write_bytes(b"MZ")
    real_stat = rm_install.fileio.stat_file

    def fat_stat(path):
        st = real_stat(path)
        return os.stat_result((st.st_mode, 0, st.st_dev) + tuple(st)[3:])

    monkeypatch.setattr(rm_install.fileio, "stat_file", fat_stat)
    found = rm_install.search_installations(tmp_path, [])
    assert sorted(p.name for p in found) == ["Homologacao", "Producao"]
    # the same folder reached twice still counts once
    st = fat_stat(tmp_path)
    assert rm_install.folder_key(tmp_path, st) == rm_install.folder_key(tmp_path / "Producao" / "..", st)


def test_a_share_that_hangs_is_reported_offline_not_waited_for(tmp_path, monkeypatch):
    import threading
    import time

    from collector.probes import fileio

    share = tmp_path / "share"
    (share / "RM").mkdir(parents=True)
    (share / "RM" / "RM.exe").write_bytes(b"MZ")
    release = threading.Event()
    real_scan = fileio._scan

    def hanging_scan(path):
        if "share" in str(path):
            release.wait(10)  # \\\\srv\\totvs that never answers
        return real_scan(path)

    monkeypatch.setattr(fileio, "_scan", hanging_scan)
    monkeypatch.setattr(fileio, "is_network_path", lambda p: "share" in str(p))
    monkeypatch.setattr(fileio, "NETWORK_TIMEOUT", 0.3)
    fileio.forget_offline()
    problems = []
    started = time.monotonic()
    try:
        assert rm_install.search_installations(share, problems) == []
        assert not rm_install.is_installation(share / "RM")
    finally:
        release.set()
        fileio.forget_offline()
    assert time.monotonic() - started < 3
    assert [p.message for p in problems] == [rm_install.OFFLINE]
