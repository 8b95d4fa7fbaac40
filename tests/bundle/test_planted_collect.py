"""End to end (issue 11): ``collector collect`` on a machine built by the planted-secret generator —
configs, logs in mixed encodings, an RMError on the user's Desktop, a text attachment and a .zip —
and no planted value (whole or any 6-character piece, in UTF-8, cp1252, UTF-16LE/BE) is in any byte
of the bundle (raw and every member decompressed), its member names, stdout or stderr; the
manifest and the JSON/XML it carries parse; the CLI warns about the attachments."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from datetime import timedelta

import pytest

from collector.cli import main
from collector.core.timewindow import local_now
from collector.redact.encoding import decode
from tests.fixtures import rm_install as fx
from tests.redact.planted import encode, leaks, machine_files, plants

# (encoding of the logs, of the RMError, of the configs)
MACHINES = [
    ("ansi+utf-16-le", "utf-16-le", "utf-8-sig"),
    ("utf-16-le+bom+ansi", "utf-16-be+bom", "cp1252"),
]


def _stamp_now(text: str) -> str:
    t = local_now() - timedelta(hours=1)
    offset = t.strftime("%z")
    return text.replace("2026-11-28 09:15:", f"{t:%Y-%m-%d %H:%M:}").replace("-03:00", f"{offset[:3]}:{offset[3:]}")


@pytest.mark.parametrize(("logs_enc", "rmerror_enc", "config_enc"), MACHINES)
def test_collect_leaks_nothing_planted(tmp_path, monkeypatch, capsys, logs_enc, rmerror_enc, config_enc):
    p = plants(seed=zlib.crc32(f"{logs_enc}/{rmerror_enc}".encode()))
    base = tmp_path / "maquina"
    root = base / "totvs" / "CorporeRM" / "RM.Net"
    fx.local_sqlserver(root)
    home = base / "Users" / p.username
    for rel, (text, kind) in machine_files(p).items():
        if rel.startswith("RM.Net/"):
            target = root / rel[len("RM.Net/"):]
        else:
            target = home / rel.split("/", 2)[2]
        target.parent.mkdir(parents=True, exist_ok=True)
        variant = {"logs": logs_enc, "rmerror": rmerror_enc, "config": config_enc}[kind]
        target.write_bytes(encode(_stamp_now(text), variant))
    # a folder named after the user and a file named after a secret: names are redacted too
    (root / "Logs" / p.username).mkdir()
    (root / "Logs" / p.username / f"{p.hostname}.log").write_bytes(
        encode(_stamp_now(machine_files(p)["RM.Net/Logs/RM.log"][0]), logs_enc))
    attach = tmp_path / "anexos"
    attach.mkdir()
    note = attach / "anotacoes.txt"
    note.write_bytes(encode(f"senha do usuário: {p['prose-pt']}\r\nCPF {p['cpf-formatted']}\r\n", "cp1252"))
    bundle_zip = attach / "configs.zip"
    with zipfile.ZipFile(bundle_zip, "w") as zf:
        zf.writestr("web.config", f'<add key="DbPassword" value="{p["appsetting-password"]}" />')
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.setenv("USERNAME", p.username)
    monkeypatch.setenv("COMPUTERNAME", p.hostname)
    monkeypatch.setenv("XDG_DESKTOP_DIR", str(home / "Desktop"))
    out_zip = tmp_path / "saida" / "pacote.zip"
    out_zip.parent.mkdir()

    code = main(["collect", "--rm-root", str(root), "--since", "1d", "--out", str(out_zip),
                 "--attach", str(note), "--attach", str(bundle_zip)])
    out, err = capsys.readouterr()
    assert code == 0, err

    raw = out_zip.read_bytes()
    with zipfile.ZipFile(out_zip) as zf:
        names = zf.namelist()
        members = {n: zf.read(n) for n in names}
    # the attachments are sent as given (the user was warned): everything else must be clean
    sent_as_given = {n for n in names if n.startswith("attachments/")}
    assert sent_as_given == {"attachments/anotacoes.txt", "attachments/configs.zip"}
    # what the collector generates itself: each member's sha256 and the bundle id are hexadecimal like
    # several planted values: a 6-hex-character piece of one matched a member's digest by chance in a
    # full run (about 2 % per manifest: ~250 planted hex pieces against ~1,200 of digests, 16^-6 each)
    made = [hashlib.sha256(data).hexdigest().encode() for data in members.values()]
    made.append(json.loads(members["manifest.json"])["bundle_id"].encode())

    def generated_out(data: bytes) -> bytes:
        for value in made:
            data = data.replace(value, b"")
        return data

    where = {n: leaks(generated_out(data), p) for n, data in members.items() if n not in sent_as_given}
    where["(member names)"] = leaks("\n".join(names).encode("utf-8"), p)
    where["(stdout)"] = leaks(generated_out(out.encode("utf-8")), p)
    where["(stderr)"] = leaks(generated_out(err.encode("utf-8")), p)
    # the zip's own bytes outside the attachments (headers, stored members)
    stripped = raw
    for n in sent_as_given:
        stripped = stripped.replace(members[n], b"")
    where["(raw zip)"] = leaks(stripped, p)
    assert not {k: v for k, v in where.items() if v}, (logs_enc, rmerror_enc)

    manifest = json.loads(members["manifest.json"])
    kinds = {i["kind"] for i in manifest["items"]}
    assert {"logs", "rmerror", "config", "attachments"} <= kinds
    assert any(n.startswith("logs/") and "user-" in n for n in names)  # the folder named after the user
    json.loads(decode(members[next(n for n in names if n.endswith("appsettings.json"))])[0])
    flagged = [i for i in manifest["items"] if i.get("findings")]
    assert {i["path"] for i in flagged} == sent_as_given
    assert out.count("Atenção:") == 2 and "dados sensíveis" in out


def test_keep_names_opts_out(tmp_path, monkeypatch, capsys):
    root = fx.local_sqlserver(tmp_path / "RM.Net")
    (root / "Logs").mkdir(exist_ok=True)
    (root / "Logs" / "RM.log").write_text("linha do usuário wkszeta.silva na estação WKS-ZETA-01\r\n")
    monkeypatch.setenv("USERNAME", "wkszeta.silva")
    monkeypatch.setenv("COMPUTERNAME", "WKS-ZETA-01")
    for keep, expect_clear in ((False, False), (True, True)):
        out_zip = tmp_path / f"p{keep}.zip"
        argv = ["collect", "--rm-root", str(root), "--include", "logs", "--since", "1d", "--out", str(out_zip)]
        assert main([*argv, "--keep-names"] if keep else argv) == 0, capsys.readouterr().err
        with zipfile.ZipFile(out_zip) as zf:
            log = next(zf.read(n) for n in zf.namelist() if n.endswith("RM.log"))
        assert (b"wkszeta.silva" in log and b"WKS-ZETA-01" in log) == expect_clear
        if not expect_clear:
            assert b"user-0001" in log and b"host-0001" in log
    capsys.readouterr()


def test_a_zip_attachment_is_scanned_inside(tmp_path):
    from collector.bundle.outgoing import BundleRedactor

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        zf.writestr("a/appsettings.json", '{"ClientSecret": "abc123def456"}')
        zf.writestr("b/foto.png", b"\x89PNG\r\n\x1a\n" + bytes(100))
        zf.writestr("c/utf16.txt", "Password=segredo99;".encode("utf-16"))
    path = tmp_path / "x.zip"
    path.write_bytes(data.getvalue())
    counts = BundleRedactor().scan_file(path)
    assert counts.get("config-secret-key") == 1 and counts.get("connection-string-password") == 1


def test_a_gzip_attachment_is_scanned_inside(tmp_path):
    """A rotated ``TrackLog.log.gz`` the user attaches is compressed text: the warning must come
    from what is inside, as for a .zip."""
    import gzip

    from collector.bundle.outgoing import BundleRedactor

    path = tmp_path / "TrackLog.log.1.gz"
    path.write_bytes(gzip.compress(b"2026-11-28 09:00:00 [INF] Data Source=DB;Password=segredo99;\r\n" * 3))
    assert BundleRedactor().scan_file(path) == {"connection-string-password": 3}
    broken = tmp_path / "quebrado.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00garbage")
    assert BundleRedactor().scan_file(broken) == {}
