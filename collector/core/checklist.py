"""The support guide's checklist (SPEC §2) and its completeness: plain data, shared by the wizard,
the CLI and the ticket text.

Each item is *detected* (from inspect), *answered* (by the user), *not applicable* or *missing*;
missing required items block submission.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from collector.core.kinds import EVIDENCE_KINDS, KINDS, Kind
from collector.core.kinds import counts as kind_counts

ItemState = Literal["detected", "answered", "not_applicable", "missing"]

DB_LABELS = {"sqlserver": "SQL Server", "oracle": "Oracle"}
#: the user's honest answer to Banco de dados / Ambiente when nothing was detected (issue 16)
UNKNOWN = "unknown"
UNKNOWN_LABEL = "não sabe"
TOPOLOGY_LABELS = {"three-tier": "Três camadas", "local": "Local (duas camadas)"}
USERS_LABELS = {"one": "Apenas um usuário", "some": "Alguns usuários", "all": "Todos os usuários"}
#: where the problem is (SPEC §4.5 fact ``product``); the portals keep their own logs and TRACKLOG
PRODUCT_LABELS = {"rm": "RM (aplicativo)", "meurh": "Meu RH (FrameHTML)",
                  "portal": "Portal (Corpore.Net / Portal Educacional)"}
PRODUCT_PARTS = {"meurh": ("framehtml",), "portal": ("corporenet", "portaleducacional")}
DEFAULT_CLOUD_SUFFIXES = (".totvscloud.com.br", ".cloudtotvs.com.br", ".totvs.cloud")


@dataclass
class Answers:
    """What the user told us (or confirmed). Empty string / None = not answered."""

    title: str = ""
    process: str = ""          # Processo realizado, passo a passo
    expected: str = ""         # Comportamento esperado
    particularities: str = ""  # Particularidades do cenário
    since: str | None = None   # ISO date or datetime with offset: since when it happens
    since_after_update: bool = False
    version_before: str = ""
    version_after: str = ""
    users_affected: Literal["", "one", "some", "all"] = ""
    version: str = ""          # overrides / answers the system version
    database: Literal["", "sqlserver", "oracle", "unknown"] = ""
    topology: Literal["", "three-tier", "local", "unknown"] = ""
    cloud: bool | None = None
    cloud_test_env: str = ""   # data of the TOTVS Cloud *Test* environment
    coligada: str = ""
    filial: str = ""
    ticket_id: int | None = None  # complement to an existing ticket
    db_server: str = ""        # database server, when the user corrects or gives it (wizard)
    app_server: str = ""       # application server (three-tier), likewise
    product: str = ""          # rm | meurh | portal (PRODUCT_LABELS); empty: not said

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answers:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})


@dataclass
class Detected:
    """Facts taken from inspect for the checklist, each with where it came from."""

    version: str | None = None
    version_source: str | None = None
    database: str | None = None
    database_source: str | None = None
    topology: str | None = None
    topology_source: str | None = None
    cloud: bool | None = None
    cloud_source: str | None = None
    db_server: str | None = None
    app_server: str | None = None
    tracklog: TracklogNote | None = None   # the RM's own TRACKLOG
    part_tracklogs: dict[str, TracklogNote] = field(default_factory=dict)  # part kind → the part's

    def tracklog_for(self, product: str = "") -> TracklogNote | None:
        """The TRACKLOG that matters for ``product``: the portal's own for Meu RH / portal."""
        for kind in PRODUCT_PARTS.get(product, ()):
            if kind in self.part_tracklogs:
                return self.part_tracklogs[kind]
        if self.tracklog is None and self.part_tracklogs:  # a web server: portals only; one that logs first
            notes = list(self.part_tracklogs.values())
            return next((n for n in notes if n.enabled), notes[0])
        return self.tracklog

    @classmethod
    def from_inspect(cls, doc: dict[str, Any] | None, root: str | None = None,
                     cloud_suffixes: tuple[str, ...] = DEFAULT_CLOUD_SUFFIXES) -> Detected:
        installs = (doc or {}).get("installations") or []
        inst = next((i for i in installs if i.get("root") == root), installs[0] if installs else None)
        det = cls()
        if not inst:
            return det
        if inst.get("version"):
            det.version = inst["version"]
            det.version_source = f"{inst.get('version_source')} em {inst['root']}"
        db = inst.get("database") or {}
        if db.get("type") in DB_LABELS:
            det.database = db["type"]
            det.database_source = f"alias {db.get('alias')} ({alias_origin(inst)})"
        if inst.get("topology") in TOPOLOGY_LABELS:
            det.topology = inst["topology"]
            det.topology_source = inst.get("topology_evidence")
        det.db_server = db.get("server") or None
        det.app_server = app_servers_text(inst) or None
        det.tracklog = TracklogNote.of(inst.get("tracklog"))
        for part in inst.get("parts") or []:
            note = TracklogNote.of(part.get("tracklog"), str(part.get("name") or ""))
            if note is not None and part.get("kind") not in det.part_tracklogs:
                det.part_tracklogs[part["kind"]] = note
        hosts = [h for h in ((db.get("server") or ""), ((inst.get("app_server") or {}).get("host") or "")) if h]
        for host in hosts:
            name = host.split("\\")[0].split(",")[0].split("/")[0].lower()
            if any(name.endswith(s) for s in cloud_suffixes):
                det.cloud, det.cloud_source = True, f"servidor {host}"
                break
        return det


