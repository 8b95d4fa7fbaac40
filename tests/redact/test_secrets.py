"""Secret rules: each one masks what it must (and only that), and leaves look-alikes alone."""

from __future__ import annotations

import base64

import pytest

from collector.redact import MASK, RedactOptions, Redactor, alias_passwords


def redact(text: str, kind: str = "logs", filename: str = "", **options):
    return Redactor(RedactOptions(**options)).redact_text(text, kind=kind, filename=filename)


def only(result, rule: str) -> None:
    assert set(result.counts) == {rule}, result.counts


# -- alias-password / config-secret-key: XML elements ------------------------------------------

ALIAS = """<?xml version="1.0" standalone="yes"?>
<RMSAliasData xmlns="http://tempuri.org/RMSAliasData.xsd">
  <DbConfig>
    <Alias>CorporeRM</Alias>
    <DbServer>DBSRV\\RM</DbServer>
    <UserName>rm</UserName>
    <Password>Tr0ub4dor&amp;3</Password>
    <JobServerEnabled>true</JobServerEnabled>
  </DbConfig>
</RMSAliasData>
"""


def test_alias_dat_password_is_masked_and_named_for_alias_dat():
    r = redact(ALIAS, kind="config", filename=r"C:\totvs\CorporeRM\RM.Net\Alias.dat")
    assert "Tr0ub4dor" not in r.text
    assert f"<Password>{MASK}</Password>" in r.text
    assert "<DbServer>DBSRV\\RM</DbServer>" in r.text and "<UserName>rm</UserName>" in r.text
    only(r, "alias-password")


def test_same_element_elsewhere_is_config_secret_key():
    r = redact(ALIAS, kind="config", filename="outro.xml")
    assert "Tr0ub4dor" not in r.text
    only(r, "config-secret-key")


@pytest.mark.parametrize("xml", [
    "<x:Senha>segredo-1</x:Senha>",
    "<ChaveAcesso tipo='a'>segredo-1</ChaveAcesso>",
    "<ClientSecret>\n   segredo-1\n</ClientSecret>",
    "<Password><![CDATA[segredo-1<>]]></Password>",
    "<SenhaUsuário>segredo-1</SenhaUsuário>",
])
def test_secret_elements(xml):
    r = redact(xml, kind="config")
    assert "segredo-1" not in r.text
    assert r.counts == {"config-secret-key": 1}


@pytest.mark.parametrize("xml", ["<Password/>", "<Password />", "<Password></Password>",
                                 "</Password>", "<PasswordPolicy><Min>8</Min></PasswordPolicy>"])
def test_empty_or_container_elements_change_nothing(xml):
    r = redact(xml, kind="config")
    assert r.text == xml and r.counts == {}


# -- config-secret-key: appSettings, attributes, JSON --------------------------------------------

def test_appsettings_value_of_a_secret_named_key_is_masked():
    text = ('<add key="DbPassword" value="p@ss;word"/>\n'
            '<add value="QkFTRTY0LWVuY3J5cHRlZA==" key="ChaveCriptografia" />\n'
            '<add key="Host" value="APPSRV01"/>\n'
            '<add key="DefaultDB" value="CorporeRM"/>\n'
            '<add key="HostClientPort" value="8050"/>\n')
    r = redact(text, kind="config")
    assert "p@ss;word" not in r.text and "QkFTRTY0" not in r.text
    assert '<add key="Host" value="APPSRV01"/>' in r.text
    assert '<add key="DefaultDB" value="CorporeRM"/>' in r.text and 'value="8050"' in r.text
    assert r.counts == {"config-secret-key": 2}


def test_application_settings_value():
    text = '<setting name="SenhaWebService" serializeAs="String">\n  <value>segredo-2</value>\n</setting>'
    r = redact(text, kind="config")
    assert "segredo-2" not in r.text and "<value>********</value>" in r.text


