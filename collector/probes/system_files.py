"""System evidence (SPEC §4.3 ``system/``): inspect.json, the current session's processes, and on
Windows the installed software and the Application event log of the window.

Generated files are written to the collection's scratch folder (``ctx.options["scratch_dir"]``) and
planned from there like any other file, so they pass through the same redaction.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from collector.core.kinds import KINDS, Kind
from collector.core.plan import CollectContext, Plan, PlannedItem, arc_join
from collector.core.probe import Probe, ProbeSkipped


def _scratch(ctx: CollectContext) -> Path:
    folder = ctx.options.get("scratch_dir")
    if not folder:
        raise ProbeSkipped("sem pasta temporária para gerar os arquivos")
    path = Path(folder) / "system"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _planned(path: Path) -> PlannedItem:
    """A file written in the scratch folder, planned under ``system/`` with its own name."""
    return PlannedItem(kind=Kind.SYSTEM, source=path, arcname=arc_join(KINDS[Kind.SYSTEM].folder, path.name),
                       size=path.stat().st_size,
                       mtime=path.stat().st_mtime, encoding="utf-8")


def session_processes() -> list[dict[str, Any]]:
    """Processes of the current user's session only (other users' never enter a bundle)."""
    import psutil

    from collector.probes.rm_install import SessionFilter

    session = SessionFilter()
    rows = []
    for proc in psutil.process_iter(["pid", "name", "create_time", "memory_info", "num_threads"]):
        if not session(proc.info["pid"], proc):
            continue
        mem = proc.info.get("memory_info")
        created = proc.info.get("create_time")
        rows.append({
            "pid": proc.info["pid"], "name": proc.info.get("name") or "?",
            "rss_mb": round(mem.rss / 2**20, 1) if mem else None,
            "threads": proc.info.get("num_threads"),
            "started_at": datetime.fromtimestamp(created).astimezone().isoformat(timespec="seconds")
            if created else None,
        })
    return sorted(rows, key=lambda r: (r["name"].lower(), r["pid"]))


def processes_text(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'PID':>7}  {'MEM (MB)':>9}  {'THREADS':>7}  {'INÍCIO':<25}  NOME"]
    for r in rows:
        lines.append(f"{r['pid']:>7}  {r['rss_mb'] if r['rss_mb'] is not None else '?':>9}  "
                     f"{r['threads'] if r['threads'] is not None else '?':>7}  {r['started_at'] or '?':<25}  "
                     f"{r['name']}")
    return "\n".join(lines) + "\n"


class SystemProbe(Probe):
    name = "system"
    kind = Kind.SYSTEM
    description = "inspect.json e os processos da sessão do usuário"
    timeout = 20.0

    def applies(self, ctx: CollectContext) -> str | None:
        return None if ctx.wants(self.kind) else "não solicitado"

    def run(self, ctx: CollectContext) -> Plan:
        folder = _scratch(ctx)
        plan = Plan()
        doc = ctx.options.get("inspect_doc")
        if doc is not None:
            path = folder / "inspect.json"
            path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
            plan.add(_planned(path))
        path = folder / "processes.txt"
        path.write_text(processes_text(session_processes()), encoding="utf-8")
        plan.add(_planned(path))
        return plan


def installed_software() -> list[dict[str, str]]:  # pragma: no cover - Windows only


    if sys.platform != "win32":  # Windows only (mypy then checks the rest for Windows alone)


        raise NotImplementedError
    import winreg

    keys = [(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall"),
            (winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall"),
            (winreg.HKEY_CURRENT_USER, r"SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall")]
    found: dict[tuple[str, str], dict[str, str]] = {}
    for hive, path in keys:
        try:
            key = winreg.OpenKey(hive, path)
        except OSError:
            continue
        with key:
            for i in range(winreg.QueryInfoKey(key)[0]):
                try:
                    with winreg.OpenKey(key, winreg.EnumKey(key, i)) as sub:
                        name = str(winreg.QueryValueEx(sub, "DisplayName")[0])
                        try:
                            version = str(winreg.QueryValueEx(sub, "DisplayVersion")[0])
                        except OSError:
                            version = ""
                except OSError:
                    continue
                found[(name, version)] = {"name": name, "version": version}
    return sorted(found.values(), key=lambda r: r["name"].lower())


class InstalledSoftwareProbe(Probe):
    name = "installed-software"
    kind = Kind.SYSTEM
    description = "Programas instalados (Windows)"
    timeout = 20.0

    def applies(self, ctx: CollectContext) -> str | None:
        if not ctx.wants(self.kind):
            return "não solicitado"
        return None if sys.platform == "win32" else "só existe no Windows"

    def run(self, ctx: CollectContext) -> Plan:  # pragma: no cover - Windows only
        path = _scratch(ctx) / "installed-software.txt"
        rows = installed_software()
        path.write_text("".join(f"{r['name']}\t{r['version']}\n" for r in rows), encoding="utf-8")
        plan = Plan()
        plan.add(_planned(path))
        return plan


class EventLogProbe(Probe):
    """Application event log of the window, via ``wevtutil`` (no extra dependency), reduced to this
    session's RM entries (``collector.probes.eventlog``). Isolated: the event log service can hang,
    and the runner must be able to kill it."""

    name = "event-log"
    kind = Kind.SYSTEM
    description = "Log de eventos Application do Windows (processos RM desta sessão) na janela de tempo"
    timeout = 60.0
    isolated = True

    def applies(self, ctx: CollectContext) -> str | None:
        if not ctx.wants(self.kind):
            return "não solicitado"
        return None if sys.platform == "win32" else "só existe no Windows"

    def run(self, ctx: CollectContext) -> Plan:
        from collector.core import winsession
        from collector.probes import eventlog

        out = subprocess.run(eventlog.command(ctx.window.start, ctx.window.end),
                             capture_output=True, timeout=self.timeout - 5,
                             creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        codepage = winsession.console_codepage()
        if out.returncode != 0:
            message = eventlog.decode_output(out.stderr or b"", codepage).strip()
            raise RuntimeError(message.splitlines()[0] if message else f"wevtutil saiu com {out.returncode}")
        text, _kept, _dropped = eventlog.export_text(
            eventlog.parse_events(eventlog.decode_output(out.stdout or b"", codepage)), event_owner())
        path = _scratch(ctx) / "eventlog-application.txt"
        path.write_text(text, encoding="utf-8")
        plan = Plan()
        plan.add(_planned(path))
        return plan


def event_owner():
    """This session as the event-log filter sees it (see ``eventlog.Owner``)."""
    from collector.core import winsession
    from collector.probes import eventlog
    from collector.probes.rm_install import RM_PROCESS_NAMES

    session = winsession.current_session_id()
    listed = winsession.all_processes() or {}
    rm_pids = {pid for pid, (sid, name) in listed.items()
               if sid == session and name.lower().removesuffix(".exe") in RM_PROCESS_NAMES}
    others = {pid for pid, (sid, _name) in listed.items() if sid != session}
    return eventlog.Owner(rm_pids=rm_pids, other_session_pids=others, user_sid=winsession.current_user_sid(),
                          shared=winsession.is_remote_session() or session is None)
