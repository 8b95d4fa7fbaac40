"""Every probe a collection runs, in one list: adding an evidence kind is its probe module, its line here,
and its entry in ``collector.core.kinds``. The probes of ``inspect`` are listed in
``collector.probes.inspect``; :func:`all_probes` gives both (the conformance test checks each one)."""

from __future__ import annotations

from collector.core.probe import Probe
from collector.probes.config_files import ConfigProbe
from collector.probes.database.probe import DatabaseProbe
from collector.probes.inspect import inspect_probes
from collector.probes.logs import LogsProbe, PortalLogsProbe
from collector.probes.rmerror import RmErrorProbe
from collector.probes.system_files import EventLogProbe, InstalledSoftwareProbe, SystemProbe


def evidence_probes() -> list[Probe]:
    """The probes that plan a bundle's files, each declaring its kind."""
    return [RmErrorProbe(), LogsProbe(), PortalLogsProbe(), ConfigProbe(), SystemProbe(), InstalledSoftwareProbe(), EventLogProbe(),
            DatabaseProbe()]


def all_probes() -> list[Probe]:
    return [*inspect_probes(), *evidence_probes()]
