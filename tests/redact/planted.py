"""A generator of realistic RM machines with planted secrets and personal data (issue 11).

``plants(seed)`` draws one value per category (SPEC §4.8 "Where redaction really fails"), in the
shape real files give it; ``machine_files(p)`` writes them into realistic files (RM .config,
Alias.dat, appsettings.json, TRACKLOG lines, an RMError text, a PowerShell transcript, a key file);
``encode(text, variant)`` gives the bytes of each file in UTF-8, UTF-8 with BOM, cp1252, UTF-16LE/BE
with and without BOM, and mixed files (ANSI then UTF-16LE, UTF-16 with a BOM then ANSI);
``leaks(data, p)`` lists every planted value of which any 6-character piece is in ``data`` in any
of those encodings.

Values are random per seed (base62, hex, digits with valid check digits), so a piece found in an
output can only come from the planted value.
"""

from __future__ import annotations

import base64
import codecs
import json
import random
import string
from dataclasses import dataclass

from tests.fixtures.rm_install import alias_dat

ALNUM = string.ascii_letters + string.digits
PIECE = 6
ENCODINGS = ("utf-8", "cp1252", "utf-16-le", "utf-16-be")
VARIANTS = ("utf-8", "utf-8-sig", "cp1252", "utf-16-le", "utf-16-le+bom", "utf-16-be", "utf-16-be+bom",
            "ansi+utf-16-le", "utf-16-le+bom+ansi", "utf-16-be+bom+utf-8")


def _r(rng: random.Random, n: int, alphabet: str = ALNUM) -> str:
    # a digit and both cases guaranteed where the alphabet allows: looks like a real secret
    while True:
        s = "".join(rng.choice(alphabet) for _ in range(n))
        if alphabet != ALNUM or (any(c.isdigit() for c in s) and any(c.isupper() for c in s)
                                 and any(c.islower() for c in s)):
            return s


def cpf_digits(rng: random.Random, lead_zero: bool = False) -> str:
    while True:
        d = [0 if lead_zero and i == 0 else rng.randint(0, 9) for i in range(9)]
        if len(set(d)) > 2 and d[1] != 0:
            break
    for n in (9, 10):
        d.append((sum(d[i] * (n + 1 - i) for i in range(n)) * 10 % 11) % 10)
    return "".join(map(str, d))


def cnpj_body(rng: random.Random, alnum: bool = False) -> str:
    alphabet = string.digits + (string.ascii_uppercase if alnum else "")
    while True:
        body = "".join(rng.choice(alphabet) for _ in range(8)) + f"{rng.randint(2, 9999):04d}"
        if not alnum or any(c.isalpha() for c in body):
            break
    for weights in ((5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2), (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)):
        total = sum((ord(c) - 48) * w for c, w in zip(body, weights, strict=True))
        body += str(0 if total % 11 < 2 else 11 - total % 11)
    return body


@dataclass
class Plants:
    """category → planted value (what must never come out), plus the names of the machine."""

    values: dict[str, str]
    username: str
    hostname: str

    def __getitem__(self, key: str) -> str:
        return self.values[key]


