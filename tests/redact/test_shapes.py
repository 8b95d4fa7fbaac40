"""One case per shape of SPEC §4.8 "Where redaction really fails": the secret goes, its key and the
text around it stay."""

from __future__ import annotations

import json

import pytest

from collector.redact import MASK, RedactOptions, Redactor
from collector.redact.encoding import segments
from collector.redact.personal import cnpj_valid


def redact(text: str, kind: str = "logs", **options) -> str:
    return Redactor(RedactOptions(**options)).redact_text(text, kind=kind).text


@pytest.mark.parametrize(("text", "secret", "kept"), [
    ('{"Jwt": {"Key": "Zq8vLm3nB7xK2pQw9rT4", "Issuer": "rm"}}', "Zq8vLm3nB7xK2pQw9rT4", '"Issuer": "rm"'),
    ('{"ClientSecrets": ["Aa1bB2cC3dD4", "Ee5fF6gG7hH8"]}', "Ee5fF6gG7hH8", '"ClientSecrets": ['),
    ('<add key="SmtpSenha" value="a&amp;b&gt;c9Zx" />', "c9Zx", 'key="SmtpSenha"'),
    ('<add key="Chave" value="p>q7Wz2" />', "q7Wz2", 'key="Chave"'),
    ("<!-- senha antiga: Vq7Lp2Xs -->", "Vq7Lp2Xs", "-->"),
    ("a senha do usuário é Kx9Pw2Lm e não entra", "Kx9Pw2Lm", "a senha do usuário é"),
    ("sqlplus rm/Ox7Pw9Qz@PRODRM @x.sql", "Ox7Pw9Qz", "@PRODRM"),
    ("jdbc:oracle:thin:rm/Jx7Pw9Qz@dbhost:1521/ORCL", "Jx7Pw9Qz", "@dbhost:1521/ORCL"),
    ("rm/Ez7Pw9Qz@//dbhost:1521/svc", "Ez7Pw9Qz", "@//dbhost"),
    ("SQL> CONNECT rm/Cx7Pw9Qz@TNS", "Cx7Pw9Qz", "CONNECT rm/"),
    ("sqlcmd -S DB -U sa -P Sq7Pw9Qz -Q x", "Sq7Pw9Qz", "-Q x"),
    (r"net use Z: \\fs\rm Nu7Pw9Qz /user:CORP\joao", "Nu7Pw9Qz", "/user:"),
    ("GET /?pw=Pw7Pw9Qz&psw=Ps7Pw9Qz", "Ps7Pw9Qz", "GET /?pw="),
    ("db:\n  password: |\n    Ym7Pw9QzAbc\n  pool: 5\n", "Ym7Pw9QzAbc", "pool: 5"),
    ("Password=minha senha secreta;User=rm", "senha secreta", "User=rm"),
    ("password=\u201cSm7 Pw9Qz\u201d ok", "Pw9Qz", " ok"),
    ('Password="Un7Pw9Qz', "Un7Pw9Qz", 'Password="'),
    ("C: AUTH PLAIN AGpvYW8AU2VjcjN0UGFzcw==", "AGpvYW8AU2VjcjN0UGFzcw==", "AUTH PLAIN"),
    ("S: 334 UGFzc3dvcmQ6\r\nU2VjcjN0UGFzcw==\r\n", "U2VjcjN0UGFzcw==", "334"),
    ('Digest username="joao", response="6629fae49393a05397450978507c4ef1"', "6629fae49393a0", "username"),
    ("Cookie: .ASPXAUTH=9F86D081884C7D65; ASP.NET_SessionId=abcdefghij012345", "abcdefghij012345", "Cookie:"),
    ("Ocp-Apim-Subscription-Key: 0123456789abcdef0123456789abcdef", "0123456789abcdef", "Subscription-Key"),
    ("AccountName=x;AccountKey=QUJDREVGR0hJSktMTU5PUA==;EndpointSuffix=core", "QUJDREVGR0hJSktMTU5PUA", "Endpoint"),
    ("url https://a.blob.core.windows.net/c?sv=2022&sig=AbCdEf0123456789%2Bxyz&se=1", "AbCdEf0123456789", "&se=1"),
    ("Private-Lines: 1\nAAAAgQC7Zq8vLm3nB7xK2pQw9rT4\nPrivate-MAC: 0123abcd0123abcd", "Zq8vLm3nB7", "Private-Lines"),
    ("token xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "AbCdEfGhIjKlMnOp", "token "),
    ("key AIzaSyA1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tUvW fim", "SyA1bC2dE3fG4", " fim"),
    ("ci glpat-AbCdEfGhIjKlMnOpQrSt fim", "AbCdEfGhIjKlMnOp", " fim"),
])
def test_shapes(text, secret, kept):
    out = redact(text)
    assert secret not in out and kept in out, out


def test_a_key_cut_from_its_begin_marker_is_masked():
    text = "2026 [INF] log cortado\r\nMIIEowIBAAKCAQEAu1SU1LfVLPHC\r\n-----END RSA PRIVATE KEY-----\r\nfim\r\n"
    assert redact(text) == f"2026 [INF] log cortado\r\n{MASK}\r\n-----END RSA PRIVATE KEY-----\r\nfim\r\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("CPF 529 982 247 25 ok", "CPF CPF-0001 ok"),
    ("CPF 529.982.247\u201325 ok", "CPF CPF-0001 ok"),
    ('{"cpf": 9458073090}', '{"cpf": "CPF-0001"}'),  # a numeric column lost the leading zero
    ("CNPJ 11222333000181", "CNPJ CNPJ-0001"),
    ("empresa 12.ABC.345/01DE-35 ok", "empresa CNPJ-0001 ok"),
    ('{"cnpj": "12ABC34501DE35"}', '{"cnpj": "CNPJ-0001"}'),
    ("mailto=maria.silva%40cliente.com.br", "mailto=email-0001@pseudonimo.invalid"),
    ("contato joão.ninguém@construção.com.br fim", "contato email-0001@pseudonimo.invalid fim"),
])
def test_personal_data_variants(text, expected):
    assert redact(text) == expected


def test_alphanumeric_cnpj_check_digits():
    assert cnpj_valid("12ABC34501DE35") and not cnpj_valid("12ABC34501DE36")
    assert cnpj_valid("11222333000181")


@pytest.mark.parametrize("doc", [
    {"Id": 52998224725, "Stamp": 20261128091502, "Total": 11144477735},
    {"Secrets": {"Retries": 3, "Pin": 1234}, "PinSenha": 4321},
])
def test_json_stays_json(doc):
    out = json.loads(redact(json.dumps(doc), kind="config"))
    assert set(out) == set(doc)
    if "Id" in doc:
        assert out == doc  # numbers that pass the CPF check are not CPFs without a key saying so


def test_segments_of_a_mixed_file():
    data = "ANSI ação\r\n".encode("cp1252") + "UTF-16 “x” ação\r\n".encode("utf-16-le") + b"fim\r\n"
    kinds = [codec for _s, _e, codec in segments(data)]
    assert kinds == ["ascii", "utf-16-le", "ascii"]
