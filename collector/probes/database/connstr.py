"""Connection strings for every ``DbServer`` form of SPEC §3.

SQL Server: ``host``, ``host\\instance``, ``host,port`` (also ``host\\instance,port``, a ``tcp:``
prefix, ``(local)`` and ``.``). Oracle: EZConnect ``host/service`` and ``host:port/service``
(``//`` optional), a TNS alias resolved through ``TNS_ADMIN``, a full ``(DESCRIPTION=...)``, and the
old ``host:port:SID``.

Values are escaped per driver: the ODBC rule (``{...}`` with ``}`` doubled) for Microsoft's drivers;
FreeTDS does not implement ``}}`` and ends a braced value at the first ``};``, so for it a value with
``}`` goes unbraced when it can and is refused when it cannot (measured with FreeTDS 1.3.17 against a
fake TDS server: see tests/probes/database/test_freetds_login.py). Nothing of this is SQL: queries
never receive user input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from collector.probes.database.drivers import OdbcDriver
from collector.probes.database.target import DbTarget

#: shown to DBAs in sys.dm_exec_sessions / v$session (ASCII: every driver accepts it)
APP_NAME = "Coletor de Diagnostico RM"

_LOCAL_NAMES = {".", "(local)", "localhost", "(localhost)"}
_PROTOCOLS = {"tcp", "np", "lpc", "admin"}
_HOST_RE = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.\-()]+)$")
_NAME_RE = re.compile(r"^[A-Za-z0-9_$#.\-]+$")


class ServerFormatError(ValueError):
    """A ``DbServer`` value we cannot use; ``str`` is the Portuguese reason."""


def _port(text: str, whole: str) -> int:
    text = text.strip()
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ServerFormatError(f"porta inválida em {whole!r}: {text!r}")
    return int(text)


# -------------------------------------------------------------------------------------------------
# SQL Server


@dataclass(frozen=True)
class SqlServerAddress:
    host: str
    instance: str | None = None
    port: int | None = None
    protocol: str | None = None   # "tcp", "np", "lpc" or "admin" when the alias names one

    @property
    def is_local(self) -> bool:
        return self.host.lower() in _LOCAL_NAMES

    def microsoft_server(self) -> str:
        """The SERVER value for Microsoft's drivers (they accept every form natively)."""
        text = self.host
        if self.instance:
            text += "\\" + self.instance
        if self.port is not None:
            text += f",{self.port}"
        return f"{self.protocol}:{text}" if self.protocol else text

    def freetds_parts(self) -> list[tuple[str, str]]:
        """SERVER (and PORT) for FreeTDS: an explicit port wins over the instance name (which
        FreeTDS resolves through the SQL Browser on UDP 1434)."""
        host = "localhost" if self.is_local else self.host.strip("[]")
        if self.port is not None:
            return [("SERVER", host), ("PORT", str(self.port))]
        if self.instance:
            return [("SERVER", f"{host}\\{self.instance}")]
        return [("SERVER", host), ("PORT", "1433")]


def parse_sqlserver(text: str) -> SqlServerAddress:
    """``DbServer`` of a SQL Server alias → address. Raises ServerFormatError."""
    whole = text
    text = (text or "").strip()
    if not text:
        raise ServerFormatError("o alias não informa o servidor (DbServer vazio)")
    protocol = None
    head, sep, rest = text.partition(":")
    if sep and head.lower() in _PROTOCOLS:
        protocol, text = head.lower(), rest.strip()
    port = None
    if "," in text:
        text, _, port_text = text.rpartition(",")
        port = _port(port_text, whole)
    elif text.count(":") == 1 and not text.startswith("["):
        # "host:1433" is not SQL Server syntax, but people write it; read it as a port
        text, _, port_text = text.partition(":")
        port = _port(port_text, whole)
    instance = None
    if "\\" in text:
        text, _, instance = text.partition("\\")
        instance = instance.strip()
        if not instance or not _NAME_RE.match(instance):
            raise ServerFormatError(f"nome de instância inválido em {whole!r}")
    host = text.strip()
    if not host or not _HOST_RE.match(host):
        raise ServerFormatError(f"nome de servidor inválido em {whole!r}")
    return SqlServerAddress(host=host, instance=instance, port=port, protocol=protocol)


def _needs_braces(value: str) -> bool:
    return (value != value.strip() or any(c in value for c in ";{}=")) or value == ""


def odbc_value(value: str, family: str = "msodbc") -> str:
    """One attribute value, escaped for the driver ``family``. Raises ServerFormatError when FreeTDS
    cannot carry the value at all (it holds both ``}`` and ``;``, or starts with ``{``)."""
    if "\x00" in value:
        raise ServerFormatError("valor com caractere nulo")
    if not _needs_braces(value):
        return value
    if family != "freetds":
        return "{" + value.replace("}", "}}") + "}"
    if "}" not in value:
        return "{" + value + "}"
    if ";" not in value and not value.startswith("{") and value == value.strip():
        return value
    raise ServerFormatError("o driver FreeTDS não aceita um valor com '}' e ';' (ou começando por '{')")


