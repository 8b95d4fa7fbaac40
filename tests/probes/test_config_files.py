from pathlib import Path

from collector.core.plan import CollectContext
from collector.core.timewindow import TimeWindow
from collector.probes.config_files import ConfigProbe, plan_config
from collector.probes.eventlog import query as event_log_query
from collector.probes.installation import analyze
from collector.probes.system_files import EventLogProbe, InstalledSoftwareProbe, SystemProbe
from tests.fixtures import rm_install as fx


def _ctx(roots, **kw):
    return CollectContext(window=TimeWindow.default(), installations=[{"root": str(r)} for r in roots], **kw)


def test_config_files_of_each_installation(tmp_path):
    envs = fx.side_by_side(tmp_path / "totvs")
    (envs[0] / "appsettings.json").write_text("{}", encoding="utf-8")
    (envs[0] / "Bin").mkdir()
    (envs[0] / "Bin" / "RM.Host.JobRunner.exe.config").write_bytes(fx.app_config({"a": "b"}))
    plan = plan_config(_ctx(envs))
    names = [i.arcname for i in plan.included]
    assert names == [
        "config/Producao/Alias.dat", "config/Producao/appsettings.json", "config/Producao/appsettings.log.json",
        "config/Producao/RM.exe.config", "config/Producao/RM.Host.exe.config",
        "config/Producao/Bin/RM.Host.JobRunner.exe.config",
        "config/Homologacao/Alias.dat", "config/Homologacao/appsettings.log.json",
        "config/Homologacao/RM.exe.config", "config/Homologacao/RM.Host.exe.config"]
    assert all(i.redact and i.kind == "config" and i.size > 0 for i in plan.included)


def _inspected(roots):
    return CollectContext(window=TimeWindow.default(),
                          installations=[analyze(Path(r), []).to_dict() for r in roots])


def test_config_global_file_is_collected(tmp_path):
    root = fx.config_global(tmp_path / "RM.Net")
    moved = tmp_path / "shared" / "global.json"
    moved.parent.mkdir()
    (root / "ConfigGlobal.json").rename(moved)
    (root / "RM.Host.exe.config").write_bytes(fx.app_config({"CONFIGGLOBALADDRESS": str(moved)}))
    names = [i.arcname for i in plan_config(_inspected([root])).included]
    assert any(n.endswith("/ConfigGlobal/global.json") for n in names)


def test_aliaspath_file_and_portal_configs_are_collected(tmp_path):
    share = tmp_path / "srv" / "compartilhado" / "RM"
    server = fx.aliaspath_server(tmp_path / "Servidor" / "RM.Net", share)
    env = fx.environment(tmp_path / "CorporeRM")
    names = [i.arcname for i in plan_config(_inspected([server, env["bin"]])).included]
    assert "config/Servidor/Aliaspath/Alias.dat" in names
    assert "config/Servidor/Alias.dat" in names  # the leftover too: the analyst sees both
    assert "config/CorporeRM/portais/FrameHTML/Web/web.config" in names
    assert "config/CorporeRM/portais/FrameHTML/Web/Bin/appsettings.log.json" in names
    assert "config/CorporeRM/portais/rm-update/appsettings.json" in names


def test_an_alias_file_on_an_offline_share_is_not_planned(tmp_path):
    root = fx.aliaspath_server(tmp_path / "RM.Net", tmp_path / "share")
    ctx = _inspected([root])
    ctx.installations[0]["alias_source"]["status"] = "unavailable"
    assert not any("Aliaspath" in i.arcname for i in plan_config(ctx).items)


def test_probe_applies(tmp_path):
    assert ConfigProbe().applies(_ctx([])) == "nenhuma instalação do RM encontrada"
    assert ConfigProbe().applies(_ctx([tmp_path], include=frozenset({"logs"}))) == "não solicitado"


def test_system_probe_writes_inspect_and_processes(tmp_path):
    ctx = _ctx([], options={"scratch_dir": str(tmp_path), "inspect_doc": {"schema": "collector.inspect/1"}})
    plan = SystemProbe().run(ctx)
    assert [i.arcname for i in plan.included] == ["system/inspect.json", "system/processes.txt"]
    text = (tmp_path / "system" / "processes.txt").read_text(encoding="utf-8")
    assert "python" in text.lower()  # this very process, in the current session


def test_windows_only_probes_skip_with_reason():
    ctx = _ctx([])
    import sys
    if sys.platform != "win32":
        assert EventLogProbe().applies(ctx) == "só existe no Windows"
        assert InstalledSoftwareProbe().applies(ctx) == "só existe no Windows"
    assert EventLogProbe.isolated


def test_event_log_query_uses_utc():
    from datetime import datetime, timedelta, timezone
    brt = timezone(timedelta(hours=-3))
    q = event_log_query(datetime(2026, 11, 27, 9, 0, tzinfo=brt), datetime(2026, 11, 28, 9, 0, tzinfo=brt))
    assert "@SystemTime>='2026-11-27T12:00:00.000Z'" in q and "@SystemTime<='2026-11-28T12:00:00.000Z'" in q
