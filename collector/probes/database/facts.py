"""Query rows → the facts an analyst reads (product, version, edition, collation, size, clock...).

Pure functions of the query outcomes: the DB-API fakes replaying recorded rows exercise exactly this.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from collector.probes.database.execute import QueryOutcome, by_name

#: SQL Server major version → marketing year (10.50 is 2008 R2)
SQLSERVER_YEARS = {8: "2000", 9: "2005", 10: "2008", 11: "2012", 12: "2014", 13: "2016", 14: "2017",
                   15: "2019", 16: "2022", 17: "2025"}
_ENGINE_EDITIONS = {5: "Azure SQL Database", 8: "Azure SQL Managed Instance"}


def major_of(version: str | None) -> int | None:
    match = re.match(r"\s*(\d+)\.", version or "")
    return int(match.group(1)) if match else None


def short_version(version: str | None, parts: int = 3) -> str | None:
    if not version:
        return None
    return ".".join(version.split(".")[:parts])


def sqlserver_product(version: str | None, version_text: str | None, engine_edition: int | None) -> str | None:
    if engine_edition in _ENGINE_EDITIONS:
        return _ENGINE_EDITIONS[engine_edition]
    match = re.search(r"Microsoft SQL Server (\d{4}(?: R2)?)", version_text or "")
    if match:
        return f"SQL Server {match.group(1)}"
    major = major_of(version)
    if major is None:
        return None
    if major == 10 and (version or "").startswith("10.5"):
        return "SQL Server 2008 R2"
    year = SQLSERVER_YEARS.get(major)
    return f"SQL Server {year}" if year else f"SQL Server (versão {major})"


def _offset_text(minutes: Any) -> str | None:
    if not isinstance(minutes, int):
        return None
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _clock_offset(server_time: str | None, local_time: str | None) -> float | None:
    """Seconds the server's clock is ahead of this computer's (negative: behind)."""
    if not server_time or not local_time:
        return None
    try:
        server = dt.datetime.fromisoformat(server_time.replace("Z", "+00:00"))
        local = dt.datetime.fromisoformat(local_time)
    except ValueError:
        return None
    if server.tzinfo is None or local.tzinfo is None:
        return None
    return round((server - local).total_seconds(), 1)


def _rm_lists(found: dict[str, QueryOutcome]) -> dict[str, Any]:
    out: dict[str, Any] = {"coligadas": None, "filiais": None}
    col = found.get("coligadas")
    if col is not None and col.ok:
        out["coligadas"] = [{"codcoligada": r.get("codcoligada"), "nome": r.get("nome")}
                            for r in col.records()]
        out["coligadas_truncated"] = col.truncated
    fil = found.get("filiais")
    if fil is not None and fil.ok:
        out["filiais"] = [{"codcoligada": r.get("codcoligada"), "codfilial": r.get("codfilial"),
                           "nome": r.get("nome")} for r in fil.records()]
        out["filiais_truncated"] = fil.truncated
    return out


def sqlserver_facts(outcomes: Sequence[QueryOutcome]) -> dict[str, Any]:
    found = by_name(outcomes)
    server = found["server"].first() if "server" in found else {}
    database = found["database"].first() if "database" in found else {}
    size = found["size"].first() if "size" in found else {}
    clock = found["time"].first() if "time" in found else {}
    zone = found["timezone"].first() if "timezone" in found else {}
    version = server.get("product_version")
    version_text = server.get("version_text")
    facts: dict[str, Any] = {
        "product": sqlserver_product(version, version_text, server.get("engine_edition")),
        "version": version,
        "version_short": short_version(version),
        "product_level": server.get("product_level"),
        "update_level": server.get("product_update_level"),
        "edition": server.get("edition"),
        "engine_edition": server.get("engine_edition"),
        "version_text": " ".join(version_text.split()) if isinstance(version_text, str) else None,
        "server_name": server.get("server_name"),
        "server_collation": server.get("server_collation"),
        "database_name": database.get("name"),
        "collation": database.get("collation_name"),
        "compatibility_level": database.get("compatibility_level"),
        "recovery_model": database.get("recovery_model_desc"),
        "database_state": database.get("state_desc"),
        "read_committed_snapshot": (bool(database["is_read_committed_snapshot_on"])
                                    if database.get("is_read_committed_snapshot_on") is not None else None),
        "snapshot_isolation": database.get("snapshot_isolation_state_desc"),
        "size_mb": size.get("size_mb"),
        "data_mb": size.get("data_mb"),
        "log_mb": size.get("log_mb"),
        "size_scope": "database" if size else None,
        "server_time": clock.get("server_time"),
        "server_utc_offset": _offset_text(clock.get("utc_offset_minutes")),
        "server_timezone": zone.get("timezone_name"),
        "clock_offset_s": _clock_offset(clock.get("server_time"),
                                        found["time"].finished_at if "time" in found else None),
    }
    facts.update(_rm_lists(found))
    return facts


_EDITION_RE = re.compile(r"(Enterprise|Standard|Express|Personal|Free)\s+Edition(?:\s+(?:2|One))?", re.I)
_RELEASE_RE = re.compile(r"Release\s+([\d.]+)")
_VERSION_LINE_RE = re.compile(r"Version\s+([\d.]+)")


def oracle_facts(outcomes: Sequence[QueryOutcome], *, handshake_version: str | None = None) -> dict[str, Any]:
    """``handshake_version`` is what the driver learnt at login (oracledb ``Connection.version``)."""
    found = by_name(outcomes)
    banner = str(found["server"].first().get("banner") or "") if "server" in found else ""
    version_row = found["version"].first() if "version" in found else {}
    nls_rows = found["nls"].records() if "nls" in found else []
    nls = {str(r.get("parameter")): r.get("value") for r in nls_rows}
    compat = found["compatibility"].first() if "compatibility" in found else {}
    size = found["size"].first() if "size" in found else {}
    clock = found["time"].first() if "time" in found else {}
    first_line = banner.splitlines()[0].strip() if banner else ""
    edition_match = _EDITION_RE.search(first_line)
    release_match = _RELEASE_RE.search(first_line)
    line_match = _VERSION_LINE_RE.search(banner)
    version = (version_row.get("version") or (line_match.group(1) if line_match else None)
               or handshake_version or (release_match.group(1) if release_match else None))
    product = None
    if first_line:
        product = re.split(r"\s+Release\s+|\s+-\s+", first_line)[0].strip()
    server_time = clock.get("server_time")
    offset = server_time[-6:] if isinstance(server_time, str) and re.search(r"[+-]\d\d:\d\d$", server_time) else None
    facts: dict[str, Any] = {
        "product": product or ("Oracle Database" if version else None),
        "version": version,
        "version_short": version,
        "release": release_match.group(1) if release_match else None,
        "edition": edition_match.group(0) if edition_match else None,
        "version_text": " ".join(banner.split()) or None,
        "charset": nls.get("NLS_CHARACTERSET"),
        "nchar_charset": nls.get("NLS_NCHAR_CHARACTERSET"),
        "collation": nls.get("NLS_SORT"),
        "nls_comp": nls.get("NLS_COMP"),
        "nls_language": nls.get("NLS_LANGUAGE"),
        "nls_territory": nls.get("NLS_TERRITORY"),
        "nls": nls or None,
        "compatibility_level": compat.get("value"),
        "size_mb": size.get("size_mb"),
        "size_scope": size.get("scope"),
        "server_time": server_time,
        "server_utc_offset": offset,
        "server_timezone": None,  # the OS zone of the server is not visible to a plain user
        "db_timezone": clock.get("db_timezone"),
        "clock_offset_s": _clock_offset(server_time, found["time"].finished_at if "time" in found else None),
    }
    facts.update(_rm_lists(found))
    return facts
