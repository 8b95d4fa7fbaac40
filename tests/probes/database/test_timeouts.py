"""Hard bounds: a server that accepts the connection and never answers (SPEC §7 — oracledb ignores its
own timeouts there). SQL Server goes through FreeTDS, Oracle through oracledb thin; in both cases the
runner kills the probe's process at its timeout, the run ends, and the process is really gone (the
listener sees its connection closed, which only happens when the process dies)."""

import json
import os
import subprocess
import sys
import time
import zipfile

import psutil
import pytest

from collector.core.runner import run_probes
from collector.probes.database.probe import DatabaseProbe
from collector.probes.database.target import DbTarget
from tests.conftest import __file__ as _tests_conftest
from tests.fixtures.rm_install import alias_dat, local_sqlserver
from tests.probes.database.conftest import SilentListener

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(_tests_conftest)))


def _freetds_or_skip():
    from collector.probes.database.drivers import find_driver
    from collector.probes.database.errors import DbError

    try:
        return find_driver()
    except DbError as exc:
        pytest.skip(f"sem driver ODBC de SQL Server: {exc}")


def _wait_closed(listener: SilentListener, seconds: float = 15) -> bool:
    return listener.closed_by_peer.acquire(timeout=seconds)


def _probe_children() -> list[psutil.Process]:
    """Live processes spawned for probes (the multiprocessing resource tracker is not one)."""
    out = []
    for child in psutil.Process().children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "spawn_main" in " ".join(child.cmdline()):
                out.append(child)
        except psutil.Error:
            continue
    return out


def _no_probe_children(seconds: float = 10) -> bool:
    end = time.monotonic() + seconds
    while _probe_children():
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


def test_silent_servers_time_out_and_the_probe_processes_are_killed():
    _freetds_or_skip()
    sql_listener, ora_listener = SilentListener(), SilentListener()
    try:
        probes = [
            DatabaseProbe(DbTarget("CorporeRM", "sqlserver", f"127.0.0.1,{sql_listener.port}", "CorporeRM",
                                   "rm", "x")),
            DatabaseProbe(DbTarget("CorporeRM", "oracle", f"127.0.0.1:{ora_listener.port}/CORPORE", None,
                                   "RM", "x")),
        ]
        # 20 s → 5 s: a loaded 2-core CI machine needs a few seconds to start the probe process and
        # import the drivers before it ever reaches the listener
        results = run_probes(probes, None, timeout_scale=0.25)
        assert [r.status for r in results] == ["timeout", "timeout"], [r.reason for r in results]
        assert all(r.reason.startswith("sem resposta em 5 s") for r in results)
        # both drivers did reach the listener and were stuck there, not failing for another reason
        assert sql_listener.accepted >= 1 and ora_listener.accepted >= 1
        assert _wait_closed(sql_listener) and _wait_closed(ora_listener)
        assert _no_probe_children()
    finally:
        sql_listener.close()
        ora_listener.close()


def _collect(root, tmp_path, listener: SilentListener) -> dict:
    out = tmp_path / "pacote.zip"
    env = dict(os.environ, PYTHONPATH=ROOT, COLLECTOR_DB_TIMEOUT="2", COLLECTOR_HOME=str(tmp_path / "home"))
    env.pop("COLLECTOR_DB_PASSWORD", None)
    proc = subprocess.run([sys.executable, "-m", "collector", "collect", "--rm-root", str(root),
                           "--include", "database", "--out", str(out), "--json"],
                          capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    doc = json.loads(proc.stdout)
    (entry,) = [p for p in doc["probes"] if p["name"] == "database"]
    with zipfile.ZipFile(out) as z:
        manifest = json.loads(z.read("manifest.json"))
    assert entry in manifest["probes"]
    assert listener.accepted >= 1
    assert _wait_closed(listener), "the probe's process kept its connection open"
    return entry


def test_collect_command_completes_with_sqlserver_probe_timed_out(tmp_path):
    _freetds_or_skip()
    listener = SilentListener()
    try:
        root = local_sqlserver(tmp_path / "RM.Net", server=f"127.0.0.1,{listener.port}")
        entry = _collect(root, tmp_path, listener)
    finally:
        listener.close()
    assert entry["status"] == "timeout"
    assert entry["reason"].startswith("sem resposta em 2 s")


def test_collect_command_completes_with_oracle_probe_timed_out(tmp_path):
    listener = SilentListener()
    try:
        root = local_sqlserver(tmp_path / "RM.Net")
        (root / "Alias.dat").write_bytes(alias_dat([
            {"alias": "CorporeRM", "type": "Oracle", "server": f"127.0.0.1:{listener.port}/CORPORE", "name": ""}]))
        entry = _collect(root, tmp_path, listener)
    finally:
        listener.close()
    assert entry["status"] == "timeout"
