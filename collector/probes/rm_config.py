"""RM configuration files: .NET ``appSettings``, ``Alias.dat`` and Config Global JSON (SPEC §3).

Every file is hostile input: parsed with defusedxml (entity bombs and external entities refused),
decoded from UTF-8/BOM/UTF-16/cp1252, size-capped. Passwords are never part of what these functions
return, except ``read_alias_passwords``, whose result must stay in memory (database probe, redaction).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
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


def as_bool(value: str | None) -> bool | None:
    """``true``/``false`` flags as .NET writes them (also 1/0, sim/não); anything else is None."""
    if value is None:
        return None
    lowered = value.strip().lower()
    if lowered in ("true", "1", "sim", "yes"):
        return True
    if lowered in ("false", "0", "não", "nao", "no"):
        return False
    return None


@dataclass
class ConfigSet:
    """The ``appSettings`` of an installation's .config files, in reading order."""

    root: Path
    files: list[tuple[Path, dict[str, str]]] = field(default_factory=list)

    def get(self, key: str, names: tuple[str, ...] | None = None) -> tuple[Path, str] | None:
        """The first non-empty value of ``key`` (case-insensitive), optionally only from the files
        named in ``names`` (lower case), in that order."""
        files = self.files
        if names is not None:
            order = {n: i for i, n in enumerate(names)}
            files = sorted((f for f in self.files if f[0].name.lower() in order),
                           key=lambda f: order[f[0].name.lower()])
        for path, settings in files:
            value = get_setting(settings, key)
            if value is not None and value.strip():
                return path, value.strip()
        return None

    def label(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def has(self, name: str) -> bool:
        return any(p.name.lower() == name for p, _ in self.files)


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


def json_dicts(doc: object) -> Iterator[dict]:
    """Every object of a JSON document at any depth, in document order (the document first)."""
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(reversed([v for v in item.values() if isinstance(v, (dict, list))]))
        elif isinstance(item, list):
            stack.extend(reversed([v for v in item if isinstance(v, (dict, list))]))


def read_json(path: Path) -> object:
    try:
        return json.loads(read_text(path))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise FileProblem(f"JSON malformado ({exc})") from exc
