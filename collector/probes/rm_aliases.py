"""Where an installation's database aliases come from: ``Alias.dat`` (local, or where ``Aliaspath`` /
``CONFIGPATH`` point — often a UNC share) or the Config Global JSON.

Facts and their public sources (TDN, tdn.totvs.com):

- "Gerenciamento de Alias" (tdn.totvs.com/x/EgcNF): ``Alias.dat`` sits in the RM.Net folder
  (``C:\\CorporeRM\\RM.Net``), edited by ``RM.AliasManager.exe`` or by hand.
- The ``Aliaspath`` key of ``RM.Host.exe.config``, ``RM.Host.Service.exe.config`` and
  ``RM.AliasManager.exe.config`` names the folder holding ``Alias.dat`` when it is not the
  installation's own (a network share is common). This comes from SPEC §3 / issue 14; the TDN search
  available here did not surface a page for it, so a value naming the file itself is accepted too.
- The older global-config model ("Gerenciamento de Config", tdn.totvs.com/x/XgRFCg) keeps its files on a
  share; public tools that edit real installations read its ``CONFIGPATH`` key from ``RM.exe.config``
  and treat ``0`` (or empty) as "not used". The collector looks for ``Alias.dat`` there too.
- "Config Global" (tdn.totvs.com/pages/viewpage.action?pageId=519710228), 12.1.27+: a JSON file on a
  shared folder replaces ``Alias.dat``. ``CONFIGGLOBALADDRESS`` is the file's network path (required),
  ``CONFIGGLOBALAPPKEY`` the name of the ``AppConfig`` group of this application (required),
  ``CONFIGGLOBALDBKEY`` the name of the ``DbConfig`` group of aliases (optional: empty means the
  ``Default`` DbConfig). Groups let different hosts use different aliases and settings, so only the
  named groups apply — never all of them merged. When the address is set, its JSON wins over any
  ``Alias.dat`` left in the folder.
- "Configurando o RM Multi Tenancy (Multi Alias)" (TDN, pageId=287079669): a multi-tenant installation
  uses the global configuration without a ``DefaultDB``; the alias comes from the request's domain
  (``SubDomainMask``). Such an installation is reported as multi-tenant, not as "alias unknown".

The page does not publish a schema for the JSON beyond these names, so groups are looked for by name
(``AppConfig``/``DbConfig`` containers, either objects keyed by group name or lists of objects with a
``Name``/``Key``), and aliases by the ``Alias.dat`` element names (``Alias``, ``DbType``, ``DbServer``...).

Anything outside the installation folder is read through ``fileio.run_bounded`` with its own time
bound (``SHARE_TIMEOUT``), so an offline share costs that one fact — with the reason — never the
installation.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from collector.core.models import AliasInfo, Problem
from collector.probes import fileio, rm_config
from collector.probes.rm_config import ConfigSet
from collector.probes.smallfile import FileProblem, read_bytes
from collector.probes.tracklog_settings import native_path
from collector.redact.encoding import decode

SHARE_TIMEOUT = 5.0
ALIASPATH_CONFIGS = ("rm.host.service.exe.config", "rm.host.exe.config", "rm.aliasmanager.exe.config",
                     "rm.exe.config")
DEFAULT_DB_GROUP = "Default"
_GROUP_NAME_KEYS = ("name", "key", "nome", "chave", "id")


@dataclass
class AliasFacts:
    aliases: list[AliasInfo] = field(default_factory=list)
    default_alias: str | None = None      # DefaultDB of the Config Global AppConfig group
    source: dict[str, Any] | None = None  # inspect's alias_source
    config_global: dict[str, Any] | None = None


def _find_in(folder: Path, name: str) -> Path | None:
    lowered = name.lower()
    with os.scandir(fileio.fs_path(folder)) as entries:
        for entry in entries:
            if entry.name.lower() == lowered and entry.is_file():
                return folder / entry.name
    return None


def _resolve(value: str, base: Path) -> Path:
    target = native_path(value.strip().strip('"'))
    return target if target.is_absolute() else base / target


def _read_alias_dat_at(target: Path) -> tuple[Path, list[AliasInfo]]:
    """``target`` is the folder holding ``Alias.dat`` or the file itself."""
    path = target
    if target.is_dir():
        found = _find_in(target, "Alias.dat")
        if found is None:
            raise FileProblem(f"Alias.dat não encontrado em {target}")
        path = found
    return path, rm_config.read_alias_dat(path)


def _bounded(fn, target: Path, timeout: float):
    """``fn(target)`` with its own time bound; FileProblem for any failure, with the reason."""
    try:
        return fileio.run_bounded(fn, target, timeout=timeout, path=target)
    except fileio.FolderOffline as exc:
        raise FileProblem(f"pasta sem resposta em {timeout:g} s (compartilhamento offline?)") from exc
    except FileProblem:
        raise
    except OSError as exc:
        raise FileProblem(f"não foi possível ler ({exc.strerror or type(exc).__name__})") from exc


def _local_alias_dat(root: Path) -> Path | None:
    for folder in (root, root / "Bin"):
        try:
            found = _find_in(folder, "Alias.dat")
        except OSError:
            continue
        if found is not None:
            return found
    return None


# ------------------------------------------------------------------------------------------------
# Config Global


def _lower(obj: object) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in obj.items()} if isinstance(obj, dict) else {}


def _containers(doc: object, name: str) -> list[object]:
    """Values of every key named ``name`` or ``name + 's'`` (case-insensitive), at any depth."""
    wanted = {name.lower(), name.lower() + "s"}
    return [value for obj in rm_config.json_dicts(doc) for key, value in obj.items() if str(key).lower() in wanted]


def _groups(container: object) -> dict[str, object]:
    """name → body of the groups in one container."""
    groups: dict[str, object] = {}
    if isinstance(container, list):
        for entry in container:
            lowered = _lower(entry)
            name = next((lowered[k] for k in _GROUP_NAME_KEYS if isinstance(lowered.get(k), str)), None)
            if name is not None:
                groups.setdefault(name, entry)
    elif isinstance(container, dict):
        lowered = _lower(container)
        name = next((lowered[k] for k in _GROUP_NAME_KEYS if isinstance(lowered.get(k), str)), None)
        if name is not None and not any(isinstance(v, dict) and _is_alias(v) for v in container.values()):
            groups[name] = container
        else:
            for key, value in container.items():
                if isinstance(value, (dict, list)):
                    groups[str(key)] = value
    return groups


def _pick(groups: dict[str, object], wanted: str) -> tuple[str, object] | None:
    for name, body in groups.items():
        if name.lower() == wanted.lower():
            return name, body
    return None


def _is_alias(obj: dict) -> bool:
    lowered = _lower(obj)
    return ("dbtype" in lowered or "dbserver" in lowered) and isinstance(lowered.get("alias") or lowered.get("name"), str)


def _aliases_in(body: object) -> list[AliasInfo]:
    aliases: list[AliasInfo] = []
    for obj in rm_config.json_dicts(body):
        if not _is_alias(obj):
            continue
        lowered = _lower(obj)
        aliases.append(AliasInfo(
            alias=str(lowered.get("alias") or lowered.get("name")),
            type=rm_config.normalize_db_type(str(lowered.get("dbtype") or ""), str(lowered.get("dbprovider") or "")),
            server=_text(lowered.get("dbserver")), name=_text(lowered.get("dbname")),
            user=_text(lowered.get("username") or lowered.get("user"))))
    return sorted(aliases, key=lambda a: a.alias.lower())


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") and not isinstance(value, (dict, list)) else None


def _setting(body: object, key: str) -> str | None:
    """A setting of an AppConfig group: a key at any depth, or an ``{"key": .., "value": ..}`` pair."""
    wanted = key.lower()
    for obj in rm_config.json_dicts(body):
        lowered = _lower(obj)
        if str(lowered.get("key") or "").lower() == wanted and "value" in lowered:
            return _text(lowered["value"])
        if wanted in lowered and not isinstance(lowered[wanted], (dict, list)):
            return _text(lowered[wanted])
    return None


def parse_config_global(doc: object, app_key: str | None, db_key: str | None) -> dict[str, Any]:
    """What applies to this application in a Config Global document: its AppConfig and DbConfig groups.

    Returns ``aliases``, ``default_alias``, ``app_group``, ``db_group``, ``groups`` (every group name,
    for the report), ``multi_tenant`` and ``problems`` (messages).
    """
    out: dict[str, Any] = {"aliases": [], "default_alias": None, "app_group": None, "db_group": None,
                           "groups": {"AppConfig": [], "DbConfig": []}, "multi_tenant": False, "problems": []}
    app_groups: dict[str, object] = {}
    for container in _containers(doc, "AppConfig"):
        app_groups.update(_groups(container))
    db_groups: dict[str, object] = {}
    for container in _containers(doc, "DbConfig"):
        db_groups.update(_groups(container))
    out["groups"] = {"AppConfig": sorted(app_groups), "DbConfig": sorted(db_groups)}

    app_body: object = None
    if app_groups:
        picked = _pick(app_groups, app_key or "")
        if picked is None:
            out["problems"].append(f"grupo AppConfig \"{app_key or ''}\" (CONFIGGLOBALAPPKEY) não existe no "
                                   f"arquivo; grupos: {', '.join(sorted(app_groups))}")
        else:
            out["app_group"], app_body = picked
    if db_groups:
        wanted = db_key or DEFAULT_DB_GROUP
        picked = _pick(db_groups, wanted)
        if picked is None:
            out["problems"].append(f"grupo DbConfig \"{wanted}\" não existe no arquivo; grupos: "
                                   f"{', '.join(sorted(db_groups))}")
        else:
            out["db_group"], body = picked
            out["aliases"] = _aliases_in(body)
    else:  # no groups at all: a flat file, every alias applies
        out["aliases"] = _aliases_in(doc)
    default = _setting(app_body, "DefaultDB") if app_body is not None else None
    if default is None and not app_groups:
        default = _setting(doc, "DefaultDB")
    out["default_alias"] = default
    mask = _setting(app_body if app_body is not None else doc, "SubDomainMask")
    out["multi_tenant"] = default is None and (mask is not None or len(out["aliases"]) > 1)
    if mask is not None:
        out["subdomain_mask"] = mask
    return out


def _read_config_global(target: Path) -> object:
    return rm_config.read_json(target)


def read_outside(path: Path, timeout: float | None = None) -> bytes:
    """The bytes of a file outside the installation (a share), with its own time bound. FileProblem."""
    return _bounded(read_bytes, path, SHARE_TIMEOUT if timeout is None else timeout)


_SECRET_KEYS = ("password", "senha", "pwd")


def config_global_passwords(data: bytes) -> list[str]:
    """Every password value of a Config Global JSON (in memory only, for the redactor)."""
    try:
        doc = json.loads(decode(data)[0])
    except (ValueError, RecursionError):
        return []
    return [value for obj in rm_config.json_dicts(doc) for key, value in obj.items()
            if isinstance(value, str) and value and any(k in str(key).lower() for k in _SECRET_KEYS)]


def locate(root: Path, configs: ConfigSet, problems: list[Problem], *,
           timeout: float | None = None) -> AliasFacts:
    """The aliases that apply to this installation and where they came from."""
    timeout = SHARE_TIMEOUT if timeout is None else timeout
    facts = AliasFacts()
    leftover = _local_alias_dat(root)

    address = configs.get("CONFIGGLOBALADDRESS")
    if address is not None:
        facts.config_global = _config_global(root, configs, address, leftover, problems, timeout)
        facts.aliases = facts.config_global.pop("_aliases")
        facts.default_alias = facts.config_global.get("default_alias")
        facts.source = {"kind": "config-global", "path": facts.config_global.get("path"),
                        "via": f"CONFIGGLOBALADDRESS ({configs.label(address[0])})",
                        "status": facts.config_global["status"]}
        if facts.config_global.get("reason"):
            facts.source["reason"] = facts.config_global["reason"]
        if leftover is not None:
            facts.source["ignored"] = str(leftover)
        return facts

    for key in ("Aliaspath", "CONFIGPATH"):
        found = configs.get(key, ALIASPATH_CONFIGS) or configs.get(key)
        if found is None or found[1].strip() in ("0", ""):
            continue
        target = _resolve(found[1], root)
        via = f"{key} ({configs.label(found[0])})"
        try:
            path, aliases = _bounded(_read_alias_dat_at, target, timeout)
        except FileProblem as exc:
            problems.append(Problem(str(target), f"Alias.dat indicado por {key}: {exc}"))
            facts.source = {"kind": "alias.dat", "path": str(target), "via": via, "status": "unavailable",
                            "reason": str(exc)}
            if leftover is not None:
                facts.source["ignored"] = str(leftover)
            return facts
        facts.aliases = aliases
        facts.source = {"kind": "alias.dat", "path": str(path), "via": via, "status": "ok"}
        if leftover is not None and leftover != path:
            facts.source["ignored"] = str(leftover)
        return facts

    if leftover is not None:
        facts.source = {"kind": "alias.dat", "path": str(leftover), "via": "pasta da instalação", "status": "ok"}
        try:
            facts.aliases = rm_config.read_alias_dat(leftover)
        except FileProblem as exc:
            problems.append(Problem(str(leftover), str(exc)))
            facts.source.update(status="unreadable", reason=str(exc))
    return facts


def _config_global(root: Path, configs: ConfigSet, address: tuple[Path, str], leftover: Path | None,
                   problems: list[Problem], timeout: float) -> dict[str, Any]:
    app_key = configs.get("CONFIGGLOBALAPPKEY")
    db_key = configs.get("CONFIGGLOBALDBKEY")
    info: dict[str, Any] = {"address": address[1], "app_key": app_key[1] if app_key else None,
                            "db_key": db_key[1] if db_key else None, "path": None, "status": "ok",
                            "_aliases": []}
    if "://" in address[1]:
        info.update(status="unavailable", reason="endereço não é um arquivo (URL): não lido")
        problems.append(Problem(address[1], "Config Global: " + info["reason"]))
        return info
    target = _resolve(address[1], root)
    info["path"] = str(target)
    try:
        doc = _bounded(_read_config_global, target, timeout)
    except FileProblem as exc:
        info.update(status="unavailable", reason=str(exc))
        problems.append(Problem(str(target), f"Config Global: {exc}"))
        return info
    parsed = parse_config_global(doc, info["app_key"], info["db_key"])
    for message in parsed.pop("problems"):
        problems.append(Problem(str(target), f"Config Global: {message}"))
    info["_aliases"] = parsed.pop("aliases")
    info.update(parsed)
    if not info["app_key"]:
        problems.append(Problem(configs.label(address[0]), "Config Global: CONFIGGLOBALAPPKEY vazio "
                                                           "(obrigatório)"))
    return info


def outside_password(inst: dict[str, Any], alias: str) -> str | None:
    """The password of ``alias`` in the alias file inspect found outside the installation (Aliaspath,
    CONFIGPATH or the Config Global group that applies), in memory only; None when unknown."""
    source = inst.get("alias_source") or {}
    if source.get("status") != "ok" or not source.get("path") or source.get("via") == "pasta da instalação":
        return None
    wanted = alias.lower()
    path = Path(source["path"])
    try:
        if source.get("kind") != "config-global":
            passwords = _bounded(rm_config.read_alias_passwords, path, SHARE_TIMEOUT)
            return next((pw for name, pw in passwords.items() if name.lower() == wanted), None)
        data = read_outside(path)
    except FileProblem:
        return None
    try:
        doc = json.loads(decode(data)[0])
    except (ValueError, RecursionError):
        return None
    group = (inst.get("config_global") or {}).get("db_group")
    bodies: list[object] = [doc]
    if group:
        for container in _containers(doc, "DbConfig"):
            picked = _pick(_groups(container), group)
            if picked is not None:
                bodies = [picked[1]]
    for obj in (o for body in bodies for o in rm_config.json_dicts(body)):
        lowered = _lower(obj)
        if _is_alias(obj) and str(lowered.get("alias") or lowered.get("name")).lower() == wanted:
            value = lowered.get("password")
            return value if isinstance(value, str) and value else None
    return None
