"""Configuration evidence: the RM ``.config`` files, ``Alias.dat``, ``appsettings*.json`` and a local
Config Global file of each installation — always redacted (SPEC §4.3)."""

from __future__ import annotations

import os
from pathlib import Path

from collector.core.kinds import KINDS, Kind
from collector.core.plan import ArcNames, CollectContext, Plan, PlannedItem, arc_join, installation_labels
from collector.core.probe import Probe
from collector.probes import fileio, rm_config
from collector.probes.smallfile import MAX_CONFIG_BYTES, FileProblem


def _is_config(name: str) -> bool:
    lowered = name.lower()
    return (lowered.endswith(".config") or lowered == "alias.dat"
            or (lowered.startswith("appsettings") and lowered.endswith(".json")))


def _config_global_path(root: Path) -> Path | None:
    for name in os.listdir(root) if root.is_dir() else []:
        if not name.lower().endswith(".config"):
            continue
        try:
            settings = rm_config.read_app_settings(root / name)
        except FileProblem:
            continue
        address = rm_config.get_setting(settings, "CONFIGGLOBALADDRESS")
        if address and "://" not in address:
            path = Path(address)
            return path if path.is_absolute() else root / path
    return None


def plan_config(ctx: CollectContext) -> Plan:
    plan = Plan()
    names = ArcNames()
    roots = ctx.installation_roots()
    for root_str, label in zip(roots, installation_labels(roots), strict=True):
        root = Path(root_str)
        candidates: list[tuple[Path, str]] = []
        for folder, prefix in ((root, ""), (root / "Bin", "Bin")):
            try:
                entries = fileio.list_dir(folder)
            except OSError:
                continue
            for entry in sorted(entries, key=lambda e: e.name.lower()):
                if entry.is_file and _is_config(entry.name):
                    candidates.append((entry.path, arc_join(prefix, entry.name)))
        global_path = _config_global_path(root)
        if global_path is not None and all(global_path != c[0] for c in candidates):
            candidates.append((global_path, arc_join("ConfigGlobal", global_path.name)))
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
