"""RM facts as real installations have them (issue 14): topology by the client's Host, Host2/Port2,
TraceFile/TraceLS as flags, Aliaspath/CONFIGPATH, Config Global groups, TRACKLOG state, the portals and
rm-update, the version of server-only installations."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from collector.probes import rm_aliases, rm_parts
from collector.probes.installation import analyze
from tests.fixtures import rm_install as fx
from tests.fixtures.dotnet_pe import make_dotnet_pe


def _doc_text(inst) -> str:
    return json.dumps(inst.to_dict(), ensure_ascii=False)


# ------------------------------------------------------------------------------------------------
# topology


def test_smart_client_is_three_tier_by_its_host_whatever_jobserver3camadas_says(tmp_path):
    problems = []
    inst = analyze(fx.smart_client(tmp_path / "RM.Net"), problems)
    assert problems == []
    assert inst.topology == "three-tier"
    assert inst.topology_evidence == "RM.exe.config: Host=appsrv01.empresa.local (outra máquina)"
    assert [(s.host, s.port, s.key) for s in inst.app_servers] == [
        ("appsrv01.empresa.local", 8050, "Host"), ("APPSRV02", 8060, "Host2")]
    assert inst.app_server == {"host": "appsrv01.empresa.local", "port": 8050}
    assert inst.database.alias == "CorporeRM" and inst.database.type == "unknown"


def test_local_host_wins_over_a_jobserver3camadas_true(tmp_path):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    (root / "RM.exe.config").write_bytes(fx.app_config({
        "DefaultDB": "CorporeRM", "Host": "127.0.0.1", "JobServer3Camadas": "true"}))
    inst = analyze(root, [])
    assert inst.topology == "local"
    assert "Host=127.0.0.1" in inst.topology_evidence
    assert inst.app_servers == []


def test_host_naming_this_machine_is_local(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPUTERNAME", "ESTACAO07")
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    (root / "RM.exe.config").write_bytes(fx.app_config({"Host": "estacao07.empresa.local", "Port": "8050"}))
    assert analyze(root, []).topology == "local"


def test_server_without_client_uses_jobserver3camadas_only_as_secondary_evidence(tmp_path):
    inst = analyze(fx.server_only(tmp_path / "RM.Net"), [])
    assert inst.topology == "three-tier"
    assert "indício secundário" in inst.topology_evidence


def test_url_credentials_in_host_never_reach_the_document(tmp_path):
    root = fx.three_tier_client(tmp_path / "RM.Net")
    (root / "RM.exe.config").write_bytes(fx.app_config({"Host": "http://rm:Segr3d0Host@appsrv09:8051/"}))
    inst = analyze(root, [])
    assert inst.app_server == {"host": "appsrv09", "port": 8051}
    assert "Segr3d0Host" not in json.dumps(inst.app_server) + json.dumps([s.__dict__ for s in inst.app_servers])


# ------------------------------------------------------------------------------------------------
# TraceFile / TraceLS


def test_tracefile_is_a_flag_never_a_log_folder(tmp_path):
    root = fx.smart_client(tmp_path / "RM.Net")
    inst = analyze(root, [])
    assert inst.trace_flags == {"TraceFile": True, "TraceLS": False}
    assert str(root) not in inst.log_dirs and str(root.parent) not in inst.log_dirs
    assert inst.log_dirs == [str(root / "Logs")]


# ------------------------------------------------------------------------------------------------
# where Alias.dat lives


def test_aliaspath_points_at_another_folder_and_the_leftover_is_ignored(tmp_path):
    share = tmp_path / "fileserver" / "RM"
    problems = []
    inst = analyze(fx.aliaspath_server(tmp_path / "RM.Net", share), problems)
    assert problems == []
    assert [a.alias for a in inst.aliases] == ["CorporeRM", "CorporeRM_HML"]
    assert inst.database.type == "oracle" and inst.database.server == "oraprod.empresa.local:1521/CORPORE"
    assert inst.alias_source == {"kind": "alias.dat", "path": str(share / "Alias.dat"),
                                 "via": "Aliaspath (RM.Host.Service.exe.config)", "status": "ok",
                                 "ignored": str(tmp_path / "RM.Net" / "Alias.dat")}
    text = _doc_text(inst)
    assert fx.ENCRYPTED_PASSWORD not in text and fx.PLANTED_PASSWORD not in text


def test_aliaspath_to_a_missing_folder_costs_only_the_aliases(tmp_path):
    root = fx.aliaspath_server(tmp_path / "RM.Net", tmp_path / "share")
    (root / "RM.Host.Service.exe.config").write_bytes(fx.app_config({
        "DefaultDB": "CorporeRM", "Aliaspath": str(tmp_path / "nao-existe")}))
    problems = []
    inst = analyze(root, problems)
    assert inst.aliases == [] and inst.database.alias == "CorporeRM" and inst.database.type == "unknown"
    assert inst.alias_source["status"] == "unavailable"
    assert [p.message.split(":")[0] for p in problems] == ["Alias.dat indicado por Aliaspath"]
    assert inst.version == "12.1.2402.210"  # the rest is still read


def test_configpath_folder_holds_alias_dat_and_zero_means_unused(tmp_path):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    (root / "Alias.dat").unlink()
    shared = tmp_path / "config"
    shared.mkdir()
    (shared / "alias.dat").write_bytes(fx.alias_dat([{"alias": "CorporeRM", "type": "Oracle", "server": "ORA"}]))
    (root / "RM.Host.exe.config").write_bytes(fx.app_config({"CONFIGPATH": str(shared)}))
    inst = analyze(root, [])
    assert inst.database.type == "oracle"
    assert inst.alias_source["via"] == "CONFIGPATH (RM.Host.exe.config)"
    (root / "RM.Host.exe.config").write_bytes(fx.app_config({"CONFIGPATH": "0"}))
    assert analyze(root, []).alias_source is None


# ------------------------------------------------------------------------------------------------
# Config Global


def test_config_global_wins_and_only_the_named_groups_apply(tmp_path):
    root = fx.config_global_share(tmp_path / "RM.Net", tmp_path / "share")
    problems = []
    inst = analyze(root, problems)
    assert problems == []
    assert [a.alias for a in inst.aliases] == ["CorporeRM"]  # Default group only; not "Sobra", not "Treino"
    assert inst.database.type == "sqlserver" and inst.database.server == "dbcloud01,1433"
    assert inst.default_alias == "CorporeRM"
    cg = inst.config_global
    assert (cg["app_group"], cg["db_group"], cg["status"]) == ("RMExe", "Default", "ok")
    assert cg["groups"] == {"AppConfig": ["Host", "RMExe"], "DbConfig": ["Default", "Filial"]}
    assert inst.alias_source["kind"] == "config-global"
    assert inst.alias_source["ignored"].endswith("Alias.dat")
    assert fx.PLANTED_PASSWORD not in _doc_text(inst) and fx.ENCRYPTED_PASSWORD not in _doc_text(inst)


def test_config_global_db_key_picks_another_group(tmp_path):
    inst = analyze(fx.config_global_share(tmp_path / "RM.Net", tmp_path / "share", db_key="Filial"), [])
    assert [(a.alias, a.type) for a in inst.aliases] == [("CorporeRM", "oracle"), ("Treino", "oracle")]
    assert inst.database.server == "orafilial/RM"


def test_config_global_unknown_group_is_one_problem_naming_the_groups(tmp_path):
    problems = []
    inst = analyze(fx.config_global_share(tmp_path / "RM.Net", tmp_path / "share", db_key="Matriz"), problems)
    assert inst.aliases == []
    assert len(problems) == 1 and "Matriz" in problems[0].message and "Default, Filial" in problems[0].message


def test_config_global_multi_tenant_without_defaultdb(tmp_path):
    share = tmp_path / "share"
    root = fx.config_global_share(tmp_path / "RM.Net", share, app_key="Portal")
    doc = json.loads(json.dumps(fx.CONFIG_GLOBAL_DOC))
    doc["AppConfig"].append({"Name": "Portal", "Settings": [{"Key": "SubDomainMask", "Value": "[ALIAS].empresa.com"}]})
    doc["DbConfig"][0]["Alias"].append(dict(doc["DbConfig"][0]["Alias"][0], Alias="Cliente2"))
    (share / "configGlobal.json").write_text(json.dumps(doc), encoding="utf-8")
    inst = analyze(root, [])
    assert inst.default_alias is None and inst.database is None
    assert inst.config_global["multi_tenant"] is True
    assert inst.config_global["subdomain_mask"] == "[ALIAS].empresa.com"


def test_flat_config_global_without_groups_still_reads(tmp_path):
    inst = analyze(fx.config_global(tmp_path / "RM.Net"), [])
    assert inst.database.server == "dbcloud01,1433" and inst.config_global["status"] == "ok"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFO indisponível neste sistema")
def test_hanging_share_costs_its_own_bound_and_the_rest_is_reported(tmp_path):
    share = tmp_path / "share"
    root = fx.config_global_share(tmp_path / "RM.Net", share, hang=True)
    problems = []
    started = time.monotonic()
    try:
        inst = analyze(root, problems)
    finally:  # let the abandoned reader go: a writer opens and closes the FIFO
        fd = os.open(share / "configGlobal.json", os.O_WRONLY | os.O_NONBLOCK) if _has_reader(share) else None
        if fd is not None:
            os.close(fd)
    elapsed = time.monotonic() - started
    assert elapsed < rm_aliases.SHARE_TIMEOUT + 2.0
    assert inst.version == "12.1.2410.112" and inst.topology == "local"
    assert inst.tracklog.enabled is True
    assert inst.config_global["status"] == "unavailable"
    assert inst.aliases == [] and inst.database is None  # the leftover Alias.dat is not taken instead
    assert [p.source for p in problems] == [str(share / "configGlobal.json")]


@pytest.mark.parametrize("what", ["config-global", "aliaspath"])
def test_a_share_that_never_answers_costs_its_own_bound(tmp_path, monkeypatch, what):
    """The share is there but its reads never come back (an SMB server that stopped answering): the
    read is abandoned after ``SHARE_TIMEOUT`` and only the aliases are lost."""
    import threading

    from collector.probes import fileio, rm_config

    release = threading.Event()
    real = rm_config.read_json if what == "config-global" else rm_config.read_alias_dat

    def never_answers(path):
        if "share" in Path(path).parts:  # only the share stops answering
            release.wait(30)
        return real(path)

    monkeypatch.setattr(rm_aliases, "SHARE_TIMEOUT", 1.0)
    if what == "config-global":
        root = fx.config_global_share(tmp_path / "RM.Net", tmp_path / "share")
        monkeypatch.setattr(rm_config, "read_json", never_answers)
    else:
        root = fx.aliaspath_server(tmp_path / "RM.Net", tmp_path / "share")
        monkeypatch.setattr(rm_config, "read_alias_dat", never_answers)
    fileio.forget_offline()
    problems = []
    started = time.monotonic()
    try:
        inst = analyze(root, problems)
    finally:
        release.set()
        fileio.forget_offline()
    assert time.monotonic() - started < 1.0 + 1.5
    assert inst.alias_source["status"] == "unavailable" and "1 s" in inst.alias_source["reason"]
    assert inst.aliases == [] and inst.version is not None and inst.topology != "unknown"
    assert len(problems) == 1


def _has_reader(share) -> bool:
    try:
        os.close(os.open(share / "configGlobal.json", os.O_WRONLY | os.O_NONBLOCK))
        return True
    except OSError:  # ENXIO: nobody is blocked reading it (the read was refused up front)
        return False


# ------------------------------------------------------------------------------------------------
# TRACKLOG


def test_tracklog_off_by_default_with_how_to_enable(tmp_path):
    root = fx.three_tier_client(tmp_path / "RM.Net")
    tl = analyze(root, []).tracklog
    assert (tl.enabled, tl.explicit, tl.config) == (False, False, None)
    assert "enable" in tl.how_to_enable and "appsettings.log.json" in tl.how_to_enable
    assert "CONFIGURANDO O RM TRACKLOG" in tl.how_to_enable


def test_tracklog_file_without_enable_is_off(tmp_path):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    fx.write_log_settings(root, "Logs", None)
    tl = analyze(root, []).tracklog
    assert (tl.enabled, tl.explicit) == (False, False) and tl.config == str(root / "appsettings.log.json")


def test_tracklog_path_is_a_folder_absolute_or_relative(tmp_path):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    elsewhere = tmp_path / "D" / "LogsRM"
    elsewhere.mkdir(parents=True)
    fx.write_log_settings(root, str(elsewhere) + os.sep, True)
    inst = analyze(root, [])
    assert inst.tracklog.enabled and inst.tracklog.path == str(elsewhere)
    assert inst.log_dirs == [str(elsewhere), str(root / "Logs")]


def test_tracklog_in_bin_folder_and_string_flag(tmp_path):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    (root / "appsettings.log.json").unlink()
    (root / "Bin" / "Logs").mkdir(parents=True)
    settings = fx.log_settings("Logs", None)
    settings["Serilog"]["WriteTo"][0]["Args"]["configure"][0]["Args"]["enable"] = "True"
    (root / "Bin" / "appsettings.log.json").write_text(json.dumps(settings), encoding="utf-8")
    inst = analyze(root, [])
    assert inst.tracklog.enabled is True and inst.tracklog.explicit
    assert inst.tracklog.path == str(root / "Bin" / "Logs")
    assert str(root / "Bin" / "Logs") in inst.log_dirs


def test_malformed_tracklog_settings_is_a_problem_and_off(tmp_path):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    (root / "appsettings.log.json").write_text('{"Serilog": {"WriteTo": [', encoding="utf-8")
    problems = []
    inst = analyze(root, problems)
    assert [p.source for p in problems] == [str(root / "appsettings.log.json")]
    assert inst.tracklog.enabled is False and inst.version == "12.1.2406.145"


# ------------------------------------------------------------------------------------------------
# version


def test_server_only_version_falls_back_to_the_host(tmp_path):
    inst = analyze(fx.server_only(tmp_path / "RM.Net"), [])
    assert (inst.version, inst.release, inst.version_source) == ("12.1.2402.210", "12.1.2402", "RM.Host.exe")


def test_dotnet_pe32_version_dll(tmp_path):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    make_dotnet_pe(root / "RM.Version.dll", "12.1.2410.112", "12.1.2410.112+7f3a9c1")
    assert analyze(root, []).version == "12.1.2410.112"


# ------------------------------------------------------------------------------------------------
# the other RM parts


def test_bin_layout_environment_with_portals_and_rm_update(tmp_path):
    env = fx.environment(tmp_path / "totvs" / "CorporeRM")
    problems = []
    inst = analyze(env["bin"], problems)
    assert problems == []
    assert inst.version == "12.1.2406.145" and inst.topology == "local"
    parts = {p.kind: p for p in inst.parts}
    assert sorted(parts) == ["corporenet", "framehtml", "portaleducacional", "rm-update"]
    frame = parts["framehtml"]
    assert frame.name == "FrameHTML / Meu RH" and frame.tracklog.enabled
    assert frame.log_dirs == [str(env["framehtml_logs"])]
    assert frame.bins == [str(env["framehtml"] / "Web" / "Bin")]
    assert parts["corporenet"].tracklog.enabled is False and parts["corporenet"].tracklog.how_to_enable
    update = parts["rm-update"]
    assert update.details["base_path"] == str(env["bin"])
    assert update.details["urls"] == ["http://localhost:5000", "https://localhost:5001"]


def test_parts_beside_rm_net_are_found_case_insensitively(tmp_path):
    root = fx.local_sqlserver(tmp_path / "CorporeRM" / "RM.Net")
    (tmp_path / "CorporeRM" / "FRAMEHTML" / "web" / "bin").mkdir(parents=True)
    (tmp_path / "CorporeRM" / "corpore.net" / "bin").mkdir(parents=True)
    kinds = sorted(p.kind for p in analyze(root, []).parts)
    assert kinds == ["corporenet", "framehtml"]


def test_environment_folders():
    assert rm_parts.environment_folders(Path("/t/CorporeRM/RM.Net")) == [Path("/t/CorporeRM"), Path("/t/CorporeRM/RM.Net")]
    assert rm_parts.environment_folders(Path("/t/Release/Bin")) == [Path("/t/Release"), Path("/t/Release/Bin")]
    assert rm_parts.environment_folders(Path("/t/Outro")) == [Path("/t/Outro")]


# ------------------------------------------------------------------------------------------------
# a web server with portals and no RM executable


def _web_server(base):
    from tests.fixtures.dotnet_pe import make_dotnet_pe

    env = base / "totvs" / "CorporeRM"
    frame_bin = env / "FrameHTML" / "Web" / "Bin"
    frame_bin.mkdir(parents=True)
    make_dotnet_pe(frame_bin / "RM.Version.dll", "12.1.2410.112")
    (env / "FrameHTML" / "Web" / "Logs").mkdir()
    fx.write_log_settings(frame_bin, str(env / "FrameHTML" / "Web" / "Logs"), True)
    (env / "Corpore.Net" / "Bin").mkdir(parents=True)
    return env


def test_a_web_server_with_portals_only_is_reported(tmp_path):
    from collector.probes.inspect import InspectContext, build_document

    env = _web_server(tmp_path)
    doc, _ = build_document(InspectContext(rm_roots=[tmp_path / "totvs"], scan_defaults=False))
    assert doc["problems"] == []
    (inst,) = doc["installations"]
    assert inst["root"] == str(env)
    assert (inst["version"], inst["version_source"]) == ("12.1.2410.112", "FrameHTML / Meu RH")
    assert inst["topology"] == "unknown" and inst["tracklog"] is None and inst["log_dirs"] == []
    assert sorted(p["kind"] for p in inst["parts"]) == ["corporenet", "framehtml"]
    assert inst["parts"][1]["log_dirs"] == [str(env / "FrameHTML" / "Web" / "Logs")]


def test_pointing_at_the_portal_folder_itself_finds_its_environment(tmp_path):
    from collector.probes.rm_install import discover

    env = _web_server(tmp_path)
    problems = []
    found = discover([env / "FrameHTML"], scan_defaults=False, problems=problems, processes=lambda: [])
    assert found.roots == [env] and problems == []


def test_portals_beside_an_installation_do_not_make_a_second_one(tmp_path):
    from collector.probes.rm_install import discover

    env = fx.environment(tmp_path / "totvs" / "CorporeRM")
    found = discover([tmp_path / "totvs"], scan_defaults=False, problems=[], processes=lambda: [])
    assert found.roots == [env["bin"]]


def test_a_folder_with_neither_rm_nor_portal_is_one_problem(tmp_path):
    from collector.probes.rm_install import discover

    (tmp_path / "vazio" / "sub").mkdir(parents=True)
    problems = []
    discover([tmp_path / "vazio"], scan_defaults=False, problems=problems, processes=lambda: [])
    assert [p.message for p in problems] == [
        "nenhuma instalação do RM (RM.exe, RM.Host.exe ou RM.Host.Service.exe) nem portal do RM encontrado "
        "nesta pasta"]


def test_on_a_web_server_the_ticket_tells_the_portals_tracklog(tmp_path):
    from collector.core.checklist import Detected
    from collector.probes.inspect import InspectContext, build_document

    env = _web_server(tmp_path)
    doc, _ = build_document(InspectContext(rm_roots=[env], scan_defaults=False))
    note = Detected.from_inspect(doc).tracklog_for("")
    assert note.part == "FrameHTML / Meu RH" and note.enabled
