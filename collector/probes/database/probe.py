"""``DatabaseProbe``: read-only facts from the RM database, in a child process the runner can kill.

In the parent (``applies``): pick the alias (the one the user chose, else the installation's
default), find its password (typed in the wizard → ``COLLECTOR_DB_PASSWORD`` → the alias's own →
the prompt callback) and check that a driver exists. Each of these can skip the probe with a
reason. In the child (``run``): connect, run the query set, write ``database/database.json`` and
``database/resumo.txt`` into the collection's scratch folder and return them as a plan carrying the
facts.

Bounds: the runner kills the child at ``timeout`` (20 s; ``COLLECTOR_DB_TIMEOUT`` overrides) — the
only bound that holds when a server accepts the connection and never answers. The driver's login
timeout is set just past it (a backstop for callers outside the runner), so a silent server always
ends as status ``timeout``; each query gets ``query_timeout`` (5 s) or what is left before the
probe's own deadline, so a slow query costs one line in the report, not the whole result.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from collector.core.kinds import KINDS, Kind
from collector.core.plan import Plan, PlannedItem, arc_join
from collector.core.probe import Probe, ProbeSkipped
from collector.probes.database.connstr import ServerFormatError
from collector.probes.database.drivers import OdbcDriver, classify, find_driver
from collector.probes.database.errors import DbError
from collector.probes.database.oracle import collect_oracle
from collector.probes.database.report import summary_line, write_files
from collector.probes.database.sqlserver import collect_sqlserver
from collector.probes.database.target import (
    DbTarget,
    PasswordPrompt,
    alias_password,
    resolve_password,
    select_alias,
    target_from_alias,
)

SCHEMA = "collector.database/1"


@dataclass
class DatabasePlan(Plan):
    """The probe's value: the bundle files (``Plan``) plus the facts, for the wizard (coligadas,
    filiais) and the ticket (``summary``)."""

    facts: dict[str, Any] = field(default_factory=dict)
    summary: str | None = None


class DatabaseProbe(Probe):
    name = "database"
    kind = Kind.DATABASE
    description = "Banco de dados do RM (somente leitura): versão, collation, tamanho, hora, coligadas e filiais"
    timeout = 20.0
    isolated = True

    #: seconds kept free at the end of ``timeout`` to write the result and return it
    margin = 1.5

    def __init__(
        self,
        target: DbTarget | None = None,
        *,
        prompt: PasswordPrompt | None = None,
        query_timeout: float = 5.0,
        odbc_driver: str | None = None,
        tns_admin: str | None = None,
    ) -> None:
        self.target = target
        self.timeout = _env_timeout(type(self).timeout)
        self.query_timeout = query_timeout
        self.odbc_driver = odbc_driver      # a registered driver name to use instead of the best one
        self.tns_admin = tns_admin
        self._prompt = prompt
        self._resolved: DbTarget | None = None
        self._driver: OdbcDriver | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_prompt"] = None  # a GUI callback never crosses into the child
        return state

    def __repr__(self) -> str:
        return f"DatabaseProbe(target={self.target!r})"

    # -- parent side ------------------------------------------------------------------------------

    def _target(self, ctx: Any) -> DbTarget | str:
        if self.target is not None:
            return self.target
        options = getattr(ctx, "options", None) or {}
        chosen = select_alias(list(getattr(ctx, "installations", None) or []), options.get("db_alias"))
        if isinstance(chosen, str):
            return chosen
        info, root = chosen
        target = target_from_alias(info)
        if isinstance(target, DbTarget) and root and not target.windows_auth:
            # imported here, in the parent only: the child process the runner spawns re-imports this
            # module, and rm_aliases brings the redactor with it (+0.4 s of the 2 s a test gives the
            # probe, measured with -X importtime under load); the child never reads Alias.dat
            from collector.probes.rm_aliases import outside_password

            installs: list[dict[str, Any]] = getattr(ctx, "installations", None) or []
            inst = next((i for i in installs if i.get("root") == root), {})
            password = outside_password(inst, target.alias) or alias_password(str(root), target.alias)
            target = target.with_password(password)
        return target

    def _check_driver(self, target: DbTarget) -> str | None:
        if target.type == "oracle":
            try:
                import oracledb  # noqa: F401
            except ImportError:
                return "o módulo python-oracledb não está disponível nesta instalação do coletor"
            return None
        try:
            if self.odbc_driver:
                self._driver = classify(self.odbc_driver)
                if self._driver is None:
                    return f"o driver ODBC {self.odbc_driver!r} não é um driver de SQL Server conhecido"
            else:
                self._driver = find_driver()
        except DbError as exc:
            return exc.message
        return None

    def applies(self, ctx: Any) -> str | None:
        wants = getattr(ctx, "wants", None)
        if callable(wants) and not wants(self.kind):
            return "não solicitado"
        target = self._target(ctx)
        if isinstance(target, str):
            return target
        options = getattr(ctx, "options", None) or {}
        resolved = resolve_password(target, typed=options.get("db_password"), prompt=self._prompt)
        if isinstance(resolved, str):
            return resolved
        reason = self._check_driver(resolved)
        if reason:
            return reason
        self._resolved = resolved
        return None

    # -- child side -------------------------------------------------------------------------------

    def collect(self, target: DbTarget, deadline: float) -> dict[str, Any]:
        """Connects and queries; the facts dict (no password anywhere). Raises DbError."""
        login_timeout = math.ceil(self.timeout) + 1  # past the runner's kill: a backstop only
        if target.type == "oracle":
            facts = collect_oracle(target, login_timeout=min(login_timeout, 10), query_timeout=self.query_timeout,
                                   deadline=deadline, config_dir=self.tns_admin)
        else:
            driver = self._driver or find_driver()
            try:
                facts = collect_sqlserver(target, driver, login_timeout=login_timeout,
                                          query_timeout=self.query_timeout, deadline=deadline)
            except ServerFormatError as exc:
                raise DbError("config", str(exc)) from None
        return facts

    def run(self, ctx: Any) -> DatabasePlan:
        started = time.monotonic()
        deadline = started + max(1.0, self.timeout - self.margin)
        target = self._resolved
        if target is None:  # run() called without applies(): resolve without asking anyone
            base = self._target(ctx)
            if isinstance(base, str):
                raise ProbeSkipped(base)
            options = getattr(ctx, "options", None) or {}
            resolved = resolve_password(base, typed=options.get("db_password"))
            if isinstance(resolved, str):
                raise ProbeSkipped(resolved)
            target = resolved
        facts: dict[str, Any] = {"schema": SCHEMA, "collected_at": _now(), "target": target.public()}
        facts.update(self.collect(target, deadline))
        facts["platform"] = sys.platform
        plan = DatabasePlan(facts=facts, summary=summary_line(facts))
        scratch = (getattr(ctx, "options", None) or {}).get("scratch_dir")
        if scratch:
            for path in write_files(facts, Path(scratch) / "database"):
                stat = path.stat()
                arcname = arc_join(KINDS[Kind.DATABASE].folder, path.name)
                plan.add(PlannedItem(kind=Kind.DATABASE, source=path, arcname=arcname, size=stat.st_size,
                                     mtime=stat.st_mtime, encoding="utf-8"))
        return plan


#: overrides the probe's timeout (seconds) for slow networks — and for tests of the CLI
TIMEOUT_ENV = "COLLECTOR_DB_TIMEOUT"


def _env_timeout(default: float) -> float:
    try:
        value = float(os.environ.get(TIMEOUT_ENV, ""))
    except ValueError:
        return default
    return min(max(value, 1.0), 600.0) if math.isfinite(value) else default


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")
