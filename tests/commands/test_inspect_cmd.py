import json
import subprocess
import sys

import pytest

from collector.cli import main
from tests.fixtures import rm_install as fx

KINDS = {
    "local": (fx.local_sqlserver, "12.1.2406.145", "12.1.2406", "local", "sqlserver", "CorporeRM"),
    "server-oracle": (fx.three_tier_server_oracle, "12.1.2402.210", "12.1.2402", "three-tier", "oracle",
                      "CorporeRM"),
    "client": (fx.three_tier_client, "12.1.2406.145", "12.1.2406", "three-tier", "unknown", "CorporeRM"),
    "config-global": (fx.config_global, "12.1.2310.100", "12.1.2310", "local", "sqlserver", "CorporeRM"),
    "smart-client": (fx.smart_client, "12.1.2406.145", "12.1.2406", "three-tier", "unknown", "CorporeRM"),
    "server-only": (fx.server_only, "12.1.2402.210", "12.1.2402", "three-tier", "oracle", "CorporeRM"),
    "aliaspath": (lambda root: fx.aliaspath_server(root, root.parent / "share"), "12.1.2402.210", "12.1.2402",
                  "three-tier", "oracle", "CorporeRM"),
    "config-global-share": (lambda root: fx.config_global_share(root, root.parent / "share"), "12.1.2410.112",
                            "12.1.2410", "local", "sqlserver", "CorporeRM"),
}
# the keys of SPEC §4.2, and the optional ones added within the same schema (issue 14)
REQUIRED_KEYS = {"root", "version", "release", "version_source", "topology", "topology_evidence",
                 "app_server", "default_alias", "database", "aliases", "log_dirs", "processes"}
OPTIONAL_KEYS = {"app_servers", "alias_source", "config_global", "tracklog", "trace_flags", "parts"}


def _inspect(capsys, *args):
    code = main(["inspect", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_inspect_json_per_fixture(tmp_path, capsys, kind):
    build, version, release, topology, db_type, default = KINDS[kind]
    root = build(tmp_path / "RM.Net")
    code, out, err = _inspect(capsys, "--json", "--rm-root", str(root))
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "collector.inspect/1"
    assert set(doc) == {"schema", "collected_at", "host", "installations", "problems"}
    assert set(doc["host"]) == {"hostname", "os", "cpu", "memory", "disks", "user", "timezone"}
    (inst,) = doc["installations"]
    assert (inst["version"], inst["release"], inst["topology"], inst["database"]["type"],
            inst["default_alias"]) == (version, release, topology, db_type, default)
    assert REQUIRED_KEYS <= set(inst) <= REQUIRED_KEYS | OPTIONAL_KEYS
    assert set(inst["tracklog"]) == {"enabled", "explicit", "config", "path", "source", "how_to_enable"}
    assert doc["problems"] == []
    assert fx.PLANTED_PASSWORD not in out + err and fx.ENCRYPTED_PASSWORD not in out + err


def test_environment_summary_names_parts_tracklog_and_app_servers(tmp_path, capsys):
    fx.environment(tmp_path / "totvs" / "CorporeRM")
    fx.smart_client(tmp_path / "totvs" / "Cliente" / "RM.Net")
    code, out, err = _inspect(capsys, "--rm-root", str(tmp_path / "totvs"))
    assert code == 0, err
    assert "Servidor de aplicação: appsrv01.empresa.local:8050 (Host), APPSRV02:8060 (Host2)" in out
    assert "Trace: TraceFile=true, TraceLS=false" in out
    assert "  FrameHTML / Meu RH: " in out and "  rm-update (serviço do TOTVS Update): " in out
    assert "TRACKLOG: desativado (appsettings.log.json ausente: padrão enable=false)" in out
    assert "Para ativar o TRACKLOG" in out
    assert out.count("Instalação:") == 2


def test_hanging_share_in_a_fresh_process_is_bounded(tmp_path):
    import os
    import time

    if not hasattr(os, "mkfifo"):
        pytest.skip("FIFO indisponível neste sistema")
    share = tmp_path / "share"
    fx.config_global_share(tmp_path / "RM.Net", share, hang=True)
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "collector", "inspect", "--json", "--rm-root",
                           str(tmp_path / "RM.Net")], capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    assert elapsed < 15  # its own 5 s bound, plus start-up; never the runner's 30 s
    doc = json.loads(proc.stdout)
    (inst,) = doc["installations"]
    assert inst["config_global"]["status"] == "unavailable" and inst["version"] == "12.1.2410.112"
    assert [p["source"] for p in doc["problems"]] == [str(share / "configGlobal.json")]


def test_side_by_side_and_human_summary(tmp_path, capsys):
    fx.side_by_side(tmp_path / "totvs")
    code, out, err = _inspect(capsys, "--rm-root", str(tmp_path / "totvs"))
    assert code == 0
    assert out.count("Instalação:") == 2
    assert "Versão: 12.1.2410.112 (release 12.1.2410" in out
    assert "Banco de dados: SQL Server em DBHML,1433 / CORPORERM (alias CorporeRM)" in out
    assert "Ambiente: local" in out


def test_every_bad_input_is_a_problem_and_no_password_leaks(tmp_path, capsys):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    (root / "RM.Version.dll").write_bytes(b"MZ broken")
    (root / "RM.Host.exe.config").write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><configuration>&b;</configuration>')
    (root / "appsettings.log.json").write_text('{"Serilog": {"WriteTo": [', encoding="utf-8")
    alias = (root / "Alias.dat").read_bytes()
    (root / "Alias.dat").write_bytes(alias[: alias.index(fx.PLANTED_PASSWORD.encode()) + 5])
    code, out, err = _inspect(capsys, "--json", "--rm-root", str(root))
    assert code == 0, err
    doc = json.loads(out)
    sources = sorted(p["source"].rsplit("/", 1)[-1] for p in doc["problems"])
    assert sources == ["Alias.dat", "RM.Host.exe.config", "RM.Version.dll", "appsettings.log.json"]
    assert doc["installations"][0]["version"] == "12.1.2406.145"  # from RM.exe
    assert fx.PLANTED_PASSWORD not in out + err
    assert fx.PLANTED_PASSWORD[:5] not in json.dumps(doc["problems"])


@pytest.mark.parametrize("make", ["missing", "file"])
def test_rm_root_usage_errors(tmp_path, capsys, make):
    target = tmp_path / "x"
    if make == "file":
        target.write_text("not a folder")
    code, out, err = _inspect(capsys, "--rm-root", str(target))
    assert code == 2
    assert err.startswith("collector: --rm-root:")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_entry_point_runs_as_a_process(tmp_path):
    root = fx.three_tier_client(tmp_path / "RM.Net")
    proc = subprocess.run([sys.executable, "-m", "collector", "inspect", "--json", "--rm-root", str(root)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["installations"][0]["app_server"] == {"host": "APPSRV01", "port": 8050}
