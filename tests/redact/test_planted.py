"""Secrets of 30 kinds planted across realistic fixture files (Alias.dat, .config, appsettings JSON,
TRACKLOG, RMError) in UTF-8, cp1252 and UTF-16: none of their bytes may come out, while blank
lines, line endings and words that merely contain a host name come out untouched."""

from __future__ import annotations

import base64
import codecs

import pytest

from collector.redact import RedactOptions, Redactor

KNOWN = "Pl4nt@d0-S3nh4-RM!"  # the Alias.dat password, also passed to the engine as a known secret

# kind of secret -> the value planted (distinct, so a leak names its rule)
SECRETS = {
    "alias-dat-password": KNOWN,
    "appsettings-dbpassword": "Qx7appDbPass",
    "appsettings-senha": "Qx7senhaInteg",
    "appsettings-chave-encrypted": "UXg3Q2hhdmVDcmlwdG8xMjM0NTY3OA==",
    "connection-string-password": "Qx7connStrPw",
    "connection-string-quot": "Qx7quot;semi",
    "machinekey": "9F86D081884C7D659A2FEAA0C55AD015",
    "application-setting": "Qx7settingWs",
    "json-client-secret": "Qx7clientSecret",
    "json-api-key": "Qx7jsonApiKey",
    "json-private-key": "MIIEvQIBADANBgkqhkiG9w0BAQEFQx7",
    "odbc-pwd-braces": "Qx7br;aced",
    "quoted-password": "Qx7dq;uoted",
    "escaped-json-senha": "Qx7escJson",
    "bearer-token": "Qx7bearer0123456789abcdef",
    "basic-auth": base64.b64encode(b"analista@totvs.com.br/token:Qx7basicTok").decode(),
    "jwt": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJRN2p3dCIsImV4cCI6MTg5MzQ1NjAwMH0.Qx7jwtSignature_-abc",
    "pem-private-key": "MIIEowIBAAKCAQEAQx7pemBodyLine",
    "zendesk-token": "Qx7zendeskApiTok",
    "query-token": "Qx7queryToken99",
    "api-key-param": "Qx7apiKeyParam",
    "url-credentials": "Qx7urlPass",
    "aws-key": "AKIAQX7PLANTED12345X",
    "github-token": "ghp_Qx7plantedGithubToken0123456789abc",
    "soap-senha-element": "Qx7soapSenha",
    "free-senha": "Qx7freeSenha",
    "cpf-punctuated": "529.982.247-25",
    "cpf-bare": "11144477735",
    "cnpj": "11.222.333/0001-81",
    "email": "joana.planted@empresa.com.br",
    "mac": "3C:52:82:AB:CD:EF",
}
S = SECRETS