def test_attributes_whose_name_says_secret():
    text = ('<machineKey validationKey="A1B2C3D4" decryptionKey=\'E5F6\' validation="SHA1" />\n'
            '<assemblyIdentity name="Newtonsoft.Json" publicKeyToken="30ad4fe6b2a6aeed" culture="neutral" />\n'
            '<endpoint address="http://x" binding="basicHttpBinding" />\n')
    r = redact(text, kind="config")
    assert "A1B2C3D4" not in r.text and "E5F6" not in r.text
    assert 'publicKeyToken="30ad4fe6b2a6aeed"' in r.text  # public, and needed to debug bindings
    assert 'validation="SHA1"' in r.text and 'binding="basicHttpBinding"' in r.text
    assert r.counts == {"config-secret-key": 2}


def test_json_keys_whatever_the_value_looks_like():
    text = """{
  "ConnectionStrings": {"Default": "Server=db;Database=rm"},
  "ClientSecret": "s3cr3t-value",
  "ApiKey": "abc\\"def",
  "Client Secret Value": "other-secret",
  "PinSenha": 4321,
  "CONFIGGLOBALAPPKEY": "app-key-1",
  "Serilog": {"MinimumLevel": "Information", "path": "Logs\\\\TrackLog-.log"},
  "key": "DbPassword"
}"""
    r = redact(text, kind="config")
    for secret in ("s3cr3t-value", 'abc\\"def', "other-secret", "4321", "app-key-1"):
        assert secret not in r.text
    assert '"MinimumLevel": "Information"' in r.text and "TrackLog-.log" in r.text
    assert '"key": "DbPassword"' in r.text  # names a secret, is not one
    assert r.counts == {"config-secret-key": 5}


def test_json_escaped_inside_a_log_line():
    text = '2026-11-28 10:00:00.000 -03:00  [DBG] payload={\\"usuario\\":\\"mestre\\",\\"senha\\":\\"Segr3do!\\"}'
    r = redact(text)
    assert "Segr3do!" not in r.text and '\\"usuario\\":\\"mestre\\"' in r.text


def test_key_and_chave_are_not_secrets_in_free_log_text():
    text = "Registro duplicado: chave=00001 key=CODCOLIGADA; PrimaryKey: PFUNC_PK"
    r = redact(text, kind="logs")
    assert r.text == text and r.counts == {}


def test_key_and_chave_are_secrets_in_config_free_text():
    r = redact("ChaveLicenca=AAAA-BBBB\nServidor=APPSRV01\n", kind="config")
    assert "AAAA-BBBB" not in r.text and "Servidor=APPSRV01" in r.text


# -- connection-string-password ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "secret"), [
    ("Data Source=DBSRV\\RM;Initial Catalog=CORPORERM;User ID=rm;Password=Abc 123!;Pooling=true", "Abc 123!"),
    ("Driver={ODBC Driver 17};Server=db;UID=rm;PWD=xyz789", "xyz789"),
    ('Server=db;Password="semi;colon";Database=rm', "semi;colon"),
    ("Server=db;Pwd='quo;ted';Database=rm", "quo;ted"),
    ("DSN=rm;PWD={br;ace}", "br;ace"),
    ('<add name="rm" connectionString="Server=db;User Id=rm;Password=&quot;x;y&quot;" />', "x;y"),
    ("User Id=system;Password=oracle-pw;Data Source=dbsrv/ORCL", "oracle-pw"),
])
def test_connection_string_passwords(text, secret):
    r = redact(text, kind="config")
    assert secret not in r.text
    assert secret.split(";")[-1] not in r.text  # no tail of a quoted value survives either
    assert "connection-string-password" in r.counts


@pytest.mark.parametrize(("text", "tail"), [
    ("DSN=rm;PWD={P@ss}}w0rdTail};Database=rm", "w0rdTail"),  # ODBC: "}}" inside braces is one "}"
    ("Server=db;Password={a}}b;c}}TailX};Database=rm", "TailX"),
    ('Server=db;Password="say ""hi"" TailQ";Database=rm', "TailQ"),  # ADO.NET doubled quotes
    ("Server=db;Password='it''s TailS';Database=rm", "TailS"),
])
def test_connection_string_escaped_quotes_leave_no_tail(text, tail):
    r = redact(text, kind="config")
    assert tail not in r.text, r.text
    assert r.text.endswith(";Database=rm")
    assert "connection-string-password" in r.counts


