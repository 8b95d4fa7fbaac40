"""Which database the probe talks to, and with which password.

A ``DbTarget`` is built by the caller (the wizard, from the alias the user picked) or from the
collection context (the default alias of the inspected installation). Its password lives in memory
only: ``repr`` hides it and ``public()`` leaves it out, so it never reaches a file, a log or a test
report.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

DbKind = Literal["sqlserver", "oracle"]

#: headless runs read the database password from this variable (SPEC §4.1 style, never a file)
PASSWORD_ENV = "COLLECTOR_DB_PASSWORD"

#: asked when no other source has a password; returns None when the user declines
PasswordPrompt = Callable[["DbTarget"], "str | None"]


@dataclass(frozen=True)
class DbTarget:
    alias: str
    type: DbKind
    server: str
    name: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False, compare=False)
    windows_auth: bool = False

    def __repr__(self) -> str:  # explicit, so no future field can leak the password
        secret = "<definida>" if self.password else None
        return (f"DbTarget(alias={self.alias!r}, type={self.type!r}, server={self.server!r}, "
                f"name={self.name!r}, user={self.user!r}, password={secret}, "
                f"windows_auth={self.windows_auth!r})")

    __str__ = __repr__

    def with_password(self, password: str | None) -> DbTarget:
        return replace(self, password=password)

    def public(self) -> dict[str, Any]:
        """What may be written anywhere: everything but the password."""
        return {"alias": self.alias, "type": self.type, "server": self.server, "name": self.name,
                "user": self.user, "auth": "windows" if self.windows_auth else "sql"}

    @property
    def label(self) -> str:
        """How messages name the database: ``SQL Server DBSRV\\RM (banco CorporeRM)``."""
        kind = "SQL Server" if self.type == "sqlserver" else "Oracle"
        text = f"{kind} {self.server}"
        return f"{text} (banco {self.name})" if self.name else text


def target_from_alias(info: Mapping[str, Any], password: str | None = None) -> DbTarget | str:
    """A target from an alias dict shaped like SPEC §4.2 ``aliases[]``; else the skip reason.

    An alias without a user name uses Windows authentication (SQL Server); Oracle needs a user.
    """
    alias = str(info.get("alias") or "").strip() or "?"
    kind = info.get("type")
    server = str(info.get("server") or "").strip()
    if kind not in ("sqlserver", "oracle"):
        if not server:
            return (f"o alias {alias} não está neste computador (cliente três camadas: o banco é "
                    "acessado pelo servidor de aplicação)")
        return f"tipo de banco desconhecido no alias {alias}"
    if not server:
        return f"o alias {alias} não informa o servidor do banco (DbServer)"
    user = str(info.get("user") or "").strip() or None
    if kind == "oracle" and user is None:
        return f"o alias {alias} não informa o usuário do Oracle"
    name = str(info.get("name") or "").strip() or None
    return DbTarget(alias=alias, type=kind, server=server, name=name, user=user, password=password,
                    windows_auth=kind == "sqlserver" and user is None)


def _alias_file(root: str) -> Path | None:
    base = Path(root)
    for folder in (base, base / "Bin"):
        try:
            for entry in os.scandir(folder):
                if entry.name.lower() == "alias.dat" and entry.is_file():
                    return Path(entry.path)
        except OSError:
            continue
    return None


def alias_password(root: str, alias: str) -> str | None:
    """The alias's password from the installation's ``Alias.dat``, in memory only (None if absent)."""
    from collector.probes import rm_config
    from collector.probes.smallfile import FileProblem

    path = _alias_file(root)
    if path is None:
        return None
    try:
        passwords = rm_config.read_alias_passwords(path)
    except (FileProblem, OSError):
        return None
    wanted = alias.lower()
    return next((pw for name, pw in passwords.items() if name.lower() == wanted), None)


def select_alias(installations: list[Mapping[str, Any]], alias: str | None = None,
                 ) -> tuple[Mapping[str, Any], str | None] | str:
    """(alias dict, installation root) of the alias named ``alias``, or of the first installation's
    default alias; else the skip reason."""
    if not installations:
        return "nenhuma instalação do RM encontrada (sem Alias.dat para ler)"
    if alias:
        wanted = alias.lower()
        for inst in installations:
            for info in [inst.get("database") or {}, *(inst.get("aliases") or [])]:
                if str(info.get("alias") or "").lower() == wanted:
                    return info, inst.get("root")
        return f"alias {alias} não encontrado no Alias.dat"
    for inst in installations:
        info = inst.get("database")
        if info and info.get("server"):
            return info, inst.get("root")
    for inst in installations:
        if inst.get("database"):
            return inst["database"], inst.get("root")
    return "nenhum alias de banco de dados encontrado (Alias.dat)"


def resolve_password(
    target: DbTarget,
    *,
    typed: str | None = None,
    env: Mapping[str, str] | None = None,
    prompt: PasswordPrompt | None = None,
) -> DbTarget | str:
    """The target with its password, or the skip reason ("sem credencial ...").

    Order: what the user gave for this run — typed in the wizard, or ``COLLECTOR_DB_PASSWORD`` —
    then the alias's own password (already on the target), then ``prompt``. Explicit beats implicit:
    an ``Alias.dat`` password may be stale or stored encrypted, and only one login is ever attempted
    (a retry with another password could lock the account). Windows authentication needs none.
    """
    if target.windows_auth:
        return target.with_password(None)
    env = os.environ if env is None else env
    for candidate in (typed, env.get(PASSWORD_ENV), target.password):
        if candidate:
            return target.with_password(candidate)
    if prompt is not None:
        answer = prompt(target)
        if answer:
            return target.with_password(answer)
    return (f"sem credencial para o usuário {target.user} do alias {target.alias}: informe a senha "
            f"no assistente ou em {PASSWORD_ENV}")
