"""Driver errors → one Portuguese sentence and a kind, with every secret scrubbed.

Kinds: ``driver_missing``, ``server_not_found``, ``login_failed``, ``database_not_found``,
``timeout``, ``permission``, ``missing_object`` (a table that does not exist — or, on Oracle, that the
user may not see: ORA-00942 does not tell), ``tls``, ``config``, ``unsupported``, ``connection_lost``,
``other``.

pyodbc errors carry ``(SQLSTATE, message)``; the message ends with the native error code in
parentheses, e.g. ``... (18456) (SQLDriverConnect)``. oracledb errors carry an ``_Error`` with
``full_code`` (``ORA-01017``, ``DPY-6005``). Messages may echo the connection string: ``scrub`` runs
on everything before it is kept.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterable

_PWD_RE = re.compile(r"(?i)\b(pwd|password)\s*=\s*(\{(?:[^}]|\}\})*\}?|[^;]*)")


def mask_odbc(text: str) -> str:
    """A connection string (or a message echoing one) with its password replaced by ``***``."""
    return _PWD_RE.sub(lambda m: f"{m.group(1)}=***", text)


KINDS = ("driver_missing", "server_not_found", "login_failed", "database_not_found", "timeout",
         "permission", "missing_object", "tls", "config", "unsupported", "connection_lost", "other")


class DbError(Exception):
    """A database failure the user can act on. ``str`` is the Portuguese sentence; ``detail`` the
    driver's own (scrubbed) text, for the analyst."""

    def __init__(self, kind: str, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.detail = detail

    def __reduce__(self):  # picklable across the probe's process boundary
        return (type(self), (self.kind, self.message, self.detail))

    def to_dict(self) -> dict[str, str | None]:
        return {"kind": self.kind, "message": self.message, "detail": self.detail}


def scrub(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` without passwords: ``PWD=...`` values and every literal secret become ``***``."""
    for secret in secrets:
        if secret:
            for form in dict.fromkeys((secret.replace("}", "}}"), secret)):  # escaped form first
                text = text.replace(form, "***")
    return mask_odbc(text)


_NATIVE_RE = re.compile(r"\((-?\d+)\)\s*\(SQL\w+\)\s*$")
_OBJECT_RE = re.compile(r"(?:object|objeto)\s+(?:name\s+)?'([^']+)'|no such table:\s*(\S+)", re.I)
_ORA_RE = re.compile(r"\b((?:ORA|DPY|DPI|TNS)-\d{4,5})\b")


def _native(message: str) -> int | None:
    match = _NATIVE_RE.search(message)
    return int(match.group(1)) if match else None


def _object(message: str) -> str | None:
    match = _OBJECT_RE.search(message)
    return (match.group(1) or match.group(2)) if match else None


def _odbc_text(message: str) -> str:
    """The driver's sentence without the ``[vendor][driver]`` tags and trailing codes."""
    text = re.sub(r"\[[^\]]*\]", "", message)
    text = re.sub(r"\s*\(-?\d+\)\s*\(SQL\w+\)\s*$", "", text)
    return " ".join(text.split()).strip()


def classify_odbc(exc: BaseException, *, stage: str, server: str = "", user: str | None = None,
                  secrets: Iterable[str | None] = (), timed_out: bool = False) -> DbError:
    """A pyodbc error raised while connecting (``stage="connect"``) or querying (``"query"``)."""
    args: tuple[object, ...] = getattr(exc, "args", ())
    state = str(args[0]) if len(args) >= 2 else ""
    message = str(args[1]) if len(args) >= 2 else str(exc)
    message = scrub(message, secrets)
    native = _native(message)
    code = f"{state}/{native}" if native else state
    detail = f"{code}: {_odbc_text(message)}" if code else _odbc_text(message)
    lowered = message.lower()
    who = f" para o usuário {user}" if user else ""

    if timed_out or state in ("HYT00", "HYT01", "HY008") or native == 1222 \
            or "timeout expired" in lowered or "interrupted" in lowered or "database is locked" in lowered:
        what = "o servidor não respondeu a tempo" if stage == "connect" else "a consulta excedeu o tempo"
        return DbError("timeout", f"tempo esgotado: {what}", detail)
    if state in ("IM002", "IM003") or "can't open lib" in lowered \
            or ("file not found" in lowered and "driver manager" in lowered):
        return DbError("driver_missing", "o driver ODBC indicado não está instalado ou não carrega",
                       detail)
    if native in (18456, 18452, 18470, 18486, 18487, 18488) or state == "28000":
        extra = {18470: " (conta desabilitada)", 18486: " (conta bloqueada)",
                 18487: " (senha expirada)", 18488: " (a senha precisa ser trocada)",
                 18452: " (o domínio não é confiável para autenticação Windows)"}.get(native or 0, "")
        return DbError("login_failed", f"login recusado pelo servidor{who}: usuário ou senha "
                                       f"incorretos{extra}", detail)
    if native == 4060 or "cannot open database" in lowered:
        return DbError("database_not_found", "o banco de dados indicado no alias não existe ou o "
                                             f"usuário não tem acesso a ele{who}", detail)
    if "certificate" in lowered or "ssl provider" in lowered or "ssl routines" in lowered:
        return DbError("tls", "o servidor exige conexão criptografada com um certificado em que este "
                              "computador não confia", detail)
    if native in (229, 230, 262, 297, 300, 916) or "permission was denied" in lowered \
            or "permission denied" in lowered:
        obj = _object(message)
        on = f" na tabela {obj}" if obj else ""
        return DbError("permission", f"sem permissão de leitura{on}{who}", detail)
    if state == "42S02" or native == 208 or "no such table" in lowered:
        obj = _object(message)
        name = f"a tabela {obj}" if obj else "a tabela consultada"
        return DbError("missing_object", f"{name} não existe neste banco (é o banco do RM?)", detail)
    if state.startswith("08") or "connect failed" in lowered or "unable to connect" in lowered:
        if stage == "connect":
            where = f" {server}" if server else ""
            return DbError("server_not_found", f"servidor de banco de dados{where} não encontrado ou "
                                               "inacessível (confira nome, instância, porta e firewall)",
                           detail)
        return DbError("connection_lost", "a conexão com o banco caiu durante a consulta", detail)
    return DbError("other", f"erro do banco de dados: {_odbc_text(message) or type(exc).__name__}",
                   detail)


def _oracle_code(exc: BaseException) -> tuple[str, str]:
    arg = exc.args[0] if getattr(exc, "args", None) else None
    code = getattr(arg, "full_code", None)
    message = getattr(arg, "message", None) or str(exc)
    if not code:
        match = _ORA_RE.search(message)
        code = match.group(1) if match else ""
    return code, message


def classify_oracle(exc: BaseException, *, stage: str, server: str = "", user: str | None = None,
                    secrets: Iterable[str | None] = (), timed_out: bool = False) -> DbError:
    """An oracledb (or socket) error raised while connecting or querying."""
    who = f" para o usuário {user}" if user else ""
    where = f" {server}" if server else ""
    if isinstance(exc, socket.gaierror):
        return DbError("server_not_found", f"servidor Oracle{where} não encontrado (nome não resolve)",
                       scrub(str(exc), secrets))
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return DbError("timeout", "tempo esgotado: o servidor não respondeu a tempo", None)
    code, message = _oracle_code(exc)
    message = scrub(message, secrets)
    detail = " ".join(message.split())[:500]
    all_codes = set(_ORA_RE.findall(message)) | {code}
    lowered = message.lower()

    if timed_out or all_codes & {"DPY-4024", "DPI-1067", "ORA-03156", "ORA-01013", "ORA-12170",
                                 "TNS-12535"}:
        what = "o servidor não respondeu a tempo" if stage == "connect" else "a consulta excedeu o tempo"
        return DbError("timeout", f"tempo esgotado: {what}", detail)
    if all_codes & {"ORA-01017", "ORA-01005", "ORA-28000", "ORA-28001", "ORA-01045", "ORA-01004"}:
        extra = (" (conta bloqueada)" if "ORA-28000" in all_codes else
                 " (senha expirada)" if "ORA-28001" in all_codes else
                 " (sem o privilégio CREATE SESSION)" if "ORA-01045" in all_codes else "")
        return DbError("login_failed", f"login recusado pelo Oracle{who}: usuário ou senha incorretos"
                                       f"{extra}", detail)
    if all_codes & {"DPY-3015", "DPY-3010", "ORA-28040"}:
        return DbError("unsupported", "o servidor Oracle usa uma versão ou um verificador de senha "
                                      "antigo que o modo thin não suporta (exige Oracle 12.1+ e senhas "
                                      "11G/12C)", detail)
    if all_codes & {"DPY-4027", "DPY-4026", "DPY-4000", "ORA-12154", "TNS-12154"}:
        return DbError("config", "alias TNS não encontrado: defina TNS_ADMIN com a pasta do "
                                 "tnsnames.ora usado pelo RM", detail)
    if all_codes & {"DPY-6001", "ORA-12514", "ORA-12505", "TNS-12514", "TNS-12505"}:
        return DbError("server_not_found", f"o listener Oracle{where} não conhece o serviço/SID "
                                           "indicado no alias", detail)
    if all_codes & {"ORA-00942"}:
        obj = _object(message)
        name = f"a tabela {obj}" if obj else "a tabela consultada"
        return DbError("missing_object", f"{name} não existe ou o usuário não tem permissão para lê-la",
                       detail)
    if all_codes & {"ORA-01031", "ORA-01749", "ORA-00990"}:
        return DbError("permission", f"sem permissão de leitura{who}", detail)
    if all_codes & {"DPY-6005", "DPY-6000", "DPY-6003", "ORA-12541", "ORA-12543", "ORA-12545",
                    "TNS-12541", "TNS-12545"} or "connection refused" in lowered:
        if stage == "connect":
            return DbError("server_not_found", f"servidor Oracle{where} não encontrado ou inacessível "
                                               "(confira host, porta do listener e firewall)", detail)
        return DbError("connection_lost", "a conexão com o Oracle caiu durante a consulta", detail)
    if all_codes & {"DPY-1001", "DPY-4011", "ORA-03113", "ORA-03114", "ORA-03135"}:
        return DbError("connection_lost", "a conexão com o Oracle caiu durante a consulta", detail)
    text = detail or type(exc).__name__
    return DbError("other", f"erro do Oracle: {text}", detail)