_FIELD_NAMES = {"PWD": "a senha", "UID": "o usuário", "DATABASE": "o nome do banco", "SERVER": "o servidor"}


def odbc_join(parts: list[tuple[str, str]], family: str) -> str:
    out = []
    for key, value in parts:
        try:
            out.append(f"{key}={odbc_value(value, family)};")
        except ServerFormatError:
            what = _FIELD_NAMES.get(key.upper(), key)
            raise ServerFormatError(f"{what} contém '}}' junto com ';' (ou começa por '{{'), o que o driver "
                                    "FreeTDS não aceita: use o ODBC Driver 18 for SQL Server") from None
    return "".join(out)


def build_odbc(target: DbTarget, driver: OdbcDriver, *, app: str = APP_NAME) -> str:
    """The ODBC connection string for ``target`` through ``driver``. It holds the password: never log
    it (``errors.mask_odbc`` gives a printable copy)."""
    address = parse_sqlserver(target.server)
    family = driver.family
    parts: list[tuple[str, str]] = []
    if family == "freetds":
        if address.protocol in ("np", "lpc"):
            raise ServerFormatError(f"o protocolo {address.protocol}: só funciona com os drivers da "
                                    "Microsoft no Windows")
        parts += address.freetds_parts()
    else:
        parts.append(("SERVER", address.microsoft_server()))
    if target.name:
        parts.append(("DATABASE", target.name))
    if target.windows_auth:
        parts.append(("Trusted_Connection", "yes"))
    else:
        parts.append(("UID", target.user or ""))
        parts.append(("PWD", target.password or ""))
    if family == "freetds":
        parts += [("TDS_Version", "7.4"), ("ClientCharset", "UTF-8")]
    if driver.supports_read_only_intent:
        parts.append(("ApplicationIntent", "ReadOnly"))
    if driver.family == "msodbc" and (driver.version or 0) >= 18:
        # 18 encrypts and validates by default; "Optional" is what 17 and RM's own client do
        parts.append(("Encrypt", "Optional"))
    parts.append(("APP", app))
    return "DRIVER=" + driver.keyword + ";" + odbc_join(parts, family)


# -------------------------------------------------------------------------------------------------
# Oracle


@dataclass(frozen=True)
class OracleAddress:
    kind: Literal["ezconnect", "tns", "descriptor", "sid"]
    dsn: str                     # what oracledb.connect(dsn=...) receives
    host: str | None = None
    port: int | None = None
    service: str | None = None
    sid: str | None = None
    alias: str | None = None     # the TNS alias

    @property
    def needs_tns_admin(self) -> bool:
        return self.kind == "tns"


_EZ_RE = re.compile(
    r"^(?://)?(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.\-]+)(?::(?P<port>\d+))?"
    r"/(?P<service>[A-Za-z0-9_$#.\-]+)(?::(?P<stype>dedicated|shared|pooled))?"
    r"(?:/(?P<instance>[A-Za-z0-9_$#.\-]+))?$", re.I)
_SID_RE = re.compile(r"^(?P<host>[A-Za-z0-9_.\-]+):(?P<port>\d+):(?P<sid>[A-Za-z0-9_$#]+)$")


def parse_oracle(text: str) -> OracleAddress:
    """``DbServer`` of an Oracle alias → address. Raises ServerFormatError."""
    whole = text
    text = (text or "").strip()
    if not text:
        raise ServerFormatError("o alias não informa o servidor (DbServer vazio)")
    if text.startswith("("):
        if text.count("(") != text.count(")") or "DESCRIPTION" not in text.upper():
            raise ServerFormatError(f"descritor Oracle malformado em {whole!r}")
        return OracleAddress(kind="descriptor", dsn=text)
    match = _SID_RE.match(text)
    if match:
        host, port, sid = match["host"], _port(match["port"], whole), match["sid"]
        dsn = (f"(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST={host})(PORT={port}))"
               f"(CONNECT_DATA=(SID={sid})))")
        return OracleAddress(kind="sid", dsn=dsn, host=host, port=port, sid=sid)
    match = _EZ_RE.match(text)
    if match:
        port = _port(match["port"], whole) if match["port"] else 1521
        dsn = text[2:] if text.startswith("//") else text
        return OracleAddress(kind="ezconnect", dsn=dsn, host=match["host"], port=port,
                             service=match["service"])
    if _NAME_RE.match(text):
        return OracleAddress(kind="tns", dsn=text, alias=text)
    raise ServerFormatError(f"servidor Oracle não reconhecido em {whole!r} (esperado host/serviço, "
                            "host:porta/serviço ou um alias do tnsnames.ora)")