FILES = {
    ("Alias.dat", "config"): f"""<?xml version="1.0" standalone="yes"?>
<RMSAliasData xmlns="http://tempuri.org/RMSAliasData.xsd">
  <DbConfig>
    <Alias>CorporeRM</Alias>
    <DbType>SqlServer</DbType>
    <DbServer>DBSRV\\RM</DbServer>
    <DbName>CORPORERM</DbName>
    <UserName>rm</UserName>
    <Password>{S['alias-dat-password']}</Password>
  </DbConfig>
</RMSAliasData>
""",
    ("RM.Host.Service.exe.config", "config"): f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>

  <appSettings>
    <add key="DefaultDB" value="CorporeRM" />
    <add key="Host" value="APPSRV01" />
    <add key="DbPassword" value="{S['appsettings-dbpassword']}" />
    <add key="SenhaIntegracao" value="{S['appsettings-senha']}" />
    <add key="ChaveCriptografia" value="{S['appsettings-chave-encrypted']}" />
    <add key="JobServer3Camadas" value="true" />
  </appSettings>

  <connectionStrings>
    <add name="rm" connectionString="Data Source=DBSRV;Initial Catalog=CORPORERM;User ID=rm;Password={S['connection-string-password']};" />
    <add name="rm2" connectionString="Server=DBSRV;Password=&quot;{S['connection-string-quot']}&quot;;Database=X" />
  </connectionStrings>
  <system.web><machineKey validationKey="{S['machinekey']}" validation="SHA1" /></system.web>
  <applicationSettings>
    <setting name="SenhaWebService" serializeAs="String">
      <value>{S['application-setting']}</value>
    </setting>
  </applicationSettings>
</configuration>
""",
    ("appsettings.json", "config"): f"""{{
  "Auth": {{
    "ClientSecret": "{S['json-client-secret']}",
    "ApiKey": "{S['json-api-key']}",
    "SigningKey": "-----BEGIN PRIVATE KEY-----\\n{S['json-private-key']}\\n-----END PRIVATE KEY-----\\n"
  }},
  "Serilog": {{ "MinimumLevel": "Information" }}
}}
""",
    ("TrackLog-20261128.log", "logs"): f"""RM.Lib.Data.DbServices2026-11-28 09:15:02.123 -03:00 LGC [INF] Iniciando em APPSRV01:8050
2026-11-28 09:15:02.200 -03:00  [DBG] ODBC: DSN=rm;UID=rm;PWD={{{S['odbc-pwd-braces']}}}

2026-11-28 09:15:02.300 -03:00  [DBG] Server=DBSRV;Password="{S['quoted-password']}";Database=CORPORERM
2026-11-28 09:15:02.400 -03:00  [DBG] body={{\\"usuario\\":\\"mestre\\",\\"senha\\":\\"{S['escaped-json-senha']}\\"}}
2026-11-28 09:15:02.500 -03:00  [DBG] Authorization: Bearer {S['bearer-token']}
2026-11-28 09:15:02.600 -03:00  [DBG] Authorization: Basic {S['basic-auth']}
2026-11-28 09:15:02.700 -03:00  [DBG] id_token {S['jwt']} recebido
2026-11-28 09:15:02.800 -03:00  [WRN] chave carregada:
-----BEGIN RSA PRIVATE KEY-----
{S['pem-private-key']}
MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun

-----END RSA PRIVATE KEY-----
2026-11-28 09:15:02.900 -03:00  [DBG] portal auth analista@totvs.com.br/token:{S['zendesk-token']}
2026-11-28 09:15:03.000 -03:00  [DBG] GET https://api.empresa.com/v1?token={S['query-token']}&page=2
2026-11-28 09:15:03.100 -03:00  [DBG] GET /geo?api_key={S['api-key-param']}
2026-11-28 09:15:03.200 -03:00  [DBG] FileServerPath=ftp://rmsvc:{S['url-credentials']}@files.empresa.com/rm
2026-11-28 09:15:03.300 -03:00  [DBG] s3 key {S['aws-key']} github {S['github-token']}
2026-11-28 09:15:03.400 -03:00  [DBG] SOAP <soap:Body><Login><Usuario>mestre</Usuario><Senha>{S['soap-senha-element']}</Senha></Login></soap:Body>
2026-11-28 09:15:03.500 -03:00  [ERR] falha de login, senha: {S['free-senha']}
2026-11-28 09:15:03.600 -03:00  [INF] Funcionário CPF {S['cpf-punctuated']} e PPESSOA.CPF = '{S['cpf-bare']}'
2026-11-28 09:15:03.700 -03:00  [INF] Fornecedor {S['cnpj']}, contato {S['email']}
2026-11-28 09:15:03.800 -03:00  [INF] Licença na placa {S['mac']}; servidores XAPPSRV01X, MYAPPSRV01 e APPSRV01-BKP

""",
    ("RMError-20261128.txt", "rmerror"): f"""Erro ao conectar ao banco de dados.
Detalhes: Login failed for user 'rm' using {KNOWN} on DBSRV
   em RM.Lib.Data.DbServices.Open()

Servidor: APPSRV01
""",
}
CRLF_FILES = {"TrackLog-20261128.log", "RMError-20261128.txt"}
ENCODINGS = [("utf-8", b""), ("cp1252", b""), ("utf-16-le", codecs.BOM_UTF16_LE)]


def test_at_least_twenty_kinds_are_planted_and_each_is_in_a_fixture():
    assert len(SECRETS) >= 20
    everything = "".join(FILES.values())
    for kind, value in SECRETS.items():
        assert value in everything, kind


def _forms(value: str) -> set[bytes]:
    """The bytes of ``value`` in every encoding a file may use, and of each 6-character window of
    it that the fixtures do not also hold elsewhere (a window like "Passwo" proves nothing)."""
    context = "".join(FILES.values())
    for secret in sorted(SECRETS.values(), key=len, reverse=True):
        context = context.replace(secret, "\x00")
    parts = {value} | {value[i:i + 6] for i in range(len(value) - 5)} - {
        value[i:i + 6] for i in range(len(value) - 5) if value[i:i + 6] in context}
    out = set()
    for part in parts:
        for codec in ("utf-8", "cp1252", "utf-16-le", "utf-16-be"):
            out.add(part.encode(codec))
    return out


@pytest.mark.parametrize(("codec", "bom"), ENCODINGS, ids=[c for c, _ in ENCODINGS])
def test_no_planted_secret_survives_in_any_encoding(tmp_path, codec, bom):
    src_dir, out_dir = tmp_path / "src", tmp_path / "bundle"
    src_dir.mkdir()
    out_dir.mkdir()
    redactor = Redactor(RedactOptions(hostnames=["APPSRV01"]), known_secrets=[KNOWN])
    originals = {}
    for (name, kind), text in FILES.items():
        if name in CRLF_FILES:
            text = text.replace("\n", "\r\n")
        data = bom + text.encode(codec)
        originals[name] = data
        (src_dir / name).write_bytes(data)
        with open(out_dir / name, "wb") as out:
            redactor.redact_file(src_dir / name, out, kind=kind, filename=name)

    outputs = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    blob = b"\x00".join(outputs.values())
    for kind, value in SECRETS.items():
        leaked = [form for form in _forms(value) if form in blob]
        assert not leaked, f"{kind} leaked ({codec}): {leaked[:3]}"

    unit = "\n".encode(codec)
    for name, data in outputs.items():
        assert data.startswith(bom)
        assert data.count(unit) == originals[name].count(unit), name  # no line added or removed
        if name in CRLF_FILES:
            assert data.count("\r\n".encode(codec)) == data.count(unit)
    log = outputs["TrackLog-20261128.log"].decode(codec)
    assert "XAPPSRV01X, MYAPPSRV01 e APPSRV01-BKP" in log  # words merely containing the host
    assert "Iniciando em host-0001:8050" in log
    assert "\r\n\r\n2026-11-28 09:15:02.300" in log and log.endswith("\r\n\r\n")  # blank lines
    assert "-----BEGIN RSA PRIVATE KEY-----\r\n********\r\n********\r\n\r\n-----END" in log

    summary = redactor.summary()
    for rule in ("alias-password", "config-secret-key", "connection-string-password", "password-assignment",
                 "api-token", "bearer-token", "basic-auth", "jwt", "private-key", "url-credentials",
                 "known-secret", "cpf", "cnpj", "email", "mac-address", "hostname"):
        assert summary.get(rule), (rule, summary)


def test_keep_personal_data_keeps_it_but_still_masks_secrets(tmp_path):
    redactor = Redactor(RedactOptions(personal_data=False), known_secrets=[KNOWN])
    out = redactor.redact_text(FILES[("TrackLog-20261128.log", "logs")]).text
    for kind in ("cpf-punctuated", "cpf-bare", "cnpj", "email", "mac"):
        assert SECRETS[kind] in out
    for kind in ("bearer-token", "free-senha", "pem-private-key", "jwt"):
        assert SECRETS[kind] not in out


def test_redacting_twice_changes_nothing_more():
    redactor = Redactor(RedactOptions(hostnames=["APPSRV01"]), known_secrets=[KNOWN])
    for (name, kind), text in FILES.items():
        once = redactor.redact_text(text, kind=kind, filename=name).text
        assert redactor.redact_text(once, kind=kind, filename=name).text == once, name
