"""RM configuration files: .NET ``appSettings``, ``Alias.dat`` and Config Global JSON (SPEC §3).

Every file is hostile input: parsed with defusedxml (entity bombs and external entities refused),
decoded from UTF-8/BOM/UTF-16/cp1252, size-capped. Passwords are never part of what these functions
return, except ``read_alias_passwords``, whose result must stay in memory (database probe, redaction).
"""

from __future__ import annotations

import json
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from collector.core.models import AliasInfo, DbType
from collector.probes.smallfile import FileProblem, read_text

ALIAS_NS = "http://tempuri.org/RMSAliasData.xsd"


def _parse_xml(path: Path):
    text = read_text(path)
    # ElementTree refuses a str that declares an encoding; the text is already decoded
    if text.startswith("\ufeff"):
        text = text[1:]
    if text.lstrip().startswith("<?xml"):
        end = text.find("?>")
        if end != -1:
            text = text[end + 2:]
    try:
        return SafeET.fromstring(text, forbid_dtd=False)
    except DefusedXmlException as exc:
        raise FileProblem(f"XML recusado por segurança ({type(exc).__name__})") from exc
    except SafeET.ParseError as exc:
        raise FileProblem(f"XML malformado ou truncado ({exc})") from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_app_settings(path: Path) -> dict[str, str]:
    """``<appSettings><add key=".." value=".."/>`` of a .NET config file. Raises FileProblem."""
    root = _parse_xml(path)
    settings: dict[str, str] = {}
    for section in root.iter():
        if _local(section.tag) != "appSettings":
            continue
        for add in section:
            if _local(add.tag) == "add" and add.get("key") is not None:
                settings[add.get("key", "")] = add.get("value", "")
    return settings


def get_setting(settings: dict[str, str], key: str) -> str | None:
    """Case-insensitive lookup (RM's keys vary in case between versions)."""
    lowered = key.lower()
    for k, v in settings.items():
        if k.lower() == lowered:
            return v
    return None


def normalize_db_type(raw: str | None, provider: str | None = None) -> DbType:
    text = f"{raw or ''} {provider or ''}".lower()
    if "oracle" in text:
        return "oracle"
    if "sql" in text:  # SqlServer, SQLServer, System.Data.SqlClient
        return "sqlserver"
    return "unknown"


def _children_text(element) -> dict[str, str]:
    return {_local(child.tag).lower(): (child.text or "").strip() for child in element}


def _alias_elements(root):
    return [el for el in root.iter() if _local(el.tag) == "DbConfig"]


def read_alias_dat(path: Path) -> list[AliasInfo]:
    """Every alias of ``Alias.dat`` (type, server, name, user) — never the password."""
    root = _parse_xml(path)
    if _local(root.tag) != "RMSAliasData":
        raise FileProblem(f"raiz inesperada <{_local(root.tag)}> (esperado RMSAliasData)")
    aliases = []
    for element in _alias_elements(root):
        fields = _children_text(element)
        name = fields.get("alias")
        if not name:
            continue
        db_type = normalize_db_type(fields.get("dbtype"), fields.get("dbprovider"))
        aliases.append(AliasInfo(
            alias=name,
            type=db_type,
            server=fields.get("dbserver") or None,
            name=fields.get("dbname") or None,
            user=fields.get("username") or None,
        ))
    return aliases


def read_alias_passwords(path: Path) -> dict[str, str]:
    """alias → password, for in-memory use only (database probe, redaction of that literal)."""
    root = _parse_xml(path)
    passwords = {}
    for element in _alias_elements(root):
        fields = _children_text(element)
        if fields.get("alias") and fields.get("password"):
            passwords[fields["alias"]] = fields["password"]
    return passwords


def read_json(path: Path) -> object:
    try:
        return json.loads(read_text(path))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise FileProblem(f"JSON malformado ({exc})") from exc


def _find_key(obj: object, wanted: set[str]) -> dict[str, object]:
    """Case-insensitive search of keys anywhere in a JSON document (first occurrence wins)."""
    found: dict[str, object] = {}
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                k = str(key).lower()
                if k in wanted and k not in found and not isinstance(value, (dict, list)):
                    found[k] = value
                if isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return found


def read_config_global(path: Path) -> tuple[list[AliasInfo], str | None]:
    """Aliases of a Config Global JSON file, and its default alias when it names one.

    The format is not documented in detail; aliases are objects carrying DbType/DbServer/Alias keys
    at any depth, the same names as in Alias.dat.
    """
    doc = read_json(path)
    aliases: list[AliasInfo] = []
    default = None
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            lowered = {str(k).lower(): v for k, v in item.items()}
            if "dbtype" in lowered or "dbserver" in lowered:
                name = lowered.get("alias") or lowered.get("name")
                if isinstance(name, str) and name:
                    db_type = normalize_db_type(str(lowered.get("dbtype") or ""),
                                                str(lowered.get("dbprovider") or ""))
                    aliases.append(AliasInfo(
                        alias=name, type=db_type,
                        server=_str_or_none(lowered.get("dbserver")),
                        name=_str_or_none(lowered.get("dbname")),
                        user=_str_or_none(lowered.get("username") or lowered.get("user")),
                    ))
            if default is None and isinstance(lowered.get("defaultdb"), str):
                default = lowered["defaultdb"] or None
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    aliases.sort(key=lambda a: a.alias.lower())
    return aliases, default


def _str_or_none(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def read_log_paths(path: Path) -> tuple[list[str], bool | None]:
    """Serilog ``MapToFile`` paths of ``appsettings.log.json`` and its ``enable`` flag, if any."""
    doc = read_json(path)
    paths: list[str] = []
    enabled = None
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                k = str(key).lower()
                if k == "path" and isinstance(value, str) and value.strip():
                    paths.append(value.strip())
                elif k == "enable" and isinstance(value, (bool, str)) and enabled is None:
                    enabled = value if isinstance(value, bool) else value.strip().lower() == "true"
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return paths, enabled