def plants(seed: int = 11) -> Plants:
    rng = random.Random(seed)
    cpf = cpf_digits(rng)
    cpf2 = cpf_digits(rng)
    cpf3 = cpf_digits(rng)
    cpf_zero = cpf_digits(rng, lead_zero=True)
    cnpj = cnpj_body(rng)
    cnpj2 = cnpj_body(rng)
    cnpj_alnum = cnpj_body(rng, alnum=True)
    cnpj_alnum2 = cnpj_body(rng, alnum=True)
    smtp_user, smtp_pass = "rm.notifica@empresa.com.br", _r(rng, 12)
    v = {
        # configs
        "alias-password": _r(rng, 14),
        "appsetting-password": _r(rng, 12),
        "connection-string": _r(rng, 12),
        "jwt-key": _r(rng, 40),
        "array-secret-1": _r(rng, 16),
        "array-secret-2": _r(rng, 16),
        "object-secret": _r(rng, 16),
        "xml-entities": _r(rng, 6) + "&" + _r(rng, 6) + ">" + _r(rng, 6),
        "xml-gt-attribute": _r(rng, 7) + ">" + _r(rng, 7),
        "xml-comment": _r(rng, 14),
        "xml-comment-add": _r(rng, 14),
        "smart-quotes": _r(rng, 7) + " " + _r(rng, 7),
        "unclosed-quote": _r(rng, 14),
        "spaces": _r(rng, 6) + " " + _r(rng, 6) + " " + _r(rng, 6),
        "yaml-block-1": _r(rng, 18),
        "yaml-block-2": _r(rng, 18),
        "pw": _r(rng, 12),
        "psw": _r(rng, 12),
        "prose-pt": _r(rng, 12),
        "prose-pt-2": _r(rng, 12),
        "connect-setting": _r(rng, 12),
        # Oracle user/password@host
        "oracle-sqlplus": _r(rng, 12),
        "oracle-jdbc": _r(rng, 12),
        "oracle-ezconnect": _r(rng, 12),
        "oracle-connect": _r(rng, 12),
        # command lines
        "sqlcmd": _r(rng, 12),
        "net-use": _r(rng, 12),
        "runas-savecred": _r(rng, 12),
        # HTTP and mail
        "smtp-auth-plain": base64.b64encode(f"\0{smtp_user}\0{smtp_pass}".encode()).decode(),
        "smtp-auth-login": base64.b64encode(_r(rng, 12).encode()).decode(),
        "digest-response": _r(rng, 32, "0123456789abcdef"),
        "aspxauth": _r(rng, 64, "0123456789ABCDEF"),
        "session-id": _r(rng, 24, string.ascii_lowercase + "012345"),
        "subscription-key": _r(rng, 32, "0123456789abcdef"),
        "x-api-key": _r(rng, 30),
        "account-key": base64.b64encode(rng.randbytes(64)).decode(),
        "sas-signature": base64.b64encode(rng.randbytes(32)).decode().replace("+", "%2B").replace("/", "%2F"),
        "bearer": _r(rng, 40),
        "basic": base64.b64encode(f"integracao:{_r(rng, 12)}".encode()).decode(),
        "jwt": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + base64.urlsafe_b64encode(
            f'{{"sub":"{_r(rng, 8)}","exp":1893456000}}'.encode()).decode().rstrip("=") + "." + _r(rng, 43),
        "url-credentials": _r(rng, 12),
        "url-credentials-host": _r(rng, 12),
        # well-known token formats (public format descriptions of each vendor)
        "aws-access-key-id": "AKIA" + _r(rng, 16, string.ascii_uppercase + "234567"),
        "aws-secret-key": _r(rng, 40, ALNUM + "/+"),
        "gcp-api-key": "AIza" + _r(rng, 35, ALNUM + "-_"),
        "slack-bot": f"xoxb-{rng.randint(10**10, 10**11)}-{rng.randint(10**12, 10**13)}-{_r(rng, 24)}",
        "slack-webhook": f"T{_r(rng, 10, string.ascii_uppercase + string.digits)}/B{_r(rng, 10, string.ascii_uppercase + string.digits)}/{_r(rng, 24)}",
        "github-pat": "ghp_" + _r(rng, 36),
        "github-fine": "github_pat_" + _r(rng, 22) + "_" + _r(rng, 59),
        "gitlab-pat": "glpat-" + _r(rng, 20),
        "stripe-live": "sk_live_" + _r(rng, 24),
        "openai": "sk-proj-" + _r(rng, 48) + "T3BlbkFJ" + _r(rng, 20),
        "anthropic": "sk-ant-api03-" + _r(rng, 86, ALNUM + "-_") + "-" + _r(rng, 6) + "AA",
        "npm": "npm_" + _r(rng, 36),
        "pypi": "pypi-AgEIcHlwaS5vcmc" + _r(rng, 60, ALNUM + "-_"),
        "sendgrid": "SG." + _r(rng, 22, ALNUM + "-_") + "." + _r(rng, 43, ALNUM + "-_"),
        "twilio": "SK" + _r(rng, 32, "0123456789abcdef"),
        "telegram": f"{rng.randint(10**8, 10**9)}:AA{_r(rng, 33, ALNUM + '-_')}",
        "huggingface": "hf_" + _r(rng, 34),
        "google-oauth": "ya29." + _r(rng, 60, ALNUM + "-_"),
        "shopify": "shpat_" + _r(rng, 32, "0123456789abcdef"),
        "digitalocean": "dop_v1_" + _r(rng, 64, "0123456789abcdef"),
        "azure-client-secret": _r(rng, 3) + "8Q~" + _r(rng, 31, ALNUM + "_~.-"),
        "mailgun": "key-" + _r(rng, 32, "0123456789abcdef"),
        "putty-private": _r(rng, 64, ALNUM + "+/"),
        "putty-mac": _r(rng, 64, "0123456789abcdef"),
        "pem-body": _r(rng, 64, ALNUM + "+/"),
        # personal data
        "cpf-formatted": f"{cpf[:3]}.{cpf[3:6]}.{cpf[6:9]}-{cpf[9:]}",
        "cpf-spaces": f"{cpf2[:3]} {cpf2[3:6]} {cpf2[6:9]} {cpf2[9:]}",
        "cpf-en-dash": f"{cpf3[:3]}.{cpf3[3:6]}.{cpf3[6:9]}\u2013{cpf3[9:]}",
        "cpf-bare": cpf_digits(rng),
        "cpf-lost-zero": cpf_zero[1:],
        "cnpj-formatted": f"{cnpj[:2]}.{cnpj[2:5]}.{cnpj[5:8]}/{cnpj[8:12]}-{cnpj[12:]}",
        "cnpj-bare": cnpj2,
        "cnpj-alnum": f"{cnpj_alnum[:2]}.{cnpj_alnum[2:5]}.{cnpj_alnum[5:8]}/{cnpj_alnum[8:12]}-{cnpj_alnum[12:]}",
        "cnpj-alnum-bare": cnpj_alnum2,
        "email": f"{_r(rng, 8, string.ascii_lowercase)}.{_r(rng, 7, string.ascii_lowercase)}@{_r(rng, 7, string.ascii_lowercase)}.com.br",
        "email-urlencoded": f"{_r(rng, 8, string.ascii_lowercase)}%40{_r(rng, 7, string.ascii_lowercase)}.com.br",
        "email-accented": f"joão.{_r(rng, 6, string.ascii_lowercase)}ção@construtora-{_r(rng, 5, string.ascii_lowercase)}ção.com.br",
    }
    username = "mariana." + _r(rng, 9, string.ascii_lowercase)
    hostname = "WKS-" + _r(rng, 8, string.ascii_uppercase + string.digits)
    v["username"] = username
    v["hostname"] = hostname
    return Plants(v, username, hostname)