def test_connection_string_keeps_the_rest():
    text = "Server=db;Database=CORPORERM;User ID=rm;Password=p1;Connect Timeout=30"
    r = redact(text)
    assert r.text == f"Server=db;Database=CORPORERM;User ID=rm;Password={MASK};Connect Timeout=30"


def test_password_word_in_prose_is_left_alone():
    text = "Password expired for user mestre; please change the password at next login"
    assert redact(text).text == text


# -- password-assignment / api-token in free text ------------------------------------------------

@pytest.mark.parametrize(("text", "secret", "rule"), [
    ("login mestre senha: hunter22 ok", "hunter22", "password-assignment"),
    ("db_pass=letmein1 host=db", "letmein1", "password-assignment"),
    ("'password': 'pyth0n-dict'", "pyth0n-dict", "password-assignment"),
    ("GET /api?user=x&access_token=0123456789abcdef&y=1", "0123456789abcdef", "api-token"),
    ("api_key=AbCdEf0123456789", "AbCdEf0123456789", "api-token"),
    ("auth via joao@empresa.com.br/token:ZdT0k3nValue123", "ZdT0k3nValue123", "api-token"),
    ("client_secret=cl13nt-s3cr3t", "cl13nt-s3cr3t", "password-assignment"),
    ('Senha = "com espaco"', "com espaco", "password-assignment"),
])
def test_free_text_assignments(text, secret, rule):
    r = redact(text, personal_data=False)
    assert secret not in r.text
    assert rule in r.counts


def test_double_colon_is_not_an_assignment():
    text = "at RM.Lib.Token::Parse(String s)"
    assert redact(text).text == text


# -- bearer / basic / authorization headers --------------------------------------------------------

def test_bearer_tokens():
    token = "ya29.a0AfH6SMBx-very_long~token/value=="
    r = redact(f"Authorization: Bearer {token}\nbearer {token}\n")
    assert token not in r.text and r.counts == {"bearer-token": 2}


def test_bearer_in_prose_is_left_alone():
    text = "Bearer authentication failed; token type: Bearer"
    r = redact(text, personal_data=False)
    assert "Bearer authentication failed" in r.text


def test_basic_credentials_are_recognized_by_their_content():
    cred = base64.b64encode(b"agent@empresa.com.br/token:ABCDEF123456").decode()
    r = redact(f"header Basic {cred} sent; Basic configuration loaded")
    assert cred not in r.text and "Basic configuration loaded" in r.text
    assert r.counts == {"basic-auth": 1}


def test_authorization_header_with_any_scheme():
    r = redact('"Authorization": "Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnagMDAuBgkqhkiC"')
    assert "YIIGhg" not in r.text and r.counts == {"api-token": 1}


# -- jwt, private keys, url credentials, known token formats ---------------------------------------

JWT = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvYW8ifQ"
       ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")


def test_jwt():
    r = redact(f"id_token={JWT}&state=x\nraw {JWT}.\n")
    assert "SflKxwRJ" not in r.text and "eyJzdWIi" not in r.text
    assert r.counts.get("jwt", 0) + r.counts.get("api-token", 0) == 2


def test_eyj_alone_is_not_a_jwt():
    text = "eyJhbGciOiJIUzI1NiJ9 is only a header"
    assert redact(text).text == text


PEM = """-----BEGIN RSA PRIVATE KEY-----
Proc-Type: 4,ENCRYPTED
DEK-Info: AES-128-CBC,2D7E9F0C1B3A5D4E

MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun
VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK
-----END RSA PRIVATE KEY-----
"""


def test_private_key_body_is_masked_line_by_line():
    r = redact(f"antes\n{PEM}depois\n")
    assert "MIIEowIBAAKCAQEAu1SU1" not in r.text and "VTLw7onLRnrq0" not in r.text
    assert "2D7E9F0C" not in r.text
    assert r.text.startswith("antes\n-----BEGIN RSA PRIVATE KEY-----\n")
    assert r.text.endswith("-----END RSA PRIVATE KEY-----\ndepois\n")
    assert r.text.count("\n") == f"antes\n{PEM}depois\n".count("\n")  # blank line inside stays
    assert r.counts == {"private-key": 1}


