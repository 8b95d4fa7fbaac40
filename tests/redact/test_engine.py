"""The engine on real files: encodings, line endings, blank lines, huge lines, chunk boundaries,
binary files, attachment scans, per-rule totals."""

from __future__ import annotations

import codecs
import io

import pytest

import collector.redact.engine as engine
from collector.core.errors import CollectorError
from collector.redact import MASK, RULES, BinaryFileError, RedactOptions, Redactor

LOG = (
    "RM.Lib.Data.DbServices2026-11-28 09:15:02.123 -03:00 LGC [INF] Conexão aberta\r\n"
    "\r\n"
    "\r\n"
    "2026-11-28 09:15:03.000 -03:00  [DBG] Data Source=DBSRV;User ID=rm;Password=Segredo#1;Pooling=true\r\n"
    "   at RM.Lib.Data.DbServices.ExecuteReader(String sql) in C:\\build\\DbServices.cs:line 88\r\n"
    "\r\n"
    "2026-11-28 09:15:04.000 -03:00  [INF] Funcionário 529.982.247-25 calculado; ação concluída\r\n"
)


def run_file(tmp_path, data: bytes, redactor: Redactor | None = None, **kwargs):
    src = tmp_path / "in.log"
    src.write_bytes(data)
    out = io.BytesIO()
    redactor = redactor or Redactor()
    info = redactor.redact_file(src, out, **kwargs)
    return out.getvalue(), info


@pytest.mark.parametrize(("codec", "bom", "label"), [
    ("utf-8", b"", "utf-8"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    ("cp1252", b"", "cp1252"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le+bom"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be+bom"),
    ("utf-16-le", b"", "utf-16-le"),
])
def test_every_encoding_is_redacted_and_written_back_in_the_same_encoding(tmp_path, codec, bom, label):
    data = bom + LOG.encode(codec)
    out, info = run_file(tmp_path, data)
    expected = bom + LOG.replace("Segredo#1", MASK).replace("529.982.247-25", "CPF-0001").encode(codec)
    assert out == expected
    assert info.encoding == label
    assert info.counts == {"connection-string-password": 1, "cpf": 1}
    assert info.bytes_in == len(data) and info.bytes_out == len(expected)


def test_cp1252_file_is_never_skipped(tmp_path):
    text = "Usuário: joão — senha: Çedilha123 ação €\r\n"
    out, info = run_file(tmp_path, text.encode("cp1252"))
    assert info.encoding == "cp1252"
    assert out == "Usuário: joão — senha: ********\r\n".encode("cp1252")  # a value with spaces: all of it


def test_untouched_file_is_byte_identical_blank_lines_and_crlf_included(tmp_path):
    data = b"linha 1\r\n\r\n\r\n  \r\n\tlinha 5\r\n\n\nsem fim de linha"
    out, info = run_file(tmp_path, data)
    assert out == data and info.counts == {}


def test_invalid_utf8_bytes_pass_through_and_do_not_crash(tmp_path):
    data = "válido ".encode() + b"\xff\xfe\xc3(\xed\xa0\x80 " + b"Password=x1y2;\n" + b"fim \xe9\n"
    out, info = run_file(tmp_path, data)
    assert out == data.replace(b"x1y2", MASK.encode())
    assert info.counts == {"connection-string-password": 1}


def test_odd_utf16_tail_is_kept(tmp_path):
    data = codecs.BOM_UTF16_LE + "Password=abc;\n".encode("utf-16-le") + b"\x41"
    out, _ = run_file(tmp_path, data)
    assert out == codecs.BOM_UTF16_LE + f"Password={MASK};\n".encode("utf-16-le") + b"\x41"


def test_a_10_mb_line(tmp_path):
    filler = "abcdefghij" * (1 << 20)  # 10 MB, no line break
    data = ("inicio Password=um;" + filler + " token=fim123456 " + filler[:1000] + "\n").encode()
    out, info = run_file(tmp_path, data)
    assert out == data.replace(b"=um;", b"=" + MASK.encode() + b";").replace(b"fim123456", MASK.encode())
    assert info.counts == {"connection-string-password": 1, "api-token": 1}


def test_endless_line_is_cut_with_bounded_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "MAX_LINE", 64 * 1024)
    monkeypatch.setattr(engine, "BLOCK", 16 * 1024)
    words = " ".join(f"palavra{i}" for i in range(40000))  # ~400 KB, one line, no break
    data = (words + " senha=abc123 " + words).encode()
    out, info = run_file(tmp_path, data)
    assert out == data.replace(b"abc123", MASK.encode())


def test_private_key_across_chunk_boundaries(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "BLOCK", 64)
    key_lines = [f"MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt{i:04d}" for i in range(40)]
    text = ("antes\r\n-----BEGIN PRIVATE KEY-----\r\n" + "\r\n".join(key_lines)
            + "\r\n-----END PRIVATE KEY-----\r\ndepois Password=x;\r\n")
    out, info = run_file(tmp_path, text.encode())
    result = out.decode()
    assert "MIIE" not in result
    assert result.count("\r\n") == text.count("\r\n")
    assert result.startswith("antes\r\n-----BEGIN PRIVATE KEY-----\r\n********\r\n")
    assert result.endswith(f"-----END PRIVATE KEY-----\r\ndepois Password={MASK};\r\n")


def test_small_blocks_give_the_same_result_as_one_chunk(tmp_path, monkeypatch):
    data = (LOG * 50).encode("utf-8")
    whole, _ = run_file(tmp_path, data)
    monkeypatch.setattr(engine, "BLOCK", 37)
    pieces, _ = run_file(tmp_path, data)
    assert pieces == whole


