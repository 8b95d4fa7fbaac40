"""Which alias, which password — and the password never printed."""

import pickle

from collector.probes.database.target import (
    PASSWORD_ENV,
    DbTarget,
    alias_password,
    resolve_password,
    select_alias,
    target_from_alias,
)
from tests.fixtures.rm_install import alias_dat

TARGET = DbTarget("CorporeRM", "sqlserver", "DBSRV\\RM", "CorporeRM", "rm", "Segredo#1")


def test_password_is_never_printed():
    for text in (repr(TARGET), str(TARGET), f"{TARGET}", str(TARGET.public()), repr([TARGET])):
        assert "Segredo#1" not in text
    assert "password=<definida>" in repr(TARGET)
    assert "password=None" in repr(TARGET.with_password(None))
    assert TARGET.public() == {"alias": "CorporeRM", "type": "sqlserver", "server": "DBSRV\\RM",
                               "name": "CorporeRM", "user": "rm", "auth": "sql"}


def test_password_survives_the_trip_to_the_probe_process():
    assert pickle.loads(pickle.dumps(TARGET)).password == "Segredo#1"


def test_target_from_alias_forms():
    t = target_from_alias({"alias": "CorporeRM", "type": "sqlserver", "server": "DBSRV", "name": "C", "user": "rm"})
    assert isinstance(t, DbTarget) and not t.windows_auth
    w = target_from_alias({"alias": "CorporeRM", "type": "sqlserver", "server": "DBSRV", "name": "C", "user": None})
    assert w.windows_auth and w.user is None
    o = target_from_alias({"alias": "X", "type": "oracle", "server": "ora/CORP", "name": "", "user": "RM"})
    assert o.type == "oracle" and o.name is None


def test_target_from_alias_skip_reasons():
    assert "três camadas" in target_from_alias({"alias": "CorporeRM", "type": "unknown", "server": None})
    assert "desconhecido" in target_from_alias({"alias": "X", "type": "unknown", "server": "srv"})
    assert "DbServer" in target_from_alias({"alias": "X", "type": "sqlserver", "server": ""})
    assert "usuário" in target_from_alias({"alias": "X", "type": "oracle", "server": "o/s", "user": ""})


def test_select_alias_default_and_picked():
    installs = [{"root": "C:/a", "database": {"alias": "CorporeRM", "type": "sqlserver", "server": "S1"},
                 "aliases": [{"alias": "CorporeRM", "type": "sqlserver", "server": "S1"},
                             {"alias": "Homologacao", "type": "sqlserver", "server": "S2"}]}]
    assert select_alias(installs) == (installs[0]["database"], "C:/a")
    info, root = select_alias(installs, "homologacao")
    assert info["server"] == "S2" and root == "C:/a"
    assert "não encontrado" in select_alias(installs, "Outro")
    assert "nenhuma instalação" in select_alias([])
    assert "nenhum alias" in select_alias([{"root": "x", "database": None}])


def test_alias_password_from_alias_dat(tmp_path):
    root = tmp_path / "RM.Net"
    (root / "Bin").mkdir(parents=True)
    (root / "Bin" / "alias.DAT").write_bytes(alias_dat([
        {"alias": "CorporeRM", "type": "SqlServer", "server": "S", "name": "C"}], password="Pl@nt3d"))
    assert alias_password(str(root), "corporerm") == "Pl@nt3d"
    assert alias_password(str(root), "Outro") is None
    assert alias_password(str(tmp_path / "nada"), "CorporeRM") is None
    (root / "Bin" / "alias.DAT").write_bytes(b"<RMSAliasData><DbConfig>truncado")
    assert alias_password(str(root), "CorporeRM") is None


def test_password_order():
    bare = TARGET.with_password(None)
    env = {PASSWORD_ENV: "from-env"}
    assert resolve_password(TARGET, typed="typed", env=env).password == "typed"
    assert resolve_password(TARGET, env=env).password == "from-env"
    assert resolve_password(TARGET, env={}).password == "Segredo#1"
    asked = []
    assert resolve_password(bare, env={}, prompt=lambda t: asked.append(t.alias) or "asked").password == "asked"
    assert asked == ["CorporeRM"]
    assert resolve_password(TARGET, env={}, prompt=lambda t: asked.append("again") or "x").password == "Segredo#1"
    assert asked == ["CorporeRM"]  # not asked when a password exists


def test_missing_credential_is_a_skip_reason():
    reason = resolve_password(TARGET.with_password(None), env={}, prompt=lambda t: None)
    assert reason.startswith("sem credencial") and PASSWORD_ENV in reason


def test_windows_authentication_needs_no_password():
    target = DbTarget("CorporeRM", "sqlserver", "DBSRV", "C", None, "ignored", windows_auth=True)
    resolved = resolve_password(target, typed="x", env={PASSWORD_ENV: "y"})
    assert resolved.password is None
