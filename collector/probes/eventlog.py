"""The Application event log of the time window, reduced to this session's RM entries (SPEC §4.3).

On a Terminal Server the Application log holds the errors of every user; a bundle must carry only ours.
The export therefore:

1. asks ``wevtutil qe Application /q:<XPath> /f:xml /uni:true`` for the window's critical/error/warning
   entries (``/f:xml``: one ``<Event>`` element per entry; ``/uni:true``: the output in Unicode, i.e.
   UTF-16LE, instead of the console code page, which on a pt-BR system is cp850 and cannot carry every
   name). The decoder still accepts every form wevtutil really writes (BOM or not, UTF-16 or the OEM /
   console code page, e.g. from an older wevtutil ignoring ``/uni``).
   https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/wevtutil
   https://learn.microsoft.com/en-us/windows/win32/api/consoleapi2/nf-consoleapi2-getconsoleoutputcp
2. keeps an entry only when it belongs to an RM process of this session: its process id (the
   ``Execution/@ProcessID`` of the writer, or the ``ProcessId`` the ``Application Error`` event records
   for the faulting program) is an RM process of this session; or it names an RM executable (source
   "RM…", ``.NET Runtime`` "Application: RM.exe", ``Application Error``/``Application Hang`` with
   AppName RM.exe) and is attributable to us: its ``Security/@UserID`` is our SID, or, without a SID,
   the machine is not a shared (remote) session and the pid is not a live process of another session.
   https://learn.microsoft.com/en-us/windows/win32/wes/eventschema-systempropertiestype-complextype
   https://learn.microsoft.com/en-us/windows/win32/wes/eventschema-eventdatatype-complextype
3. writes the kept entries as plain UTF-8 text in the scratch folder, planned like any other file, so
   the redaction engine treats it like every file of the bundle.
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from collector.probes.rm_install import RM_PROCESS_NAMES

NS = "{http://schemas.microsoft.com/win/2004/08/events/event}"
LEVELS = {1: "Crítico", 2: "Erro", 3: "Aviso", 4: "Informação"}
RM_EXECUTABLES = frozenset(f"{name}.exe" for name in RM_PROCESS_NAMES)
#: sources whose entries describe another program (the faulting one), named in the event data
_CRASH_SOURCES = frozenset({"application error", "application hang", ".net runtime",
                            "windows error reporting"})
_DEFAULT_OEM = 850   # pt-BR console code page
_EXE_RE = re.compile(r"([A-Za-z0-9_.\-]+\.exe)\b", re.IGNORECASE)


def query(start: datetime, end: datetime) -> str:
    """XPath for Application-log entries of the window (critical, error, warning)."""
    fmt = "%Y-%m-%dT%H:%M:%S.000Z"
    s, e = start.astimezone(UTC).strftime(fmt), end.astimezone(UTC).strftime(fmt)
    return (f"*[System[(Level=1 or Level=2 or Level=3) and "
            f"TimeCreated[@SystemTime>='{s}' and @SystemTime<='{e}']]]")


def command(start: datetime, end: datetime, count: int = 5000) -> list[str]:
    return ["wevtutil", "qe", "Application", f"/q:{query(start, end)}", "/f:xml", "/uni:true",
            f"/c:{count}", "/rd:true"]


def decode_output(raw: bytes, codepage: int | None = None) -> str:
    """wevtutil's stdout/stderr as text, whatever it wrote: UTF-16 (``/uni:true``, with or without BOM),
    UTF-8, or the console/OEM code page ``codepage`` (cp850 when unknown)."""
    if raw.startswith(codecs.BOM_UTF16_LE):
        return raw[2:].decode("utf-16-le", "replace")
    if raw.startswith(codecs.BOM_UTF16_BE):
        return raw[2:].decode("utf-16-be", "replace")
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", "replace")
    head = raw[:400]
    if len(head) >= 2:
        odd_nuls = head[1::2].count(0)
        even_nuls = head[0::2].count(0)
        if odd_nuls > len(head) // 4 and even_nuls < odd_nuls // 4:
            return raw.decode("utf-16-le", "replace")
        if even_nuls > len(head) // 4 and odd_nuls < even_nuls // 4:
            return raw.decode("utf-16-be", "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode(f"cp{codepage or _DEFAULT_OEM}", "replace")
    except LookupError:
        return raw.decode(f"cp{_DEFAULT_OEM}", "replace")


@dataclass
class Event:
    provider: str
    event_id: str
    level: int
    time: str
    pid: int | None
    user_sid: str | None
    data: list[tuple[str, str]] = field(default_factory=list)

    def faulting_pid(self) -> int | None:
        """The process the entry is about, as Application Error records it (named or 9th value)."""
        named = dict((k.lower(), v) for k, v in self.data if k)
        value = named.get("processid")
        if value is None and self.provider.lower() == "application error" and len(self.data) > 8:
            value = self.data[8][1]
        return _int(value)

    def pids(self) -> set[int]:
        return {p for p in (self.pid, self.faulting_pid()) if p}

    def named_executables(self) -> set[str]:
        names: set[str] = set()
        for key, value in self.data:
            if key.lower() in {"appname", ""} or self.provider.lower() in _CRASH_SOURCES:
                names.update(m.group(1).lower() for m in _EXE_RE.finditer(value))
                stripped = value.strip().lower()
                if stripped in RM_EXECUTABLES:
                    names.add(stripped)
        return names

    def names_rm(self) -> bool:
        provider = self.provider.lower()
        if provider == "rm" or provider.startswith(("rm.", "rm ", "totvs")):
            return True
        return bool(self.named_executables() & RM_EXECUTABLES)

    def text(self) -> str:
        level = LEVELS.get(self.level, str(self.level))
        lines = [f"{self.time}  {level}  {self.provider}  evento {self.event_id}"
                 + (f"  pid {self.pid}" if self.pid else "")]
        for key, value in self.data:
            value = value.strip()
            if value:
                lines.append(f"    {key + ': ' if key else ''}{value}")
        return "\n".join(lines)


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    try:
        return int(value, 16) if value.lower().startswith("0x") else int(value)
    except ValueError:
        return None


def parse_events(text: str) -> list[Event]:
    """The ``<Event>`` elements of wevtutil's ``/f:xml`` output (a sequence without a root element)."""
    text = text.lstrip("\ufeff").strip()
    text = re.sub(r"<\?xml[^>]*\?>", "", text)
    if not text:
        return []
    root = ET.fromstring(f"<Events>{text}</Events>")
    events = []
    for node in root.iter(f"{NS}Event"):
        system = node.find(f"{NS}System")
        if system is None:
            continue
        provider = system.find(f"{NS}Provider")
        execution = system.find(f"{NS}Execution")
        security = system.find(f"{NS}Security")
        created = system.find(f"{NS}TimeCreated")
        data: list[tuple[str, str]] = []
        for holder in (node.find(f"{NS}EventData"), node.find(f"{NS}UserData")):
            if holder is None:
                continue
            for item in holder.iter():
                if item is holder or len(item):
                    continue
                key = item.get("Name") or ("" if item.tag == f"{NS}Data" else item.tag.replace(NS, ""))
                data.append((key, item.text or ""))
        events.append(Event(
            provider=(provider.get("Name") or provider.get("EventSourceName") or "") if provider is not None else "",
            event_id=(system.findtext(f"{NS}EventID") or "").strip(),
            level=_int(system.findtext(f"{NS}Level")) or 0,
            time=(created.get("SystemTime") or "") if created is not None else "",
            pid=_int(execution.get("ProcessID")) if execution is not None else None,
            user_sid=(security.get("UserID") or None) if security is not None else None,
            data=data))
    return events


@dataclass
class Owner:
    """Who "we" are when filtering: the RM processes of this session, every live process's session,
    our SID, and whether the machine is shared (a remote session)."""

    rm_pids: set[int]
    other_session_pids: set[int] = field(default_factory=set)
    user_sid: str | None = None
    shared: bool = True


def belongs(event: Event, owner: Owner) -> bool:
    pids = event.pids()
    if pids & owner.rm_pids:
        return True
    if not event.names_rm():
        return False
    if pids & owner.other_session_pids:
        return False
    if event.user_sid:
        return owner.user_sid is not None and event.user_sid.upper() == owner.user_sid.upper()
    return not owner.shared


def export_text(events: Iterable[Event], owner: Owner) -> tuple[str, int, int]:
    """(text, kept, left out) for the kept entries."""
    kept, dropped = [], 0
    for event in events:
        if belongs(event, owner):
            kept.append(event)
        else:
            dropped += 1
    header = (f"# Log de eventos Application: {len(kept)} entradas de processos RM desta sessão; "
              f"{dropped} entradas de outros programas ou usuários omitidas.\n")
    return header + "".join(f"\n{e.text()}\n" for e in kept), len(kept), dropped