def alias_origin(inst: dict[str, Any]) -> str:
    """Where the aliases came from, for a ``detected:`` note: ``Alias.dat``, ``Alias.dat via
    Aliaspath``, ``Config Global, grupo Default``."""
    src = inst.get("alias_source") or {}
    if src.get("kind") == "config-global":
        group = (inst.get("config_global") or {}).get("db_group")
        return "Config Global" + (f", grupo {group}" if group else "")
    via = str(src.get("via") or "")
    if via.startswith(("Aliaspath", "CONFIGPATH")):
        return "Alias.dat via " + via.split(" ", 1)[0]
    return "Alias.dat"


def app_servers_text(inst: dict[str, Any]) -> str:
    """``appsrv01:8050`` or ``appsrv01:8050; appsrv02:8060 (Host2)`` — every application server."""
    servers = inst.get("app_servers") or []
    if not servers and inst.get("app_server"):
        servers = [dict(inst["app_server"], key="Host")]
    out = []
    for srv in servers:
        if not srv.get("host"):
            continue
        text = f"{srv['host']}:{srv['port']}" if srv.get("port") else srv["host"]
        if srv.get("key") and srv.get("key") != "Host":
            text += f" ({srv['key']})"
        out.append(text)
    return "; ".join(out)


@dataclass(frozen=True)
class TracklogNote:
    """A TRACKLOG state as the ticket and the Ambiente page tell it (inspect's ``tracklog``)."""

    enabled: bool
    detail: str          # ``pasta X`` when on; why it is off when off (Portuguese)
    how_to_enable: str = ""
    part: str = ""       # the portal it belongs to; empty: the RM itself

    @classmethod
    def of(cls, tracklog: dict[str, Any] | None, part: str = "") -> TracklogNote | None:
        if not tracklog:
            return None
        if tracklog.get("enabled"):
            return cls(True, f"pasta {tracklog.get('path')}", part=part)
        return cls(False, str(tracklog.get("source") or ""), str(tracklog.get("how_to_enable") or ""), part)

    def sentence(self) -> str:
        """``ativado (pasta X)`` / ``desativado (...). Para ativar o TRACKLOG, ...``, with the portal."""
        text = f"{'ativado' if self.enabled else 'desativado'} ({self.detail})"
        if self.how_to_enable:
            text += f". {self.how_to_enable}"
        return f"{self.part}: {text}" if self.part else text


@dataclass
class ItemStatus:
    key: str
    label: str
    state: ItemState
    required: bool
    value: str = ""
    source: str = ""


@dataclass
class Evidence:
    """How many files of each evidence kind (``collector.core.kinds.EVIDENCE_KINDS``) go with the ticket."""

    counts: dict[Kind, int] = field(default_factory=dict)

    @classmethod
    def of(cls, kinds: Iterable[str]) -> Evidence:
        """The counts of the evidence kinds among ``kinds`` (one per file); other kinds are not counted."""
        return cls(kind_counts(kinds))

    def __getitem__(self, kind: Kind) -> int:
        return self.counts.get(kind, 0)

    @property
    def total(self) -> int:
        return sum(self[k] for k in EVIDENCE_KINDS)


