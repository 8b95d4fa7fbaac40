"""Every probe declares itself (name, kind, timeout, description) and runs in the runner, as sos checks
its plugins: a new probe that forgets one of these fails here, not in a customer's bundle."""

from __future__ import annotations

import pickle
import re
from dataclasses import replace
from datetime import timedelta

import pytest

from collector.core.kinds import KINDS, Kind
from collector.core.plan import CollectContext, Plan
from collector.core.probe import Probe
from collector.core.runner import run_probes
from collector.core.timewindow import TimeWindow, local_now
from collector.probes.inspect import InspectContext, build_document, inspect_probes
from collector.probes.registry import all_probes, evidence_probes
from tests.fixtures import rm_install as fx
from tests.fixtures.rmlogs import build_log_tree


@pytest.mark.parametrize("probe", all_probes(), ids=lambda p: p.name)
def test_each_probe_declares_itself(probe: Probe):
    assert re.fullmatch(r"[a-z][a-z0-9-]*", probe.name), probe.name
    assert probe.description.strip() and probe.description == probe.description.strip()
    assert isinstance(probe.timeout, int | float) and 0 < probe.timeout <= 300
    assert probe.kind is None or isinstance(probe.kind, Kind)
    assert type(probe).run is not Probe.run
    assert type(pickle.loads(pickle.dumps(probe))) is type(probe)  # isolated probes cross a process


def test_names_are_unique_and_kinds_are_covered():
    names = [p.name for p in all_probes()]
    assert len(names) == len(set(names))
    assert all(p.kind is None for p in inspect_probes())
    assert all(p.kind is not None for p in evidence_probes())
    declared = {p.kind for p in evidence_probes()}
    assert declared == {k for k, info in KINDS.items() if info.gathered == "probe"}


@pytest.fixture
def context(tmp_path):
    now = local_now()
    tree = build_log_tree(tmp_path / "totvs", now, days=1)
    fx.local_sqlserver(tree.root)
    desktop = tmp_path / "Desktop"
    desktop.mkdir()
    (desktop / "RMError_1.txt").write_text("Erro ao calcular\r\n", encoding="cp1252")
    doc, results = build_document(InspectContext(rm_roots=[tree.root], scan_defaults=False))
    assert [r.status for r in results] == ["ok"] * len(inspect_probes())
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    return CollectContext(window=TimeWindow(now - timedelta(hours=12), now), rm_roots=[str(tree.root)],
                          installations=doc["installations"], search_dirs=[("Desktop", str(desktop))],
                          options={"scratch_dir": str(scratch), "inspect_doc": doc})


def test_every_evidence_probe_runs_in_the_runner_and_plans_only_its_kind(context):
    probes = evidence_probes()
    results = run_probes(probes, context, timeout_scale=2.0)
    assert [r.name for r in results] == [p.name for p in probes]
    planned = set()
    for probe, result in zip(probes, results, strict=True):
        assert result.status != "timeout", probe.name
        if result.status != "ok":  # skipped (does not apply here) or failed (no database server): says why
            assert result.reason and "\n" not in result.reason and "Traceback" not in result.reason, probe.name
            continue
        assert isinstance(result.value, Plan), probe.name
        folder = KINDS[probe.kind].folder + "/"
        for item in result.value.items:
            assert item.kind is probe.kind and item.arcname.startswith(folder), (probe.name, item.arcname)
        planned |= {probe.kind for _ in result.value.included}
    assert planned >= {Kind.RMERROR, Kind.LOGS, Kind.CONFIG, Kind.SYSTEM}


def test_a_kind_left_out_skips_its_probes_with_a_reason(context):
    results = run_probes(evidence_probes(), replace(context, include=frozenset()))
    assert {r.status for r in results} == {"skipped"} and all(r.reason for r in results)
