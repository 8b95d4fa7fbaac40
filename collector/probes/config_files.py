"""Configuration evidence: the RM ``.config`` files, ``Alias.dat``, ``appsettings*.json`` of each
installation, the ``Alias.dat`` or Config Global file that inspect found elsewhere (``alias_source``,
e.g. on a share, only when it answered), and the portals' and rm-update's ``appsettings*.json`` and
``web.config`` — always redacted (SPEC §4.3)."""

from __future__ import annotations

from pathlib import Path

from collector.core.kinds import KINDS, Kind
from collector.core.plan import ArcNames, CollectContext, Plan, PlannedItem, arc_join, installation_labels
from collector.core.probe import Probe
from collector.probes import fileio
from collector.probes.smallfile import MAX_CONFIG_BYTES


def _is_config(name: str) -> bool:
    lowered = name.lower()
    return (lowered.endswith(".config") or lowered == "alias.dat"
            or (lowered.startswith("appsettings") and lowered.endswith(".json")))


def _outside_sources(inst: dict) -> list[tuple[Path, str]]:
    """The alias file inspect read outside the installation folder (Aliaspath, CONFIGPATH, Config
    Global), when it answered."""
    source = inst.get("alias_source") or {}
    if source.get("status") != "ok" or not source.get("path"):
        return []
    path = Path(source["path"])
    folder = "ConfigGlobal" if source.get("kind") == "config-global" else "Aliaspath"
    return [(path, arc_join(folder, path.name))]


def _part_sources(inst: dict) -> list[tuple[Path, str]]:
    """``appsettings*.json`` / ``web.config`` in the portals' Bin folders (and one level up) and in
    rm-update's folder."""
    out: list[tuple[Path, str]] = []
    for part in inst.get("parts") or []:
        root = Path(str(part.get("root") or ""))
        folders = [root] + [Path(b) for b in part.get("bins") or []] + [Path(b).parent for b in part.get("bins") or []]
        for folder in dict.fromkeys(folders):
            for path in _configs_in(folder):
                rel = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
                out.append((path, arc_join("portais", root.name, str(rel))))
    return out


def _configs_in(folder: Path) -> list[Path]:
    """The configuration files directly in ``folder`` (none when it cannot be listed)."""
    try:
        entries = fileio.list_dir(folder)
    except OSError:
        return []
    return [e.path for e in sorted(entries, key=lambda e: e.name.lower()) if e.is_file and _is_config(e.name)]


def plan_config(ctx: CollectContext) -> Plan:
    plan = Plan()
    names = ArcNames()
    roots = ctx.installation_roots()
    by_root = {str(i.get("root")): i for i in ctx.installations if i.get("root")}
    for root_str, label in zip(roots, installation_labels(roots), strict=True):
        root = Path(root_str)
        inst = by_root.get(root_str, {})
        candidates: list[tuple[Path, str]] = []
        for folder, prefix in ((root, ""), (root / "Bin", "Bin")):
            candidates += [(path, arc_join(prefix, path.name)) for path in _configs_in(folder)]
        for path, rel in _outside_sources(inst) + _part_sources(inst):
            if all(path != c[0] for c in candidates):
                candidates.append((path, rel))
        for source, rel in candidates:
            item = PlannedItem(kind=Kind.CONFIG, source=source,
                               arcname=names.claim(arc_join(KINDS[Kind.CONFIG].folder, label, rel)))
            try:
                st = fileio.stat_file(source)
                item.size, item.mtime = st.st_size, st.st_mtime
                if st.st_size > MAX_CONFIG_BYTES:
                    item.skipped, item.status = "arquivo de configuração grande demais", "too_large"
            except OSError as exc:
                item.status, item.skipped = fileio.classify_error(exc)
            plan.add(item)
    return plan


class ConfigProbe(Probe):
    name = "config"
    kind = Kind.CONFIG
    description = "Arquivos de configuração do RM (.config, Alias.dat, appsettings*.json), mascarados"
    timeout = 20.0

    def applies(self, ctx: CollectContext) -> str | None:
        if not ctx.wants(self.kind):
            return "não solicitado"
        if not ctx.installation_roots():
            return "nenhuma instalação do RM encontrada"
        return None

    def run(self, ctx: CollectContext) -> Plan:
        return plan_config(ctx)