def _xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def machine_files(p: Plants) -> dict[str, tuple[str, str]]:
    """relative path → (text, kind) of a realistic RM machine's files, every category planted."""
    user, host = p.username, p.hostname
    files: dict[str, tuple[str, str]] = {}
    files["RM.Net/Alias.dat"] = (alias_dat([{"alias": "CorporeRM", "type": "SqlServer", "server": "DBSRV\\RM",
                                             "name": "CORPORERM", "user": "rm"}],
                                           password=_xml_escape(p["alias-password"])).decode("utf-8"), "config")
    files["RM.Net/RM.Host.Service.exe.config"] = (f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <appSettings>
    <add key="DefaultDB" value="CorporeRM" />
    <add key="Host" value="http://svc_rm:{p['url-credentials-host']}@appsrv01:8051" />
    <add key="Port" value="8050" />
    <add key="SenhaServico" value="{_xml_escape(p['appsetting-password'])}" />
    <add key="SmtpPassword" value="{_xml_escape(p['xml-entities'])}" />
    <add key="ChaveAcesso" value="{p['xml-gt-attribute']}" />
    <add key="JobServer3Camadas" value="true" />
    <!-- senha antiga do serviço: {p['xml-comment']} -->
    <!-- <add key="DbPassword" value="{p['xml-comment-add']}" /> -->
    <add key="StorageConnection" value="DefaultEndpointsProtocol=https;AccountName=rmstore;AccountKey={p['account-key']};EndpointSuffix=core.windows.net" />
  </appSettings>
  <connectionStrings>
    <add name="rm" connectionString="Data Source=DBSRV;Initial Catalog=CORPORERM;User ID=rm;Password={p['connection-string']};" />
    <add name="ora" connectionString="Data Source=//orahost:1521/ORCLPDB;User Id=rm_app;Password=&quot;{p['spaces']}&quot;;" />
  </connectionStrings>
  <system.net>
    <mailSettings>
      <smtp from="rm@empresa.com.br"><network host="smtp.empresa.com.br" userName="rm" password="{p['connect-setting']}" /></smtp>
    </mailSettings>
  </system.net>
</configuration>
""", "config")
    settings = {
        "Logging": {"LogLevel": {"Default": "Information"}},
        "Jwt": {"Issuer": "rm", "Key": p["jwt-key"], "ExpireMinutes": 60},
        "ClientSecrets": [p["array-secret-1"], p["array-secret-2"]],
        "Secrets": {"Smtp": p["object-secret"], "Retries": 3},
        "ServiceBus": {"Id": 52998224725, "Stamp": 20261128091502, "Count": 11144477735},
        "Funcionario": {"cpf": int(p["cpf-lost-zero"]), "CNPJ": p["cnpj-alnum-bare"], "Nome": "Fulano"},
        "Integracao": {"Url": "https://api.totvs.com.br", "Ocp-Apim-Subscription-Key": p["subscription-key"],
                       "SasUrl": f"https://rm.blob.core.windows.net/x?sv=2022-11-02&sr=c&sig={p['sas-signature']}"},
    }
    files["RM.Net/appsettings.json"] = (json.dumps(settings, indent=2, ensure_ascii=False) + "\n", "config")
    stamp = "2026-11-28 09:15:{:02d}.123 -03:00"
    lines = [
        f"RM.Lib.Data{stamp.format(1)} [INF] Conectando: sqlplus rm_app/{p['oracle-sqlplus']}@PRODRM @script.sql",
        f"{stamp.format(2)} [ERR] jdbc:oracle:thin:rm_app/{p['oracle-jdbc']}@dbhost:1521/ORCL recusou",
        f"{stamp.format(3)} [DBG] EZConnect rm_app/{p['oracle-ezconnect']}@//dbhost:1521/ORCLPDB",
        f"{stamp.format(4)} [DBG] SQL> CONNECT rm_app/{p['oracle-connect']}@PRODRM",
        f"{stamp.format(5)} [INF] Executando: sqlcmd -S DBSRV\\RM -U sa -P {p['sqlcmd']} -Q \"SELECT 1\"",
        f"{stamp.format(6)} [INF] cmd: net use \\\\fs01\\rm {p['net-use']} /user:CORP\\{user} /persistent:no",
        f"{stamp.format(7)} [WRN] Login pw={p['pw']}&user=x psw={p['psw']}",
        f"{stamp.format(8)} [INF] Usuário relatou: a senha do usuário é {p['prose-pt']} e não funciona",
        f"{stamp.format(9)} [INF] senha do usuário: {p['prose-pt-2']}",
        f"{stamp.format(10)} [DBG] C: AUTH PLAIN {p['smtp-auth-plain']}",
        f"{stamp.format(11)} [DBG] S: 334 UGFzc3dvcmQ6",
        f"{p['smtp-auth-login']}",
        f"{stamp.format(12)} [DBG] Authorization: Digest username=\"{user}\", realm=\"RM\", nonce=\"abc\", uri=\"/api\", response=\"{p['digest-response']}\", qop=auth",
        f"{stamp.format(13)} [DBG] Cookie: .ASPXAUTH={p['aspxauth']}; ASP.NET_SessionId={p['session-id']}",
        f"{stamp.format(14)} [DBG] x-api-key: {p['x-api-key']}",
        f"{stamp.format(15)} [DBG] Authorization: Bearer {p['bearer']}",
        f"{stamp.format(16)} [DBG] Authorization: Basic {p['basic']}",
        f"{stamp.format(17)} [DBG] token recebido {p['jwt']}",
        f"{stamp.format(18)} [ERR] Falha em http://svc:{p['url-credentials']}@appsrv01:8051/RMSServer",
        f"{stamp.format(19)} [INF] password=“{p['smart-quotes']}” user=joao",
        f"{stamp.format(20)} [INF] Password=\"{p['unclosed-quote']}",
        f"{stamp.format(21)} [INF] funcionário CPF {p['cpf-formatted']} / {p['cpf-spaces']} / {p['cpf-en-dash']}",
        f"{stamp.format(22)} [INF] dependente {p['cpf-bare']} incluído",
        f"{stamp.format(23)} [INF] empresa {p['cnpj-formatted']} filial {p['cnpj-bare']} nova {p['cnpj-alnum']}",
        f"{stamp.format(24)} [INF] e-mail {p['email']} / mailto={p['email-urlencoded']} / {p['email-accented']}",
        f"{stamp.format(25)} [INF] perfil C:\\Users\\{user}\\AppData\\Local\\RM em \\\\{host}\\c$ ({host}.corp.local)",
        f"{stamp.format(26)} [DBG] config dump:",
        "  database:",
        "    password: |",
        f"      {p['yaml-block-1']}",
        f"      {p['yaml-block-2']}",
        "    pool: 10",
        f"{stamp.format(27)} [DBG] env AWS_ACCESS_KEY_ID={p['aws-access-key-id']} aws_secret_access_key={p['aws-secret-key']}",
        f"{stamp.format(28)} [DBG] tokens {p['gcp-api-key']} {p['slack-bot']} https://hooks.slack.com/services/{p['slack-webhook']}",
        f"{stamp.format(29)} [DBG] ci {p['github-pat']} {p['github-fine']} {p['gitlab-pat']} {p['npm']} {p['pypi']}",
        f"{stamp.format(30)} [DBG] pay {p['stripe-live']} ai {p['openai']} {p['anthropic']} {p['huggingface']}",
        f"{stamp.format(31)} [DBG] mail {p['sendgrid']} {p['mailgun']} sms {p['twilio']} bot {p['telegram']}",
        f"{stamp.format(32)} [DBG] cloud {p['google-oauth']} {p['shopify']} {p['digitalocean']} azure client_secret={p['azure-client-secret']}",
        f"{stamp.format(33)} [DBG] runas /savecred /user:CORP\\{user} \"cmd /c RM.exe\" senha={p['runas-savecred']}",
    ]
    files["RM.Net/Logs/RM.log"] = ("\r\n".join(lines) + "\r\n", "logs")
    files[f"Users/{user}/Desktop/RMError_20261128.txt"] = (f"""Erro ao executar o processo
Usuário: CORP\\{user}   Estação: {host}
Mensagem: Login failed for user 'rm'. Connection: Server=DBSRV;Database=CORPORERM;Uid=rm;Pwd={p['connection-string']};
Senha do usuário: {p['prose-pt-2']}
Contato: {p['email']}  CPF {p['cpf-formatted']}
Pilha:
   em RM.Lib.Data.DbServices.Open()
""", "rmerror")
    files["RM.Net/Logs/transcript.txt"] = (f"""**********************
PowerShell transcript start
Username: CORP\\{user}
Machine: {host} (Microsoft Windows NT 10.0.19045.0)
**********************
PS C:\\> $cred = 'password: {p['spaces']}'
PS C:\\> Invoke-RestMethod -Headers @{{'Ocp-Apim-Subscription-Key'='{p['subscription-key']}'}}
""", "logs")
    files["RM.Net/Logs/keys.txt"] = (f"""PuTTY-User-Key-File-3: ssh-rsa
Encryption: none
Comment: rsa-key-20261128
Public-Lines: 1
AAAAB3NzaC1yc2EAAAADAQABAAABAQC
Private-Lines: 2
{p['putty-private']}
{p['putty-private'][::-1]}
Private-MAC: {p['putty-mac']}
-----BEGIN RSA PRIVATE KEY-----
{p['pem-body']}
{p['pem-body'][::-1]}
-----END RSA PRIVATE KEY-----
""", "logs")
    return files


def encode(text: str, variant: str) -> bytes:
    """The bytes of ``text`` written as ``variant`` (see ``VARIANTS``)."""
    half = len(text) // 2
    cut = text.find("\n", half) + 1 or half
    head, tail = text[:cut], text[cut:]
    if variant == "utf-8":
        return text.encode("utf-8")
    if variant == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if variant == "cp1252":
        return text.encode("cp1252", "replace")
    if variant in ("utf-16-le", "utf-16-be"):
        return text.encode(variant)
    if variant == "utf-16-le+bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if variant == "utf-16-be+bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    if variant == "ansi+utf-16-le":  # PowerShell >> appending to an ANSI log
        return head.encode("cp1252", "replace") + tail.encode("utf-16-le")
    if variant == "utf-16-le+bom+ansi":  # an ANSI tool appending to a UTF-16 file
        return codecs.BOM_UTF16_LE + head.encode("utf-16-le") + tail.encode("cp1252", "replace")
    if variant == "utf-16-be+bom+utf-8":
        return codecs.BOM_UTF16_BE + head.encode("utf-16-be") + tail.encode("utf-8")
    raise ValueError(variant)


def _forms(value: str) -> set[bytes]:
    pieces = {value} if len(value) <= PIECE else {value[i:i + PIECE] for i in range(len(value) - PIECE + 1)}
    out = set()
    for piece in pieces:
        for enc in ENCODINGS:
            try:
                out.add(piece.encode(enc))
            except UnicodeEncodeError:
                continue
    return out


def _baseline(p: Plants) -> str:
    """The machine's text without any planted value: pieces found there prove nothing."""
    text = "\n".join(t for t, _k in machine_files(p).values())
    for value in sorted(p.values.values(), key=len, reverse=True):
        text = text.replace(value, "\x00")
    return text


def leaks(data: bytes, p: Plants, skip: tuple[str, ...] = ()) -> list[str]:
    """Categories of which a 6-character piece is in ``data`` (any of the four encodings).

    A piece the planted values share with each other ("/0001-", ".com.br") or with the machine's
    ordinary text ("30.123" of a timestamp) proves nothing and is not counted; every piece that
    identifies its value is."""
    forms = {category: _forms(value) for category, value in p.values.items()}
    counts: dict[bytes, int] = {}
    for fs in forms.values():
        for f in fs:
            counts[f] = counts.get(f, 0) + 1
    baseline = _forms_of_text(_baseline(p))
    found = []
    for category, fs in forms.items():
        if category in skip:
            continue
        if any(counts[f] == 1 and f not in baseline and f in data for f in fs):
            found.append(category)
    return found


def _forms_of_text(text: str) -> set[bytes]:
    out = set()
    for enc in ENCODINGS:
        data = text.encode(enc, "replace")
        unit = 2 if enc.startswith("utf-16") else 1
        out |= {data[i:i + PIECE * unit] for i in range(0, len(data) - PIECE * unit + 1, unit)}
    return out
