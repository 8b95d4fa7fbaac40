import pickle
from datetime import datetime, timedelta, timezone
from pathlib import Path

from collector.core.plan import (
    ArcNames,
    CollectContext,
    Plan,
    PlannedItem,
    arc_join,
    install_label,
    installation_labels,
    safe_component,
)
from collector.core.timewindow import TimeWindow

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone(timedelta(hours=-3)))


def test_install_labels():
    assert install_label("C:\\totvs\\CorporeRM\\RM.Net") == "CorporeRM"
    assert install_label("D:\\totvs\\Homologacao\\RM.Net\\Bin") == "Homologacao"
    assert install_label("/srv/rm/rm.net") == "rm"
    assert install_label("C:\\RM.Net") == "C"
    assert installation_labels(["C:\\totvs\\CorporeRM\\RM.Net", "D:\\CorporeRM\\RM.Net", "E:\\x\\Teste"]) == [
        "CorporeRM", "CorporeRM-2", "Teste"]


def test_arcnames_are_safe_posix_paths():
    assert arc_join("logs", "CorporeRM", "Bin\\Logs\\a.log") == "logs/CorporeRM/Bin/Logs/a.log"
    assert arc_join("rmerror", "../../etc/passwd") == "rmerror/_/_/etc/passwd"
    assert safe_component('a<b>:c"d|e?f*g') == "a_b__c_d_e_f_g"
    assert safe_component("Relatório ção.log") == "Relatório ção.log"
    names = ArcNames()
    assert [names.claim("rmerror/RMError.txt") for _ in range(3)] == [
        "rmerror/RMError.txt", "rmerror/RMError (2).txt", "rmerror/RMError (3).txt"]
    assert names.claim("rmerror/rmerror.TXT") == "rmerror/rmerror (4).TXT"  # case-insensitive, as Windows


def test_plan_and_items():
    plan = Plan()
    plan.add(PlannedItem("logs", Path("/x/a.log"), "logs/a.log", size=10, byte_range=(5, 15), note="cortado"))
    plan.add(PlannedItem("logs", Path("/x/b.bin"), "logs/b.bin", size=99, skipped="arquivo binário",
                         status="binary"))
    plan.count("outside", 3)
    other = Plan([PlannedItem("rmerror", Path("/d/RMError.txt"), "rmerror/RMError.txt", size=7)], {"outside": 1})
    plan.extend(other)
    assert plan.total_size == 17
    assert [i.arcname for i in plan.included] == ["logs/a.log", "rmerror/RMError.txt"]
    assert [i.status for i in plan.skipped] == ["binary"]
    assert plan.stats == {"outside": 4}
    entry = plan.items[0].manifest_entry()
    assert entry == {"path": "logs/a.log", "kind": "logs", "size": 10, "source": str(Path("/x/a.log")),
                     "byte_range": [5, 15], "note": "cortado"}
    assert plan.items[1].manifest_entry()["skipped"] == "arquivo binário"
    assert pickle.loads(pickle.dumps(plan)).items == plan.items


def test_collect_context():
    ctx = CollectContext(window=TimeWindow.default(NOW), rm_roots=["C:\\RM2"],
                         installations=[{"root": "C:\\totvs\\CorporeRM\\RM.Net", "log_dirs": []}, {"root": "C:\\RM2"}])
    assert ctx.wants("logs") and ctx.wants("rmerror")
    assert ctx.installation_roots() == ["C:\\totvs\\CorporeRM\\RM.Net", "C:\\RM2"]
    assert ctx.rmerror_patterns == ("RMError*",)
    assert ctx.caps.log_file_bytes == 20 * 2**20 and ctx.caps.log_bundle_bytes == 200 * 2**20
    assert pickle.loads(pickle.dumps(ctx)) == ctx
