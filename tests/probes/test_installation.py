import os
import sys

import pytest

from collector.probes import installation, rm_config
from collector.probes.installation import analyze
from tests.fixtures import rm_install as fx


def test_local_sqlserver(tmp_path):
    problems = []
    inst = analyze(fx.local_sqlserver(tmp_path / "RM.Net"), problems)
    assert problems == []
    assert (inst.version, inst.release, inst.version_source) == ("12.1.2406.145", "12.1.2406", "RM.Version.dll")
    assert inst.topology == "local"
    assert inst.topology_evidence == "RM.exe.config: Host=localhost (esta máquina)"
    assert inst.default_alias == "CorporeRM"
    assert inst.database.type == "sqlserver"
    assert (inst.database.server, inst.database.name, inst.database.user) == ("DBSRV\\RM", "CORPORERM", "rm_user")
    assert [a.alias for a in inst.aliases] == ["CorporeRM", "Homologacao"]
    assert inst.app_server is None
    assert inst.log_dirs == [str(tmp_path / "RM.Net" / "Logs")]


def test_three_tier_server_oracle(tmp_path):
    problems = []
    inst = analyze(fx.three_tier_server_oracle(tmp_path / "RM.Net"), problems)
    assert problems == []
    assert inst.topology == "three-tier"
    assert inst.topology_evidence == ("RM.Host.Service.exe.config: JobServer3Camadas=true "
                                      "(indício secundário: nenhum Host de cliente)")
    assert inst.database.type == "oracle"
    assert inst.database.server == "oraprod.empresa.local/CORPORE"
    assert inst.database.name is None
    assert inst.release == "12.1.2402"


def test_three_tier_client_has_unknown_database(tmp_path):
    problems = []
    inst = analyze(fx.three_tier_client(tmp_path / "RM.Net"), problems)
    assert problems == []
    assert inst.topology == "three-tier"
    assert "Host=APPSRV01" in inst.topology_evidence
    assert inst.app_server == {"host": "APPSRV01", "port": 8050}
    assert inst.aliases == []
    assert inst.database.alias == "CorporeRM"
    assert inst.database.type == "unknown"  # the alias lives on the server: not guessed


def test_config_global(tmp_path):
    problems = []
    inst = analyze(fx.config_global(tmp_path / "RM.Net"), problems)
    assert problems == []
    assert inst.default_alias == "CorporeRM"
    assert inst.database.type == "sqlserver"
    assert inst.database.server == "dbcloud01,1433"
    assert inst.topology == "local"


@pytest.mark.parametrize("server", ["DBSRV\\RM", "dbsrv,1433", "10.0.0.5\\SQL2019,1500"])
def test_server_forms_are_kept_verbatim(tmp_path, server):
    inst = analyze(fx.local_sqlserver(tmp_path / "RM.Net", server=server), [])
    assert inst.database.server == server


def test_cp1252_and_bom_configs_with_accents(tmp_path):
    root = fx.three_tier_client(tmp_path / "RM.Net")
    (root / "RM.exe.config").write_bytes(fx.app_config(
        {"DefaultDB": "Produção", "Host": "SERVIDORÃO", "Port": "9000"}, encoding="windows-1252"))
    (root / "RM.Host.exe.config").write_bytes(b"\xef\xbb\xbf" + fx.app_config({"Observação": "ação"}))
    problems = []
    inst = analyze(root, problems)
    assert problems == []
    assert inst.default_alias == "Produção"
    assert inst.app_server == {"host": "SERVIDORÃO", "port": 9000}


@pytest.mark.parametrize("content, fragment", [
    (b"<configuration><appSettings><add key='x' value='1'/>", "malformado"),
    (b"\x00\x01\x02garbage", "malformado"),
    (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
     b"<configuration>&b;</configuration>", "recusado"),
    (b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]><configuration>&x;</configuration>',
     "recusado"),
])
def test_hostile_config_is_a_problem_and_inspection_goes_on(tmp_path, content, fragment):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    (root / "RM.Host.exe.config").write_bytes(content)
    problems = []
    inst = analyze(root, problems)
    assert len(problems) == 1
    assert problems[0].source.endswith("RM.Host.exe.config")
    assert fragment in problems[0].message
    assert inst.version == "12.1.2406.145"  # the rest still read
    assert inst.database.type == "sqlserver"


def test_truncated_alias_dat(tmp_path):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    data = (root / "Alias.dat").read_bytes()
    (root / "Alias.dat").write_bytes(data[: len(data) // 2])
    problems = []
    inst = analyze(root, problems)
    assert [p.source for p in problems] == [str(root / "Alias.dat")]
    assert inst.aliases == []
    assert inst.database.type == "unknown"
    assert fx.PLANTED_PASSWORD not in problems[0].message


def test_version_dll_not_a_pe_falls_back_to_rm_exe(tmp_path):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    (root / "RM.Version.dll").write_bytes(b"this is not a dll")
    problems = []
    inst = analyze(root, problems)
    assert len(problems) == 1 and "RM.Version.dll" in problems[0].source
    assert (inst.version, inst.version_source) == ("12.1.2406.145", "RM.exe")


def test_huge_config_is_refused_not_read(tmp_path, monkeypatch):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    big = root / "RM.Host.exe.config"
    with open(big, "wb") as fh:
        fh.write(b"<configuration><appSettings>")
        fh.write(b"<!-- " + b"x" * (50 * 1024 * 1024) + b" -->")
        fh.write(b"</appSettings></configuration>")
    problems = []
    inst = analyze(root, problems)
    assert len(problems) == 1 and "grande demais" in problems[0].message
    assert inst.topology == "local"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="permissões POSIX não valem para root nem no Windows")
def test_unreadable_file(tmp_path):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    (root / "Alias.dat").chmod(0)
    problems = []
    analyze(root, problems)
    assert [p.message for p in problems] == ["sem permissão de leitura"]


def test_alias_passwords_only_through_the_memory_api(tmp_path):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    aliases = rm_config.read_alias_dat(root / "Alias.dat")
    assert fx.PLANTED_PASSWORD not in repr(aliases)
    assert rm_config.read_alias_passwords(root / "Alias.dat") == {
        "CorporeRM": fx.PLANTED_PASSWORD, "Homologacao": fx.PLANTED_PASSWORD}


@pytest.mark.parametrize("host, local", [("localhost", True), ("127.0.0.1", True), ("APPSRV01", False),
                                         ("appsrv01.empresa.local", False)])
def test_is_local_host(host, local):
    assert installation.is_local_host(host) is local
