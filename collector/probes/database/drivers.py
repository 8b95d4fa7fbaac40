"""Which ODBC driver talks to SQL Server here: the best one installed.

Preference: Microsoft ODBC Driver N (newest first) → SQL Server Native Client 11/10 → FreeTDS →
the old ``SQL Server`` driver that ships with Windows (TLS 1.0 era, no read-only intent). Off Windows,
FreeTDS may be installed without being registered in odbcinst.ini: then its library is used by path
(``DRIVER={/usr/lib/x86_64-linux-gnu/odbc/libtdsodbc.so}``), which unixODBC accepts.
"""

from __future__ import annotations

import glob
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from collector.probes.database.errors import DbError

Family = Literal["msodbc", "snac", "freetds", "legacy"]

_MS_RE = re.compile(r"^ODBC Driver (\d+(?:\.\d+)?) for SQL Server$", re.I)
_SNAC = {"sql server native client 11.0": 11.0, "sql server native client 10.0": 10.0,
         "sql native client": 9.0}
_FREETDS_NAMES = {"freetds", "tds", "freetds odbc"}

#: where distributions put libtdsodbc.so (Debian/Ubuntu multiarch, Fedora/RHEL, Alpine, Homebrew)
FREETDS_LIBRARY_GLOBS = (
    "/usr/lib/*/odbc/libtdsodbc.so",
    "/usr/lib/odbc/libtdsodbc.so",
    "/usr/lib64/libtdsodbc.so*",
    "/usr/lib/libtdsodbc.so*",
    "/usr/local/lib/libtdsodbc.so",
    "/opt/homebrew/lib/libtdsodbc.so",
)


@dataclass(frozen=True)
class OdbcDriver:
    name: str                      # as registered, or the library path
    family: Family
    version: float | None = None
    path: str | None = None        # set when used by library path (not registered)

    @property
    def keyword(self) -> str:
        """The DRIVER value: ``{ODBC Driver 18 for SQL Server}`` or ``{/path/libtdsodbc.so}``."""
        return "{" + (self.path or self.name).replace("}", "}}") + "}"

    @property
    def supports_read_only_intent(self) -> bool:
        if self.family == "msodbc":
            return True
        if self.family == "snac":
            return (self.version or 0) >= 11
        return self.family == "freetds"  # FreeTDS ≥ 1.0 sets the login's read-only intent bit


def _rank(driver: OdbcDriver) -> tuple[int, float]:
    order = {"msodbc": 0, "snac": 1, "freetds": 2, "legacy": 3}
    return order[driver.family], -(driver.version or 0)


def classify(name: str) -> OdbcDriver | None:
    """A registered driver name → OdbcDriver when it reaches SQL Server, else None."""
    clean = name.strip()
    match = _MS_RE.match(clean)
    if match:
        return OdbcDriver(clean, "msodbc", float(match.group(1)))
    lowered = clean.lower()
    if lowered in _SNAC:
        return OdbcDriver(clean, "snac", _SNAC[lowered])
    if lowered in _FREETDS_NAMES:
        return OdbcDriver(clean, "freetds")
    if lowered == "sql server":
        return OdbcDriver(clean, "legacy")
    return None


def freetds_library() -> str | None:
    for pattern in FREETDS_LIBRARY_GLOBS:
        found = sorted(glob.glob(pattern))
        if found:
            return found[0]
    return None


def choose_driver(installed: Iterable[str], *, freetds_path: str | None = None) -> OdbcDriver | None:
    """The best SQL Server driver among ``installed`` names (``pyodbc.drivers()``); else FreeTDS by
    library path when given; else None."""
    candidates = [d for d in (classify(n) for n in installed) if d is not None]
    if candidates:
        return min(candidates, key=_rank)
    if freetds_path:
        return OdbcDriver("FreeTDS", "freetds", path=freetds_path)
    return None


def install_hint(platform: str | None = None) -> str:
    """What to install when no driver is found, in Portuguese."""
    platform = platform or sys.platform
    if platform == "win32":
        return "instale o \"Microsoft ODBC Driver 18 for SQL Server\" (download gratuito da Microsoft)"
    if platform == "darwin":
        return "instale o msodbcsql18 da Microsoft ou o FreeTDS (brew install freetds)"
    return ("instale o msodbcsql18 da Microsoft ou o FreeTDS (Debian/Ubuntu: apt install tdsodbc; "
            "Fedora/RHEL: dnf install freetds)")


def find_driver() -> OdbcDriver:
    """The driver to use on this machine. Raises DbError(kind="driver_missing") with the hint."""
    try:
        import pyodbc
    except ImportError as exc:  # pyodbc needs the ODBC driver manager (libodbc) at import time
        hint = ("o gerenciador ODBC não está instalado (Debian/Ubuntu: apt install unixodbc)"
                if sys.platform != "win32" else "o módulo pyodbc não pôde ser carregado")
        raise DbError("driver_missing", f"sem acesso ODBC ao SQL Server: {hint}") from exc
    driver = choose_driver(pyodbc.drivers(),
                           freetds_path=freetds_library() if sys.platform != "win32" else None)
    if driver is None:
        raise DbError("driver_missing", f"nenhum driver ODBC para SQL Server instalado: {install_hint()}")
    return driver
