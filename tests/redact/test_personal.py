"""Personal data rules: CPF, CNPJ, e-mail, MAC, IPv4, host and user names → consistent pseudonyms."""

from __future__ import annotations

import pytest

from collector.redact import RedactOptions, Redactor
from collector.redact.personal import cnpj_valid, cpf_valid

VALID_CPF = "529.982.247-25"
VALID_CNPJ = "11.222.333/0001-81"


def redact(text: str, **options):
    return Redactor(RedactOptions(**options)).redact_text(text)


def test_check_digits():
    assert cpf_valid("52998224725") and not cpf_valid("52998224726")
    assert not cpf_valid("11111111111") and not cpf_valid("123")
    assert cnpj_valid("11222333000181") and not cnpj_valid("11222333000182")
    assert not cnpj_valid("00000000000000")


@pytest.mark.parametrize("cpf", [VALID_CPF, "52998224725", "529982247-25"])
def test_cpf_forms_become_the_same_pseudonym(cpf):
    r = redact(f"funcionário CPF={cpf}; ok")
    assert r.text == "funcionário CPF=CPF-0001; ok" and r.counts == {"cpf": 1}


def test_punctuated_cpf_is_masked_even_with_wrong_check_digits():
    r = redact("cpf 123.456.789-00 informado")
    assert "123.456.789-00" not in r.text and r.counts == {"cpf": 1}


@pytest.mark.parametrize("text", [
    "2026-11-28 09:15:02.123 -03:00 pedido 52998224726 (dígitos errados)",
    "chave 152998224725 é longa demais, 5299822472 curta demais",
    "versão 12.1.2406.145, valor 1.234.567,89, telefone 11987654321",
    "IDMOV=20261128091502 timestamp",
    "decimal 0.52998224725",
])
def test_numbers_that_are_not_documents(text):
    r = redact(text)
    assert r.text == text, r.counts


def test_cnpj():
    r = redact(f"fornecedor {VALID_CNPJ} e 11222333000181 e 11.222.333/0001-00")
    assert r.text == "fornecedor CNPJ-0001 e CNPJ-0001 e CNPJ-0002"
    assert r.counts == {"cnpj": 3}


def test_same_value_same_pseudonym_across_texts_and_files():
    redactor = Redactor()
    a = redactor.redact_text(f"a {VALID_CPF} b joao@x.com.br", filename="log1.txt")
    b = redactor.redact_text("joao@X.COM.BR 52998224725 e 111.444.777-35", filename="rmerror.txt")
    assert a.text == "a CPF-0001 b email-0001@pseudonimo.invalid"
    assert b.text == "email-0001@pseudonimo.invalid CPF-0001 e CPF-0002"
    assert redactor.pseudonyms.lookup("cpf", "52998224725") == "CPF-0001"


@pytest.mark.parametrize(("text", "expected"), [
    ("enviado para maria.souza+rh@empresa.com.br.", "enviado para email-0001@pseudonimo.invalid."),
    ("<Email>JOAO@Empresa.COM</Email>", "<Email>email-0001@pseudonimo.invalid</Email>"),
    ("SELECT * FROM PFUNC WHERE CODCOLIGADA = @CODCOLIGADA AND x = @P1", None),
    ("usuario@localhost sem domínio", None),
    ("já pseudônimo email-0007@pseudonimo.invalid", None),
])
def test_email(text, expected):
    r = redact(text)
    assert r.text == (expected if expected is not None else text)


@pytest.mark.parametrize(("text", "expected"), [
    ("placa 00:1A:2B:3C:4D:5E.", "placa MAC-0001."),
    ("placa 00-1a-2b-3c-4d-5e, ativa", "placa MAC-0001, ativa"),
    ("(00:1A:2B:3C:4D:5E)", "(MAC-0001)"),
    ("fim 00:1A:2B:3C:4D:5E", "fim MAC-0001"),
])
def test_mac_addresses_also_before_punctuation(text, expected):
    assert redact(text).text == expected


@pytest.mark.parametrize("text", [
    "hora 09:15:02 e 2026-11-28",
    "guid 078977f4-6459-df4e-1d4c-37a2b6ee003d",
    "mistura 00:1A-2B:3C:4D:5E",
    "sete grupos 00:11:22:33:44:55:66",
    "ipv6 fe80::1a2b:3c4d:5e6f:7a8b",
])
def test_not_mac_addresses(text):
    assert redact(text).text == text


def test_keep_personal_data_opts_out():
    text = f"cpf {VALID_CPF} cnpj {VALID_CNPJ} joao@x.com.br 00:1A:2B:3C:4D:5E Password=abc"
    r = redact(text, personal_data=False)
    assert r.text == text.replace("Password=abc", "Password=********")
    assert r.counts == {"connection-string-password": 1}


def test_ipv4_is_optional():
    text = "servidor 10.0.12.7 e 127.0.0.1 e versão 12.1.2406.145 e 300.1.1.1"
    assert redact(text).text == text
    assert redact(text, ipv4=True).text == "servidor ip-0001 e 127.0.0.1 e versão 12.1.2406.145 e 300.1.1.1"


# -- host and user names -----------------------------------------------------------------------------

HOST_TEXT = ("conectado a APPSRV01:8050 via \\\\appsrv01\\share, fqdn AppSrv01.corp.local, arquivo appsrv01.log\n"
             "mas não em XAPPSRV01X, APPSRV01X, MYAPPSRV01, APPSRV01-BKP, APPSRV01_old\n")


def test_hostnames_whole_words_only():
    r = redact(HOST_TEXT, hostnames=["APPSRV01"])
    first, second = r.text.splitlines()
    assert first == ("conectado a host-0001:8050 via \\\\host-0001\\share, fqdn host-0001.corp.local, "
                     "arquivo host-0001.log")
    assert second == "mas não em XAPPSRV01X, APPSRV01X, MYAPPSRV01, APPSRV01-BKP, APPSRV01_old"
    assert r.counts == {"hostname": 4}


def test_fqdn_and_short_name_together():
    r = redact("a appsrv01.corp.local b appsrv01.corp.localx c", hostnames=["appsrv01.corp.local", "appsrv01"])
    assert r.text == "a host-0001 b host-0002.corp.localx c"


def test_usernames_with_dots_and_accents():
    text = "C:\\Users\\joao.silva\\Desktop e DOMINIO\\João fez login; joao.silvana não; joao. fim"
    r = redact(text, usernames=["joao.silva", "joão", "joao"])
    assert r.text == ("C:\\Users\\user-0001\\Desktop e DOMINIO\\user-0002 fez login; joao.silvana não; "
                      "user-0003. fim")


def test_short_names_are_ignored():
    text = "RM.exe no servidor rm"
    assert redact(text, hostnames=["rm"], usernames=["db"]).text == text


def test_unicode_text_spans_are_character_offsets():
    r = redact("ação é José: joao@x.com.br fim", usernames=["José"])
    assert r.text == "ação é user-0001: email-0001@pseudonimo.invalid fim"
    for start, end, rule in r.spans:
        assert r.text[start:end] in ("user-0001", "email-0001@pseudonimo.invalid"), rule
