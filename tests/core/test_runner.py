import os
import subprocess
import sys
import textwrap
import time

from collector.core.runner import run_probes
from tests.core import slow_probes as sp


def test_statuses_and_order():
    probes = [sp.Quick(), sp.Broken(), sp.NotHere(), sp.SkipsInside()]
    seen = []
    results = run_probes(probes, "ctx", on_result=lambda r: seen.append(r.name))
    assert [r.name for r in results] == ["quick", "broken", "not-here", "skips-inside"]
    assert [r.status for r in results] == ["ok", "error", "skipped", "skipped"]
    assert results[0].value == {"answer": 42, "ctx": "ctx"}
    assert results[1].reason == "ValueError: arquivo corrompido"
    assert results[2].reason == "só no Windows"
    assert results[3].reason == "nenhuma credencial"
    assert sorted(seen) == sorted(r.name for r in results)
    assert results[0].manifest_entry().keys() == {"name", "status", "duration_ms", "reason"}


def test_thread_probe_timeout_does_not_block_others():
    results = run_probes([sp.HangsInThread(), sp.Quick()], None)
    assert results[0].status == "timeout"
    assert 400 <= results[0].duration_ms < 2000
    assert results[1].status == "ok"


def test_isolated_probe_runs_in_child_and_returns_value():
    results = run_probes([sp.IsolatedQuick()], {"k": [1, 2]})
    assert results[0].status == "ok", results[0].reason
    assert results[0].value["pid"] != os.getpid()
    assert results[0].value["ctx"] == {"k": [1, 2]}


def test_isolated_crash_is_an_error_not_a_hang():
    (result,) = run_probes([sp.IsolatedCrash()], None)
    assert result.status == "error"
    assert "7" in result.reason


def test_timeout_scale_is_a_global_override():
    (result,) = run_probes([sp.HangsInThread()], None, timeout_scale=0.2)
    assert result.status == "timeout"
    assert result.duration_ms < 400


def test_process_blocking_forever_is_killed_and_program_exits(tmp_path):
    """A probe that blocks forever: the run ends on time and the whole process exits."""
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent("""
        import json, sys, time
        from collector.core.runner import run_probes
        from tests.core import slow_probes as sp
        if __name__ == "__main__":
            t = time.monotonic()
            res = run_probes([sp.HangsInProcess(), sp.HangsInThread(), sp.Quick()], None)
            print(json.dumps([r.status for r in res]), round(time.monotonic() - t, 2))
    """))
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PYTHONPATH=root)
    started = time.monotonic()
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=60, env=env, cwd=root)
    assert proc.returncode == 0, proc.stderr
    statuses, _elapsed = proc.stdout.rsplit(" ", 1)
    assert statuses == '["timeout", "timeout", "ok"]'
    # generous bound: the process did exit by itself (no stuck thread or child kept it alive)
    assert time.monotonic() - started < 30