def test_private_key_on_one_line_inside_json():
    text = '{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkq\\n-----END PRIVATE KEY-----\\n"}'
    r = redact(text, kind="config")
    assert "MIIEvQIBADANBgkq" not in r.text


def test_truncated_private_key_stops_at_the_first_log_line():
    text = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n2026-11-28 10:00:00 [INF] seguiu\n"
    r = redact(text)
    assert "b3BlbnNzaC1rZXkt" not in r.text and "2026-11-28 10:00:00 [INF] seguiu" in r.text


def test_url_credentials():
    r = redact("conectando em ftp://backup:S3nh@F0rte@files.empresa.com/rm e https://host/x@y")
    assert "S3nh@F0rte" not in r.text and "F0rte" not in r.text
    assert "ftp://backup:" in r.text and "@files.empresa.com/rm" in r.text
    assert r.counts == {"url-credentials": 1}


@pytest.mark.parametrize("token", [
    "AKIAIOSFODNN7EXAMPLE",
    "ghp_" + "a1B2c3D4e5" * 4,
    "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc",
])
def test_known_token_formats(token):
    r = redact(f"config carregada: {token} ok")
    assert token not in r.text and r.counts == {"api-token": 1}


# -- known secrets (the literal Alias.dat password, anywhere) ---------------------------------------

def test_known_secret_is_masked_anywhere_in_any_form():
    secret = "Pl4nt@d0-S3nh4&RM!"
    text = (f"erro ao conectar usando {secret} no banco\n"
            f"xml: Pl4nt@d0-S3nh4&amp;RM! url: Pl4nt%40d0-S3nh4%26RM%21\n")
    r = Redactor(known_secrets=[secret]).redact_text(text)
    assert "Pl4nt" not in r.text and r.counts == {"known-secret": 3}


def test_short_known_secret_only_as_a_whole_word():
    r = Redactor(known_secrets=["rm12", "abc"]).redact_text("senha rm12 em drm123 e abc")
    assert r.text == f"senha {MASK} em drm123 e abc"


def test_add_known_secrets_later():
    redactor = Redactor()
    redactor.add_known_secrets(["segredo-tardio"])
    assert "segredo-tardio" not in redactor.redact_text("x segredo-tardio y").text


def test_mask_has_fixed_length():
    r = redact("Password=a;\nPassword=" + "b" * 300 + ";\n")
    assert r.text == f"Password={MASK};\nPassword={MASK};\n"


# -- alias_passwords: what the collector hands over as known secrets -------------------------------

@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_alias_passwords_in_any_encoding(codec):
    data = (ALIAS.replace("</RMSAliasData>", "<DbConfig><Password><![CDATA[çã<x>]]></Password>"
                          "<Password/></DbConfig></RMSAliasData>")).encode(codec)
    assert alias_passwords(data) == ["Tr0ub4dor&3", "çã<x>"]


def test_alias_passwords_of_broken_or_binary_files():
    assert alias_passwords(b"<RMSAliasData><DbConfig><Password>abc123") == ["abc123"]  # truncated
    assert alias_passwords(b"<Password>abc123</Password") == ["abc123"]
    assert alias_passwords(b"PK\x03\x04...") == []


def test_unterminated_cdata_is_masked_to_the_end_of_its_line():
    r = redact("<Password><![CDATA[abc\nnext line", kind="config")
    assert r.text == "<Password><![CDATA[********\nnext line"


@pytest.mark.parametrize(("text", "expected"), [
    ("token=" * 50 + "\nfim", "token=********\nfim"),
    ("x Password=" * 40 + "\n", f"x Password={MASK}\n"),
    ("Authorization:" * 30 + "\n", f"Authorization:{MASK}\n"),
    ("-----BEGIN RSA PRIVATE KEY-----" * 20 + "\n10:00 [INF] ok", f"-----BEGIN RSA PRIVATE KEY-----{MASK}\n10:00 [INF] ok"),
    ("<password><![CDATA[" * 20, f"<password><![CDATA[{MASK}"),
])
def test_repeated_triggers_inside_one_masked_value(text, expected):
    assert redact(text).text == expected