@dataclass
class Completeness:
    items: list[ItemStatus] = field(default_factory=list)

    @property
    def missing_required(self) -> list[ItemStatus]:
        return [i for i in self.items if i.required and i.state == "missing"]

    @property
    def complete(self) -> bool:
        return not self.missing_required

    @property
    def ratio(self) -> float:
        done = sum(1 for i in self.items if i.state != "missing")
        return done / len(self.items) if self.items else 1.0

    def blocking_message(self) -> str:
        names = ", ".join(i.label for i in self.missing_required)
        return f"Preencha antes de enviar: {names}." if names else ""


def _pick(answer: str | None, detected: str | None, detected_source: str | None,
          labels: dict[str, str] | None = None) -> tuple[ItemState, str, str]:
    def show(v: str) -> str:
        return labels.get(v, v) if labels else v
    if answer == UNKNOWN:  # "não sei": what was detected still counts, else the ticket says so
        if detected:
            return "detected", show(detected), detected_source or ""
        return "answered", UNKNOWN_LABEL, "o usuário não sabe"
    if answer:
        if detected and answer == detected:
            return "detected", show(answer), detected_source or ""
        return "answered", show(answer), "informado pelo usuário"
    if detected:
        return "detected", show(detected), detected_source or ""
    return "missing", "", ""


def evaluate(answers: Answers, detected: Detected, evidence: Evidence) -> Completeness:
    """The completeness meter of the review page (SPEC §2), item by item."""
    items: list[ItemStatus] = []

    def add(key: str, label: str, state: ItemState, required: bool, value: str = "", source: str = "") -> None:
        items.append(ItemStatus(key, label, state, required, value, source))

    add("title", "Título", "answered" if answers.title.strip() else "missing", True, answers.title.strip())
    version = _pick(answers.version, detected.version, detected.version_source)
    add("version", "Versão do sistema", version[0], True, version[1], version[2])
    db = _pick(answers.database, detected.database, detected.database_source, DB_LABELS)
    add("database", "Banco de dados", db[0], True, db[1], db[2])
    topo = _pick(answers.topology, detected.topology, detected.topology_source, TOPOLOGY_LABELS)
    add("topology", "Ambiente (três camadas ou local)", topo[0], True, topo[1], topo[2])
    if answers.cloud is None and detected.cloud is None:
        add("cloud", "Cloud TOTVS", "missing", False)
    elif answers.cloud is False or (answers.cloud is None and detected.cloud is False):
        add("cloud", "Cloud TOTVS", "not_applicable", False, "Não")
    else:
        state: ItemState = "detected" if answers.cloud is None else "answered"
        value = "Sim" + (f" — ambiente de Teste: {answers.cloud_test_env}" if answers.cloud_test_env else "")
        add("cloud", "Cloud TOTVS", state, False, value, detected.cloud_source or "")
    add("process", "Processo realizado", "answered" if answers.process.strip() else "missing", True,
        answers.process.strip())
    ev_value = ", ".join(KINDS[k].counted(evidence[k]) for k in EVIDENCE_KINDS if evidence[k])
    add("evidence", "Evidências (prints, vídeo, RMError, logs)",
        "detected" if evidence.total else "missing", False, ev_value)
    add("expected", "Comportamento esperado", "answered" if answers.expected.strip() else "missing", True,
        answers.expected.strip())
    add("particularities", "Particularidades do cenário",
        "answered" if answers.particularities.strip() else "not_applicable", False,
        answers.particularities.strip())
    since_value = answers.since or ""
    if answers.since_after_update and (answers.version_before or answers.version_after):
        since_value += f" (após atualização {answers.version_before or '?'} → {answers.version_after or '?'})"
    add("since", "Desde quando", "answered" if answers.since else "missing", False, since_value.strip())
    add("users", "Usuários afetados", "answered" if answers.users_affected in USERS_LABELS else "missing", True,
        USERS_LABELS.get(answers.users_affected, ""))
    col = " / ".join(x for x in (answers.coligada, answers.filial) if x)
    add("coligada", "Coligada/Filial", "answered" if col else "missing", False, col)
    return Completeness(items)
