"""End to end: `collector collect` on fixture installations (logs, RMError, configs, secrets)."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from datetime import datetime, timedelta

import pytest

from collector.bundle.collect import CollectOptions, collect_to_staging, finish_bundle
from collector.cli import main
from collector.core.timewindow import local_now
from tests.fixtures import rm_install as fx
from tests.fixtures.rmlogs import build_log_tree

SECRETS = {
    "conn_password": "C0nnS3cret!x",
    "pwd": "PwdValue#77",
    "chave": "q8W3vZ1pL0sK9dJ2hF6gT4yR7uE5iO0a",
    "bearer": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJybSJ9.c2lnbmF0dXJlLXRlc3Q",
    "cpf": "123.456.789-09",
    "email": "maria.silva@empresa.com.br",
}


@pytest.fixture
def install(tmp_path):
    now = local_now()
    tree = build_log_tree(tmp_path / "totvs", now)
    fx.local_sqlserver(tree.root)
    (tree.root / "RM.Host.exe.config").write_bytes(fx.app_config({
        "DefaultDB": "CorporeRM",
        "ConnectionString": f"Data Source=DBSRV;Initial Catalog=CORPORERM;User Id=rm;Password={SECRETS['conn_password']};",
        "Legacy": f"Server=DBSRV;Uid=rm;Pwd={SECRETS['pwd']}",
        "ChaveCriptografia": SECRETS["chave"],
    }))
    with open(tree.log_dir / "RM" / "RM.log", "ab") as fh:
        line = (f"{(now - timedelta(minutes=1)):%Y-%m-%d %H:%M:%S}.000 -03:00  [ERR] Authorization: Bearer "
                f"{SECRETS['bearer']} cpf {SECRETS['cpf']} contato {SECRETS['email']}\r\n")
        fh.write(line.encode("cp1252"))
    rmerror_dir = tmp_path / "Desktop"
    rmerror_dir.mkdir()
    (rmerror_dir / "RMError_20261128.txt").write_text(
        f"Erro ao conectar\r\nSenha: {fx.PLANTED_PASSWORD}\r\nUsuário {SECRETS['email']}\r\n", encoding="cp1252")
    return tree, rmerror_dir


def _all_bytes(zip_path) -> bytes:
    with zipfile.ZipFile(zip_path) as zf:
        return b"".join(zf.read(n) for n in zf.namelist())


def test_collect_builds_a_verified_bundle_without_secrets(install, tmp_path):
    tree, rmerror_dir = install
    opts = CollectOptions(rm_roots=[tree.root.parent.parent], since=tree.now - timedelta(days=1), until=tree.now,
                          rmerror_dirs=[("Área de Trabalho", str(rmerror_dir))])
    stage = collect_to_staging(opts, progress=lambda *a: None)
    out, manifest = finish_bundle(stage, tmp_path / "bundle.zip")
    stage.discard()

    data = _all_bytes(out)
    for name, secret in {**SECRETS, "alias": fx.PLANTED_PASSWORD}.items():
        for encoding in ("utf-8", "cp1252", "utf-16-le"):
            assert secret.encode(encoding) not in data, f"{name} leaked ({encoding})"

    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        assert {"manifest.json", "ticket.md"} <= names
        for item in manifest["items"]:
            assert hashlib.sha256(zf.read(item["path"])).hexdigest() == item["sha256"]
            assert zf.getinfo(item["path"]).file_size == item["size"]
        kinds = {i["kind"] for i in manifest["items"]}
        assert {"logs", "rmerror", "config", "system"} <= kinds
        # logs hold exactly the lines of the window (redaction changes only the secrets inside them)
        for rel in tree.entries:
            expected = tree.expected(rel, tree.now - timedelta(days=1), tree.now).split(b"\r\n")
            arc = [i["path"] for i in manifest["items"] if i["path"].endswith(rel.split("/")[-1])]
            if rel.endswith("RM.log") or not expected[0]:
                continue  # RM.log got an extra planted line; a day outside the window is absent
            got = zf.read(arc[0]).split(b"\r\n")
            assert [g[:40] for g in got] == [e[:40] for e in expected]
        assert "pacote " + manifest["bundle_id"] in zf.read("ticket.md").decode()
    assert manifest["schema"] == "collector.bundle/1"
    assert manifest["redaction"]["rules"]
    assert manifest["skipped_summary"]["not_examined"].get("not_log_like")  # crash.dmp: not a log, counted
    assert manifest["consent"]["how"] == "cli"
    assert {p["name"] for p in manifest["probes"]} >= {"logs", "rmerror", "config", "system", "database"}


def test_cli_collect_json_and_exit_code(install, tmp_path, capsys, monkeypatch):
    tree, rmerror_dir = install
    monkeypatch.setenv("XDG_DESKTOP_DIR", str(rmerror_dir))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code = main(["collect", "--rm-root", str(tree.root), "--since", "1d", "--out", str(out_dir), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    doc = json.loads(out)
    assert os.path.exists(doc["bundle"])
    assert doc["summary"]["files"] > 5
    assert fx.PLANTED_PASSWORD not in out + err


def test_estimate_writes_nothing(install, tmp_path, capsys):
    tree, _ = install
    code = main(["collect", "--rm-root", str(tree.root), "--since", "1d", "--estimate", "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("Estimativa:")
    assert not list(tmp_path.glob("*.zip"))


def test_empty_window_gives_a_small_valid_bundle(tmp_path, capsys):
    root = fx.three_tier_client(tmp_path / "RM.Net")
    code = main(["collect", "--rm-root", str(root), "--include", "logs", "--include", "rmerror",
                 "--since", "10m", "--out", str(tmp_path / "b.zip")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Nenhuma evidência" in out
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["items"] == []


def test_read_only_output_is_a_clear_error(install, tmp_path, capsys):
    tree, _ = install
    code = main(["collect", "--rm-root", str(tree.root), "--include", "config", "--out",
                 str(tmp_path / "missing" / "b.zip")])
    _out, err = capsys.readouterr()
    assert code == 1
    assert err.startswith("collector: pasta de destino não existe") and err.count("\n") == 1


def test_collect_with_screenshot_on_the_x_screen(tmp_path, capsys):
    if not os.environ.get("DISPLAY"):
        pytest.skip("precisa de uma tela X (o pytest-xvfb inicia o Xvfb)")
    root = fx.three_tier_client(tmp_path / "RM.Net")
    code = main(["collect", "--rm-root", str(root), "--include", "screenshots", "--screenshot",
                 "--out", str(tmp_path / "b.zip")])
    _out, err = capsys.readouterr()
    assert code == 0, err
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
        shots = [i for i in manifest["items"] if i["kind"] == "screenshots"]
        assert len(shots) >= 1
        png = zf.read(shots[0]["path"])
    assert png.startswith(b"\x89PNG")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    monitor = manifest["capture"]["monitors"]["monitors"][0]
    assert (width, height) == (monitor["width"], monitor["height"])


def test_collect_from_an_analyst_request(tmp_path, capsys):
    from collector.portal import request_doc

    root = fx.local_sqlserver(tmp_path / "RM.Net")
    req = request_doc.build(4321, ["config"], since="2026-11-20T00:00:00-03:00", note="só a configuração")
    path = tmp_path / "pedido.collector-request.json"
    path.write_text(req.dumps(), encoding="utf-8")
    code = main(["collect", "--rm-root", str(root), "--request", str(path), "--out", str(tmp_path / "b.zip")])
    _out, err = capsys.readouterr()
    assert code == 0, err
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert {i["kind"] for i in manifest["items"]} == {"config"}
    assert manifest["checklist"]["ticket_id"] == 4321
    assert manifest["window"]["start"].startswith("2026-11-20T")


# -- failures in the middle of a collection ------------------------------------------------------

def _config_opts(root):
    return CollectOptions(rm_roots=[root], include={"config"}, rmerror_dirs=[])


def _on_first_file(action):
    """A progress callback that runs ``action(arcname)`` once, just before the first file is staged."""
    fired = []

    def progress(report):
        if report.phase == "files" and report.current and not fired:
            fired.append(report.current)
            action(report.current)
    return progress, fired


def test_a_file_that_vanishes_mid_collection_is_skipped_with_a_reason(tmp_path):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    sources = {}

    def vanish(arcname):
        path = next(p for p in root.rglob("*") if p.is_file() and p.name == arcname.rsplit("/", 1)[-1])
        sources["gone"] = path
        path.unlink()

    progress, fired = _on_first_file(vanish)
    stage = collect_to_staging(_config_opts(root), stage_dir=tmp_path / "stage", progress=progress)
    try:
        assert fired
        skipped = [s for s in stage.skipped if s["path"] == fired[0]]
        assert skipped and skipped[0]["status"] == "vanished"
        assert fired[0] not in [i.path for i in stage.items]
        assert stage.items  # the other files were still collected
    finally:
        stage.discard()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="precisa de /dev/full (disco cheio de verdade)")
def test_a_full_disk_while_staging_fails_the_collection_instead_of_dropping_files(tmp_path):
    from collector.core.errors import CollectorError

    root = fx.local_sqlserver(tmp_path / "RM.Net")
    stage_dir = tmp_path / "stage"

    def full_disk(arcname):  # the staged copy of this file lands on a device that is always full
        target = stage_dir / "files" / arcname
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to("/dev/full")

    progress, fired = _on_first_file(full_disk)
    with pytest.raises(CollectorError, match="disco cheio"):
        collect_to_staging(_config_opts(root), stage_dir=stage_dir, progress=progress)
    assert fired and not stage_dir.exists()  # the half-built stage is removed


def test_cancel_mid_collection_removes_the_stage(tmp_path):
    import threading

    from collector.core.errors import Cancelled

    root = fx.local_sqlserver(tmp_path / "RM.Net")
    cancel = threading.Event()
    progress, fired = _on_first_file(lambda arcname: cancel.set())
    with pytest.raises(Cancelled):
        collect_to_staging(_config_opts(root), stage_dir=tmp_path / "stage", progress=progress, cancel=cancel)
    assert fired and not (tmp_path / "stage").exists()


@pytest.mark.parametrize("source", ["typed", "env"])
def test_the_database_password_given_to_the_collector_is_masked_in_every_file(tmp_path, monkeypatch, source):
    """A password typed in the wizard (or COLLECTOR_DB_PASSWORD) is a known secret like Alias.dat's:
    an encrypted Alias.dat gives no literal, and this one is the clear text."""
    secret = "Typed-Db-Pw-123"
    root = fx.three_tier_client(tmp_path / "RM.Net")
    desktop = tmp_path / "Desktop"
    desktop.mkdir()
    (desktop / "RMError_1.txt").write_text(f"Falha ao conectar rm/{secret}@DBSRV\r\n", encoding="cp1252")
    if source == "env":
        monkeypatch.setenv("COLLECTOR_DB_PASSWORD", secret)
    opts = CollectOptions(rm_roots=[root], include={"rmerror"}, rmerror_dirs=[("Área de Trabalho", str(desktop))],
                          db_password=secret if source == "typed" else None)
    stage = collect_to_staging(opts, stage_dir=tmp_path / "stage")
    try:
        staged = [i for i in stage.items if i.kind == "rmerror"]
        assert staged
        data = stage.file_path(staged[0].path).read_bytes()
        assert secret.encode() not in data and b"@DBSRV" in data
    finally:
        stage.discard()


class _LeakyProbe:
    """A probe whose failure message quotes a connection string, as drivers do."""

    name = "leaky"
    description = "falha citando a string de conexão"
    timeout = 5.0
    isolated = False

    def applies(self, ctx):
        return None

    def run(self, ctx):
        raise RuntimeError("login falhou: Server=DBSRV;User Id=rm;Password=Vaz4d0!Segredo;")


def test_probe_reasons_in_the_manifest_are_redacted(tmp_path, monkeypatch):
    from collector.bundle import collect as col

    root = fx.three_tier_client(tmp_path / "RM.Net")
    monkeypatch.setattr(col, "evidence_probes", lambda: [_LeakyProbe()])
    stage = collect_to_staging(CollectOptions(rm_roots=[root]))
    try:
        out, manifest = finish_bundle(stage, tmp_path / "b.zip")
    finally:
        stage.discard()
    reason = next(p["reason"] for p in manifest["probes"] if p["name"] == "leaky")
    assert "login falhou" in reason and "Vaz4d0" not in reason
    assert b"Vaz4d0" not in _all_bytes(out)


def test_user_name_pseudonyms_reach_the_manifest_paths(tmp_path):
    home = tmp_path / "Users" / "joaosilva" / "Desktop"
    home.mkdir(parents=True)
    (home / "RMError_1.txt").write_text("Erro do usuário joaosilva\r\n", encoding="utf-8")
    root = fx.three_tier_client(tmp_path / "RM.Net")
    opts = CollectOptions(rm_roots=[root], include={"rmerror"}, usernames=["joaosilva"],
                          rmerror_dirs=[("Área de Trabalho", str(home))])
    stage = collect_to_staging(opts)
    try:
        out, manifest = finish_bundle(stage, tmp_path / "b.zip")
    finally:
        stage.discard()
    (item,) = manifest["items"]
    assert "joaosilva" not in item["source"] and "user-0001" in item["source"]
    with zipfile.ZipFile(out) as zf:
        assert b"joaosilva" not in zf.read(item["path"])


def test_collect_portal_logs_brings_the_framehtml_tracklog_cut_to_the_window(tmp_path, capsys):
    """Issue 14: a ticket about Meu RH needs FrameHTML's own TRACKLOG, cut like the RM's."""
    from tests.fixtures.rmlogs import make_entries, window_bytes, write_log

    env = fx.environment(tmp_path / "totvs" / "CorporeRM")
    now = local_now().replace(microsecond=0)
    entries = make_entries(now - timedelta(days=3), now - timedelta(minutes=1), every=timedelta(minutes=7), seed=14)
    log = env["framehtml_logs"] / "RM.FrameHTML-20261128.log"
    write_log(log, entries)
    (env["framehtml_logs"] / "captura.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    out = tmp_path / "b.zip"
    code = main(["collect", "--rm-root", str(env["bin"]), "--include", "portal-logs", "--since", "1d",
                 "--out", str(out)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        (item,) = [i for i in manifest["items"] if i["kind"] == "portal-logs"]
        assert item["path"] == "portal-logs/CorporeRM/FrameHTML/Web/Logs/RM.FrameHTML-20261128.log"
        assert item["cut"]["mode"] == "window" and item["cut"]["window_bytes"] < log.stat().st_size
        got = zf.read(item["path"]).split(b"\r\n")
    start = datetime.fromisoformat(manifest["window"]["start"])
    expected = window_bytes(entries, start, now).split(b"\r\n")
    assert [g[:40] for g in got] == [e[:40] for e in expected]  # same entries; redaction only masks inside
    assert {p["name"]: p["status"] for p in manifest["probes"]}["portal-logs"] == "ok"
    assert manifest["skipped_summary"]["not_examined"].get("not_log_like")  # captura.png: not a log, counted
    assert "logs dos portais" in _out


def test_portal_logs_kind_is_skipped_with_a_reason_when_there_is_no_portal(tmp_path, capsys):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    code = main(["collect", "--rm-root", str(root), "--include", "portal-logs", "--out", str(tmp_path / "b.zip")])
    _out, err = capsys.readouterr()
    assert code == 0, err
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
    probe = {p["name"]: p for p in manifest["probes"]}["portal-logs"]
    assert probe["status"] == "skipped" and probe["reason"] == "nenhuma pasta de logs de portal encontrada"


def test_a_rotated_gzip_log_is_left_out_unopened_with_its_reason(install, tmp_path):
    """A ``*.log.gz`` in a log folder holds text no rule can read while compressed: it is listed as
    left out (with why) and none of its bytes, compressed or not, reach the bundle."""
    import gzip

    tree, _rmerror = install
    text = (f"{(tree.now - timedelta(hours=2)):%Y-%m-%d %H:%M:%S}.000 -03:00  [INF] rotacionado: "
            f"Password={SECRETS['conn_password']} contato {SECRETS['email']}\r\n").encode() * 50
    rotated = tree.log_dir / "RM" / "RM.log.1.gz"
    packed = gzip.compress(text)
    rotated.write_bytes(packed)
    opts = CollectOptions(rm_roots=[tree.root.parent.parent], since=tree.now - timedelta(days=1), until=tree.now,
                          include={"logs"})
    stage = collect_to_staging(opts, progress=lambda *a: None)
    out, manifest = finish_bundle(stage, tmp_path / "bundle.zip")
    stage.discard()
    with zipfile.ZipFile(out) as zf:
        assert not [n for n in zf.namelist() if n.endswith(".gz")]
    data = out.read_bytes() + _all_bytes(out)
    assert packed[10:40] not in data and SECRETS["conn_password"].encode() not in data
    skipped = [s for s in manifest["skipped"] if str(s.get("source", "")).endswith("RM.log.1.gz")]
    assert skipped and skipped[0]["status"] == "binary"
    assert skipped[0]["skipped"].startswith("log compactado (gzip): deixado de fora sem abrir")