def test_binary_file_is_refused_before_writing(tmp_path):
    src = tmp_path / "rotated.zip"
    src.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 10)
    out = io.BytesIO()
    with pytest.raises(BinaryFileError) as exc:
        Redactor().redact_file(src, out, filename="logs/rotated.zip")
    assert out.getvalue() == b""
    assert isinstance(exc.value, CollectorError)
    assert "rotated.zip" in str(exc.value) and "zip" in exc.value.reason


def test_binary_allowed_is_byte_exact(tmp_path):
    data = b"\x00\x01\x02\x03garbage\x00 Password=abc; \xff\xfe\x00"
    out, info = run_file(tmp_path, data, allow_binary=True)
    assert out == data.replace(b"abc", MASK.encode()) and info.encoding == "binary"


def test_source_can_be_a_stream_opened_by_the_caller():
    out = io.BytesIO()
    info = Redactor().redact_file(io.BytesIO(b"Pwd=abc\n"), out, filename="x.log")
    assert out.getvalue() == f"Pwd={MASK}\n".encode() and info.bytes_in == 8


def test_redact_text_spans_mark_the_output():
    r = Redactor().redact_text("a Password=abc; b 529.982.247-25 c")
    assert r.text == f"a Password={MASK}; b CPF-0001 c"
    assert [(r.text[s:e], rule) for s, e, rule in r.spans] == [(MASK, "connection-string-password"),
                                                             ("CPF-0001", "cpf")]


def test_partial_overlaps_are_joined_into_one_mask():
    redactor = Redactor(known_secrets=["word=ab"])
    r = redactor.redact_text("Server=x;Password=abc;Database=rm")
    assert r.text == f"Server=x;Pass{MASK};Database=rm"  # neither "ab" nor "c" survives
    assert r.counts == {"connection-string-password": 1, "known-secret": 1}


def test_a_hit_inside_another_is_counted_once():
    r = Redactor(known_secrets=["abc;Database"]).redact_text("Server=x;Password=abc;Database=rm")
    assert r.text == f"Server=x;Password={MASK}=rm" and r.counts == {"known-secret": 1}


def test_scan_reports_findings_by_line_without_changing_anything(tmp_path):
    text = "linha limpa\nPassword=abc;\n\nCPF 529.982.247-25 e 111.444.777-35\n"
    src = tmp_path / "anexo.txt"
    src.write_text(text, encoding="utf-8")
    redactor = Redactor()
    report = redactor.scan_file(src)
    assert sorted((f.rule, f.line, f.count) for f in report.findings) == [
        ("connection-string-password", 2, 1), ("cpf", 4, 2)]
    assert report.counts == {"connection-string-password": 1, "cpf": 2}
    assert src.read_text(encoding="utf-8") == text
    assert redactor.summary() == {} and len(redactor.pseudonyms) == 0  # scans assign nothing
    assert sorted((f.rule, f.line) for f in redactor.scan_text(text)) == [
        ("connection-string-password", 2), ("cpf", 4)]


def test_scan_of_a_binary_attachment(tmp_path):
    src = tmp_path / "foto.png"
    src.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    report = Redactor().scan_file(src)
    assert report.binary and "png" in report.reason and report.findings == []


def test_scan_line_numbers_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "BLOCK", 50)
    text = "".join(f"linha {i}\n" for i in range(1, 200)) + "Pwd=abc\n"
    src = tmp_path / "a.txt"
    src.write_text(text)
    report = Redactor().scan_file(src)
    assert [(f.rule, f.line) for f in report.findings] == [("connection-string-password", 200)]


def test_summary_totals_every_redaction_for_the_manifest(tmp_path):
    redactor = Redactor(RedactOptions(hostnames=["APPSRV01"]))
    redactor.redact_text("Password=a; APPSRV01", kind="config")
    run_file(tmp_path, b"Pwd=b\nAPPSRV01 appsrv01\n", redactor)
    assert redactor.summary() == {"connection-string-password": 2, "hostname": 3}
    assert set(redactor.summary()) <= set(RULES)
    assert "hostname" in redactor.rule_names and "ipv4" not in redactor.rule_names


def test_options_accept_lists_and_a_single_string():
    options = RedactOptions(hostnames=["A01", "B02"], usernames="joao")
    assert options.hostnames == ("A01", "B02") and options.usernames == ("joao",)


def test_preview_for_the_review_page_does_not_count(tmp_path):
    redactor = Redactor()
    redactor.redact_text("cpf 529.982.247-25")
    preview = redactor.preview_text("de novo 529.982.247-25 e Pwd=x")
    assert preview.text == f"de novo CPF-0001 e Pwd={MASK}"  # same pseudonym as in the bundle
    assert redactor.summary() == {"cpf": 1}


@pytest.mark.parametrize("codec", ["utf-8", "cp1252", "utf-16"])
def test_preview_file_decodes_its_encoding_and_stops_at_a_line(tmp_path, codec):
    src = tmp_path / "RM.exe.config"
    src.write_bytes(("<add key=\"Senha\" value=\"segredo\"/> ação\n" * 100).encode(codec))
    redactor = Redactor()
    preview = redactor.preview_file(src, kind="config", limit=1000)
    lines = preview.text.splitlines(keepends=True)
    assert lines and all(line == f"<add key=\"Senha\" value=\"{MASK}\"/> ação\n" for line in lines)
    assert all(preview.text[s:e] == MASK for s, e, _ in preview.spans)
    assert redactor.summary() == {}


def test_preview_of_a_binary_file(tmp_path):
    src = tmp_path / "x.dmp"
    src.write_bytes(b"MDMP\x93\xa7" + bytes(500))
    with pytest.raises(BinaryFileError):
        Redactor().preview_file(src)
